namespace KerasSharp.Models.Tests;

/// <summary>Tensor builders and a scalar assertion for the loss and metric tests.</summary>
internal static class TestData
{
    /// <summary>A float32 tensor.</summary>
    public static Tensor F(float[] data, params int[] shape) => Tensor.FromArray(data, shape);

    /// <summary>A float64 tensor.</summary>
    public static Tensor D(double[] data, params int[] shape) => Tensor.FromArray(data, shape);

    /// <summary>An int32 tensor.</summary>
    public static Tensor I(int[] data, params int[] shape) => Tensor.FromArray(data, shape);

    /// <summary>Asserts a one-element tensor's value.</summary>
    public static void AssertScalar(double expected, Tensor actual, double tol = 1e-5)
    {
        Assert.AreEqual(1, actual.Size, $"Expected one value, got shape {actual.Shape}.");
        Assert.AreEqual(expected, actual.Item<double>(), tol);
    }

    /// <summary>Asserts values and shape.</summary>
    public static void AssertValues(double[] expected, int[] shape, Tensor actual, double tol = 1e-5)
    {
        Assert.AreEqual("[" + string.Join(",", shape) + "]", actual.Shape.ToString());
        var got = actual.ToArray<double>();
        for (int i = 0; i < expected.Length; i++) Assert.AreEqual(expected[i], got[i], tol, $"element {i}");
    }

    /// <summary>Asserts an array of doubles.</summary>
    public static void AssertArray(double[] expected, double[] actual, double tol = 1e-5)
    {
        Assert.HasCount(expected.Length, actual);
        for (int i = 0; i < expected.Length; i++) Assert.AreEqual(expected[i], actual[i], tol, $"element {i}");
    }
}
