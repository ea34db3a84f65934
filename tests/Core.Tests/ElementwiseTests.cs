namespace KerasSharp.Tests;

[TestClass]
public sealed class ElementwiseTests
{
    private static Tensor F(params float[] v) => Tensor.FromArray(v);
    private static Tensor D(params double[] v) => Tensor.FromArray(v);
    private static Tensor I(params int[] v) => Tensor.FromArray(v);

    [TestMethod]
    public void ArithmeticOperators()
    {
        using var a = Tensor.FromArray(new float[] { 1, 2, 3, 4 }, 2, 2);
        using var b = Tensor.FromArray(new float[] { 10, 20, 30, 40 }, 2, 2);
        TensorAssert.AreClose(new float[] { 11, 22, 33, 44 }, [2, 2], a + b, 0);
        TensorAssert.AreClose(new float[] { 9, 18, 27, 36 }, [2, 2], b - a, 0);
        TensorAssert.AreClose(new float[] { 10, 40, 90, 160 }, [2, 2], a * b, 0);
        TensorAssert.AreClose(new float[] { 0.1f, 0.1f, 0.1f, 0.1f }, [2, 2], a / b, 1e-7);
        TensorAssert.AreClose(new float[] { -1, -2, -3, -4 }, [2, 2], -a, 0);
        TensorAssert.AreClose(new float[] { 0.5f, 1, 1.5f, 2 }, [2, 2], a / 2.0, 0);
        TensorAssert.AreClose(new float[] { 2, 1, 2f / 3, 0.5f }, [2, 2], 2.0 / a, 1e-7);
        TensorAssert.AreClose(new float[] { 0, -1, -2, -3 }, [2, 2], 1.0 - a, 0);
        TensorAssert.AreClose(new float[] { 3, 4, 5, 6 }, [2, 2], 2.0 + a, 0);
    }

    [TestMethod]
    public void NamedBinaryOps()
    {
        using var a = F(1, -2, 3);
        using var b = F(4, 5, -6);
        TensorAssert.AreClose(new float[] { 5, 3, -3 }, [3], Ops.Add(a, b), 0);
        TensorAssert.AreClose(new float[] { -3, -7, 9 }, [3], Ops.Subtract(a, b), 0);
        TensorAssert.AreClose(new float[] { 4, -10, -18 }, [3], Ops.Multiply(a, b), 0);
        TensorAssert.AreClose(new float[] { 0.25f, -0.4f, -0.5f }, [3], Ops.Divide(a, b), 1e-7);
        TensorAssert.AreClose(new float[] { 4, 5, 3 }, [3], Ops.Maximum(a, b), 0);
        TensorAssert.AreClose(new float[] { 1, -2, -6 }, [3], Ops.Minimum(a, b), 0);
        TensorAssert.AreClose(new float[] { 5, 2, 7 }, [3], Ops.AddScalar(a, 4), 0);
        TensorAssert.AreClose(new float[] { -2.5f, 5, -7.5f }, [3], Ops.MultiplyScalar(a, -2.5), 0);
        TensorAssert.AreClose(new float[] { 9, 12, 7 }, [3], Ops.RSubScalar(10, a), 0);
    }

    [TestMethod]
    public void Power()
    {
        TensorAssert.AreClose(new float[] { 8, 9, 0.5f, 1 }, [4], Ops.Power(F(2, 3, 4, 7), F(3, 2, -0.5f, 0)), 1e-6);
        TensorAssert.AreClose(new float[] { -8, 4 }, [2], Ops.Power(F(-2, -2), F(3, 2)), 1e-6);
        TensorAssert.AreClose(new float[] { 8, 9 }, [2], Ops.Power(I(2, 3), I(3, 2)), 0);
        TensorAssert.AreClose(new double[] { 1.4142135623730951 }, [1], Ops.Power(D(2), D(0.5)), 1e-15);
    }

    [TestMethod]
    public void FloorDivideAndModFollowPython()
    {
        TensorAssert.AreEqual(new[] { 3, -4, -4, 3 }, [4], Ops.FloorDivide(I(7, -7, 7, -7), I(2, 2, -2, -2)));
        TensorAssert.AreClose(new float[] { 3, -4 }, [2], Ops.FloorDivide(F(7.5f, -7.5f), F(2, 2)), 0);
        // Python: 7 % 3 = 1, -7 % 3 = 2, 7 % -3 = -2, -7 % -3 = -1.
        TensorAssert.AreEqual(new[] { 1, 2, -2, -1 }, [4], Ops.Mod(I(7, -7, 7, -7), I(3, 3, -3, -3)));
        TensorAssert.AreClose(new float[] { 1.5f, 1.5f, -1.5f }, [3], Ops.Mod(F(5.5f, -0.5f, 0.5f), F(2, 2, -2)), 1e-6);
    }

    [TestMethod]
    public void UnaryMath()
    {
        TensorAssert.AreClose(new float[] { 2, 0, 3.5f }, [3], Ops.Abs(F(-2, 0, 3.5f)), 0);
        TensorAssert.AreClose(new float[] { -1, 0, 1 }, [3], Ops.Sign(F(-2, 0, 3.5f)), 0);
        TensorAssert.AreClose(new float[] { 4, 0, 12.25f }, [3], Ops.Square(F(-2, 0, 3.5f)), 0);
        TensorAssert.AreClose(new float[] { 0, 1.5f, 10 }, [3], Ops.Sqrt(F(0, 2.25f, 100)), 1e-7);
        TensorAssert.AreClose(new float[] { 0.5f, 0.1f }, [2], Ops.Rsqrt(F(4, 100)), 1e-6);
        TensorAssert.AreClose(new float[] { -0.5f, 4 }, [2], Ops.Reciprocal(F(-2, 0.25f)), 0);
        TensorAssert.AreClose(new double[] { 1, 2.718281828459045, 0.36787944117144233 }, [3], Ops.Exp(D(0, 1, -1)), 1e-15);
        TensorAssert.AreClose(new double[] { 0, 1, 0.9162907318741551 }, [3], Ops.Log(D(1, Math.E, 2.5)), 1e-15);
        TensorAssert.AreClose(new double[] { 0.8414709848078965, 0.5403023058681398 }, [2], Ops.Stack([Ops.Sin(D(1)), Ops.Cos(D(1))])[.., 0], 1e-15);
        TensorAssert.AreClose(new double[] { 0, 0.5204998778130465, -0.9661051464753108, 1, -1 }, [5], Ops.Erf(D(0, 0.5, -1.5, 10, -10)), 1e-14);
        TensorAssert.AreClose(new float[] { 0.5204998778130465f }, [1], Ops.Erf(F(0.5f)), 1e-6);
    }

    [TestMethod]
    public void Log1pAndExpm1AreAccurateForTinyArguments()
    {
        TensorAssert.AreClose(new double[] { 9.999999999500001e-11 }, [1], Ops.Log1p(D(1e-10)), 1e-15);
        TensorAssert.AreClose(new double[] { 1.00000000005e-10 }, [1], Ops.Expm1(D(1e-10)), 1e-15);
        // Relative accuracy: the value itself is ~1e-10, so compare the ratio.
        using var l = Ops.Log1p(D(1e-10));
        Assert.AreEqual(1.0, l.Item<double>() / 9.999999999500001e-11, 1e-12);
        using var e = Ops.Expm1(D(1e-10));
        Assert.AreEqual(1.0, e.Item<double>() / 1.00000000005e-10, 1e-12);
    }

    [TestMethod]
    public void SpecialValues()
    {
        TensorAssert.AreClose(new float[] { float.NegativeInfinity, float.NaN }, [2], Ops.Log(F(0, -1)), 0);
        TensorAssert.AreClose(new float[] { float.NaN }, [1], Ops.Sqrt(F(-1)), 0);
        TensorAssert.AreClose(new float[] { float.PositiveInfinity, 0 }, [2], Ops.Exp(F(1000, -1000)), 0);
        TensorAssert.AreClose(new float[] { float.PositiveInfinity }, [1], Ops.Reciprocal(F(0)), 0);
    }

    [TestMethod]
    public void RoundingOps()
    {
        TensorAssert.AreClose(new float[] { 1, -2, 2 }, [3], Ops.Floor(F(1.5f, -1.5f, 2)), 0);
        TensorAssert.AreClose(new float[] { 2, -1, 2 }, [3], Ops.Ceil(F(1.5f, -1.5f, 2)), 0);
        // Half to even, as NumPy.
        TensorAssert.AreClose(new float[] { 0, 2, 2, 0, -2, 3 }, [6], Ops.Round(F(0.5f, 1.5f, 2.5f, -0.5f, -1.5f, 2.6f)), 0);
    }

    [TestMethod]
    public void RoundingOpsOnIntegersPassValuesThrough()
    {
        // Integers are already whole: values and dtype pass through.
        TensorAssert.AreEqual(new[] { 3, -3 }, [2], Ops.Floor(I(3, -3)));
        TensorAssert.AreEqual(new[] { 3, -3 }, [2], Ops.Ceil(I(3, -3)));
        TensorAssert.AreEqual(new long[] { 3, -3 }, [2], Ops.Round(Tensor.FromArray(new long[] { 3, -3 })));
        TensorAssert.AreEqual(new byte[] { 7 }, [1], Ops.Floor(Tensor.FromArray(new byte[] { 7 })));
    }

    [TestMethod]
    public void LogicalOps()
    {
        using var a = Tensor.FromArray(new[] { true, true, false, false });
        using var b = Tensor.FromArray(new[] { true, false, true, false });
        TensorAssert.AreEqual(new[] { true, false, false, false }, [4], Ops.LogicalAnd(a, b));
        TensorAssert.AreEqual(new[] { true, true, true, false }, [4], Ops.LogicalOr(a, b));
        TensorAssert.AreEqual(new[] { false, true, true, false }, [4], Ops.LogicalXor(a, b));
        TensorAssert.AreEqual(new[] { false, false, true, true }, [4], Ops.LogicalNot(a));
        // Non-bool inputs: non-zero is true.
        TensorAssert.AreEqual(new[] { true, false, false }, [3], Ops.LogicalAnd(I(2, 0, -1), F(0.5f, 3, 0)));
        TensorAssert.AreEqual(new[] { false, true }, [2], Ops.LogicalNot(F(1, 0)));
    }

    [TestMethod]
    public void Float64KeepsDoublePrecision()
    {
        using var a = D(0.1, 1);
        using var b = D(0.2, 1e-12);
        using var sum = a + b;
        var v = sum.ToArray<double>();
        Assert.AreEqual(0.1 + 0.2, v[0], 0.0);
        Assert.AreEqual(1.000000000001, v[1], 1e-16);
        using var sq = Ops.Sqrt(D(2));
        Assert.AreEqual(Math.Sqrt(2), sq.Item<double>(), 1e-16);
        using var t = Ops.Tanh(D(0.5));
        Assert.AreEqual(0.46211715726000974, t.Item<double>(), 1e-16);
    }

    [TestMethod]
    public void NonContiguousInputsFromTransposeAndSteppedSlice()
    {
        using var x = Tensor.FromArray(new float[] { 1, 2, 3, 4, 5, 6 }, 2, 3);
        using var xt = Ops.Transpose(x); // [[1,4],[2,5],[3,6]]
        using var row = Tensor.FromArray(new float[] { 10, 20 }, 1, 2);
        TensorAssert.AreClose(new float[] { 11, 24, 12, 25, 13, 26 }, [3, 2], xt + row, 0);
        TensorAssert.AreClose(new float[] { 1, 16, 4, 25, 9, 36 }, [3, 2], Ops.Square(xt), 0);

        using var a = Ops.Arange(0, 10, 1, DType.Float32);
        using var odd = a[TensorIndex.Slice(1, null, 2)];        // 1,3,5,7,9
        using var rev = a[TensorIndex.Slice(null, null, -2)];    // 9,7,5,3,1
        TensorAssert.AreClose(new float[] { 10, 10, 10, 10, 10 }, [5], odd + rev, 0);
        TensorAssert.AreClose(new float[] { 9, 21, 25, 21, 9 }, [5], odd * rev, 0);
        TensorAssert.AreClose(new float[] { 9, 7, 5, 7, 9 }, [5], Ops.Maximum(odd, rev), 0);
    }

    [TestMethod]
    public void LargeTensorHitsVectorAndRemainderPaths()
    {
        const int n = 10007; // prime: not a multiple of any vector width or thread split
        using var a = Ops.Arange(0, n, 1, DType.Float32);
        using var r = a * 2.0 + 1.0;
        var v = r.ToArray<float>();
        Assert.HasCount(n, v);
        for (int i = 0; i < n; i++)
            if (v[i] != 2f * i + 1f) Assert.Fail($"Element {i}: expected {2f * i + 1f}, got {v[i]}.");

        using var e = Ops.Exp(Ops.Cast(Ops.Arange(0, n, 1, DType.Int32), DType.Float64) * 0.0);
        var ev = e.ToArray<double>();
        Assert.IsTrue(ev.All(x => x == 1.0), "exp(0) should be 1 everywhere.");
    }

    [TestMethod]
    public void UnaryOnEveryNumericDType()
    {
        TensorAssert.AreEqual(new long[] { 1L << 40, 9 }, [2], Ops.Square(Tensor.FromArray(new long[] { -(1L << 20), 3 })));
        TensorAssert.AreEqual(new byte[] { 4, 9 }, [2], Ops.Square(Tensor.FromArray(new byte[] { 2, 3 })));
        TensorAssert.AreClose(new double[] { 3 }, [1], Ops.Sqrt(D(9)), 0);
    }
}
