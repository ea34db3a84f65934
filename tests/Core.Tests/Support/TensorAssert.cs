using System.Globalization;

namespace KerasSharp.Tests;

/// <summary>
/// Assertions on tensors that check the shape and dtype as well as the values, and say which element differs.
/// Tolerances are mixed absolute/relative: |expected - actual| &lt;= tol * max(1, |expected|).
/// NaN matches NaN and infinities match infinities of the same sign.
/// </summary>
internal static class TensorAssert
{
    /// <summary>Asserts a float32 tensor of <paramref name="shape"/> close to <paramref name="expected"/>.</summary>
    public static void AreClose(float[] expected, int[] shape, Tensor actual, double tol = 1e-5) =>
        AreClose(Array.ConvertAll(expected, v => (double)v), shape, DType.Float32, actual, tol);

    /// <summary>Asserts a float64 tensor of <paramref name="shape"/> close to <paramref name="expected"/>.</summary>
    public static void AreClose(double[] expected, int[] shape, Tensor actual, double tol = 1e-12) =>
        AreClose(expected, shape, DType.Float64, actual, tol);

    /// <summary>Asserts a tensor of <paramref name="dtype"/> and <paramref name="shape"/> whose values are close to <paramref name="expected"/>.</summary>
    public static void AreClose(double[] expected, int[] shape, DType dtype, Tensor actual, double tol)
    {
        ArgumentNullException.ThrowIfNull(actual);
        HasShapeAndType(actual, shape, dtype);
        Assert.AreEqual(expected.Length, actual.Size, $"The test's expected array has {expected.Length} values for shape [{string.Join(",", shape)}].");
        var got = actual.ToArray<double>();
        for (int i = 0; i < expected.Length; i++)
        {
            double e = expected[i], a = got[i];
            bool ok = double.IsNaN(e) ? double.IsNaN(a)
                : double.IsInfinity(e) ? e == a
                : Math.Abs(e - a) <= tol * Math.Max(1, Math.Abs(e));
            if (!ok)
                Assert.Fail($"Element {i} (of {expected.Length}): expected {Format(e)}, got {Format(a)} (tolerance {tol}).\n" +
                            $"expected: [{string.Join(", ", expected.Select(Format))}]\n" +
                            $"actual:   [{string.Join(", ", got.Select(Format))}]");
        }
    }

    /// <summary>Asserts exact equality of dtype (from <typeparamref name="T"/>), shape and values.</summary>
    public static void AreEqual<T>(T[] expected, int[] shape, Tensor actual) where T : unmanaged, IEquatable<T>
    {
        ArgumentNullException.ThrowIfNull(actual);
        HasShapeAndType(actual, shape, DTypes.Of<T>());
        var got = actual.ToArray<T>();
        Assert.AreEqual(expected.Length, got.Length, "Element count differs.");
        for (int i = 0; i < expected.Length; i++)
            if (!expected[i].Equals(got[i]))
                Assert.Fail($"Element {i} (of {expected.Length}): expected {expected[i]}, got {got[i]}.\n" +
                            $"expected: [{string.Join(", ", expected)}]\n" +
                            $"actual:   [{string.Join(", ", got)}]");
    }

    /// <summary>Asserts the shape only.</summary>
    public static void HasShape(Tensor actual, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(actual);
        Assert.AreEqual("[" + string.Join(",", shape) + "]", actual.Shape.ToString(), "Shape differs.");
    }

    /// <summary>Asserts the shape and dtype.</summary>
    public static void HasShapeAndType(Tensor actual, int[] shape, DType dtype)
    {
        ArgumentNullException.ThrowIfNull(actual);
        Assert.AreEqual("[" + string.Join(",", shape) + "] " + dtype.Name(),
                        actual.Shape.ToString() + " " + actual.DType.Name(), "Shape or dtype differs.");
    }

    /// <summary>Asserts that <paramref name="text"/> contains every one of <paramref name="parts"/>.</summary>
    public static void MessageContains(string text, params string[] parts)
    {
        foreach (var p in parts)
            Assert.IsTrue(text.Contains(p, StringComparison.Ordinal), $"Expected the message to contain \"{p}\"; it was:\n{text}");
    }

    private static string Format(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
