namespace KerasSharp.Tests;

[TestClass]
public sealed class ComparisonTests
{
    [TestMethod]
    public void AllComparisonOpsOnFloats()
    {
        using var a = Tensor.FromArray(new float[] { 1, 2, 3 });
        using var b = Tensor.FromArray(new float[] { 2, 2, 2 });
        TensorAssert.AreEqual(new[] { false, true, false }, [3], Ops.Equal(a, b));
        TensorAssert.AreEqual(new[] { true, false, true }, [3], Ops.NotEqual(a, b));
        TensorAssert.AreEqual(new[] { true, false, false }, [3], Ops.Less(a, b));
        TensorAssert.AreEqual(new[] { true, true, false }, [3], Ops.LessEqual(a, b));
        TensorAssert.AreEqual(new[] { false, false, true }, [3], Ops.Greater(a, b));
        TensorAssert.AreEqual(new[] { false, true, true }, [3], Ops.GreaterEqual(a, b));
    }

    [TestMethod]
    public void NaNComparesUnequalToEverything()
    {
        using var a = Tensor.FromArray(new[] { double.NaN, double.NaN, 1.0 });
        using var b = Tensor.FromArray(new[] { double.NaN, 1.0, double.NaN });
        TensorAssert.AreEqual(new[] { false, false, false }, [3], Ops.Equal(a, b));
        TensorAssert.AreEqual(new[] { true, true, true }, [3], Ops.NotEqual(a, b));
        TensorAssert.AreEqual(new[] { false, false, false }, [3], Ops.Less(a, b));
        TensorAssert.AreEqual(new[] { false, false, false }, [3], Ops.GreaterEqual(a, b));
    }

    [TestMethod]
    public void IntegerAndBoolComparisons()
    {
        using var a = Tensor.FromArray(new long[] { long.MaxValue, -1, 0 });
        using var b = Tensor.FromArray(new long[] { long.MaxValue - 1, -1, 1 });
        TensorAssert.AreEqual(new[] { true, false, false }, [3], Ops.Greater(a, b));
        TensorAssert.AreEqual(new[] { false, true, false }, [3], Ops.Equal(a, b));
        using var u = Tensor.FromArray(new byte[] { 255, 0 });
        using var v = Tensor.FromArray(new byte[] { 1, 1 });
        TensorAssert.AreEqual(new[] { true, false }, [2], Ops.Greater(u, v));
        using var t = Tensor.FromArray(new[] { true, false });
        using var f = Tensor.FromArray(new[] { false, false });
        TensorAssert.AreEqual(new[] { false, true }, [2], Ops.Equal(t, f));
        TensorAssert.AreEqual(new[] { true, false }, [2], Ops.Greater(t, f));
    }

    [TestMethod]
    public void WhereSelectsElementwise()
    {
        using var c = Tensor.FromArray(new[] { true, false, true, false }, 2, 2);
        using var a = Tensor.FromArray(new float[] { 1, 2, 3, 4 }, 2, 2);
        using var b = Tensor.FromArray(new float[] { -1, -2, -3, -4 }, 2, 2);
        TensorAssert.AreClose(new float[] { 1, -2, 3, -4 }, [2, 2], Ops.Where(c, a, b), 0);
    }

    [TestMethod]
    public void WhereTreatsNonZeroConditionsAsTrue()
    {
        using var c = Tensor.FromArray(new[] { 0, 5, -1 });
        using var a = Tensor.FromArray(new[] { 1, 1, 1 });
        using var b = Tensor.FromArray(new[] { 0, 0, 0 });
        TensorAssert.AreEqual(new[] { 0, 1, 1 }, [3], Ops.Where(c, a, b));
        using var cf = Tensor.FromArray(new[] { 0.0f, 0.1f });
        using var x = Tensor.FromArray(new long[] { 7, 7 });
        using var y = Tensor.FromArray(new long[] { 8, 8 });
        TensorAssert.AreEqual(new long[] { 8, 7 }, [2], Ops.Where(cf, x, y));
    }

    [TestMethod]
    public void ComparisonOfNonContiguousInputs()
    {
        using var x = Tensor.FromArray(new float[] { 1, 5, 2, 6, 3, 7 }, 3, 2);
        using var xt = Ops.Transpose(x); // [[1,2,3],[5,6,7]]
        using var t = Tensor.FromArray(new float[] { 2, 6, 2 });
        TensorAssert.AreEqual(new[] { false, false, true, true, true, true }, [2, 3], Ops.GreaterEqual(xt, t));
    }

    [TestMethod]
    public void AnyAndAll()
    {
        using var x = Tensor.FromArray(new float[] { 0, 0, 0, 2, 1, 3 }, 3, 2);
        TensorAssert.AreEqual(new[] { false, true, true }, [3], Ops.Any(x, [1]));
        TensorAssert.AreEqual(new[] { false, false, true }, [3], Ops.All(x, [-1]));
        TensorAssert.AreEqual(new[] { true }, [], Ops.Any(x));
        TensorAssert.AreEqual(new[] { false }, [], Ops.All(x));
        TensorAssert.AreEqual(new[] { false, true }, [1, 2], Ops.All(x[1.., ..], [0], keepDims: true));
    }
}
