namespace KerasSharp.Layers.Tests;

/// <summary>Small helpers shared by the layer tests.</summary>
internal static class T
{
    public static Tensor F(float[] data, params int[] shape) => Tensor.FromArray(data, shape);

    public static Tensor D(double[] data, params int[] shape) => Tensor.FromArray(data, shape);

    public static float[] Values(Tensor t) => t.DType == DType.Float32 ? t.ToArray<float>() : Ops.Cast(t, DType.Float32).ToArray<float>();

    public static void Close(float[] expected, Tensor actual, double tol = 1e-5)
    {
        var a = Values(actual);
        Assert.HasCount(expected.Length, a, $"size of {actual.Shape}");
        for (int i = 0; i < a.Length; i++)
            Assert.IsLessThanOrEqualTo(tol * (1 + Math.Abs(expected[i])), Math.Abs(expected[i] - a[i]), $"element {i}: expected {expected[i]}, got {a[i]}");
    }

    public static void Shape(int[] expected, Tensor t) =>
        CollectionAssert.AreEqual(expected, t.Shape.ToArray(), $"shape {t.Shape}");

    public static void Shape(int?[] expected, KerasTensor t) =>
        Assert.AreEqual(ShapeText.Format(expected), ShapeText.Format(t.Shape));

    public static void Contains(string message, params string[] parts)
    {
        foreach (var p in parts) Assert.Contains(p, message);
    }
}
