using static KerasSharp.Backends.Native.Tests.TestUtil;

namespace KerasSharp.Backends.Native.Tests;

[TestClass]
public class ElementwiseTests
{
    [TestMethod]
    public void ErfFloat64MatchesKnownValues()
    {
        double[] x = [0.5, 1, -2, 0, 1e-8, 2.9, 3.5, -5, 7];
        double[] expected = [0.5204998778130465, 0.8427007929497149, -0.9953222650189527, 0, 1.1283791670955126e-8,
                             0.9999589021219005, 0.9999992569016276, -0.9999999999984626, 1];
        var got = Read<double>(B.Unary(UnaryOp.Erf, T(x, x.Length)));
        for (int i = 0; i < x.Length; i++)
            Assert.AreEqual(expected[i], got[i], 2e-15 * Math.Abs(expected[i]), $"erf({x[i]})");
        var f = Read<float>(B.Unary(UnaryOp.Erf, T(new[] { 0.5f, 1f }, 2)));
        Assert.AreEqual(0.5204999f, f[0], 1e-7f);
        Assert.AreEqual(0.8427008f, f[1], 1e-7f);
    }

    [TestMethod]
    public void BroadcastingBinaryOps()
    {
        using var a = T(new float[] { 1, 2, 3, 4, 5, 6 }, 2, 3);
        CollectionAssert.AreEqual(new float[] { 11, 22, 33, 14, 25, 36 }, Read<float>(B.Binary(BinaryOp.Add, a, T(new float[] { 10, 20, 30 }, 3), new Shape(2, 3))));
        CollectionAssert.AreEqual(new float[] { 0, 1, 2, 2, 3, 4 }, Read<float>(B.Binary(BinaryOp.Sub, a, T(new float[] { 1, 2 }, 2, 1), new Shape(2, 3))));
        CollectionAssert.AreEqual(new float[] { 2, 1, 2f / 3, 0.5f, 0.4f, 2f / 6 }, Read<float>(B.Binary(BinaryOp.Div, T(new float[] { 2 }), a, new Shape(2, 3))));
        // outer product through [2,1] x [1,3]
        CollectionAssert.AreEqual(new int[] { 1, 2, 3, 2, 4, 6 }, Read<int>(B.Binary(BinaryOp.Mul, T(new[] { 1, 2 }, 2, 1), T(new[] { 1, 2, 3 }, 1, 3), new Shape(2, 3))));
        // middle-axis broadcast [2,1,2] + [3,1]
        var r = Read<long>(B.Binary(BinaryOp.Add, T(new long[] { 0, 1, 10, 11 }, 2, 1, 2), T(new long[] { 100, 200, 300 }, 3, 1), new Shape(2, 3, 2)));
        CollectionAssert.AreEqual(new long[] { 100, 101, 200, 201, 300, 301, 110, 111, 210, 211, 310, 311 }, r);
    }

    [TestMethod]
    public void LargeContiguousOpsMatchScalarLoop()
    {
        var x = RandomFloats(200_003, 3);
        var y = RandomFloats(200_003, 4);
        var s = Read<float>(B.Binary(BinaryOp.Mul, T(x, x.Length), T(y, y.Length), new Shape(x.Length)));
        for (int i = 0; i < x.Length; i += 997) Assert.AreEqual(x[i] * y[i], s[i]);
        var e = Read<float>(B.Unary(UnaryOp.Exp, T(x, x.Length)));
        for (int i = 0; i < x.Length; i += 997) Assert.AreEqual(MathF.Exp(x[i]), e[i], 1e-6f * MathF.Exp(x[i]));
    }

    [TestMethod]
    public void FloorDivAndModFollowPython()
    {
        using var a = T(new[] { 7, -7, 7, -7, 0 }, 5);
        using var b = T(new[] { 2, 2, -2, -2, 3 }, 5);
        CollectionAssert.AreEqual(new[] { 3, -4, -4, 3, 0 }, Read<int>(B.Binary(BinaryOp.FloorDiv, a, b, new Shape(5))));
        CollectionAssert.AreEqual(new[] { 1, 1, -1, -1, 0 }, Read<int>(B.Binary(BinaryOp.Mod, a, b, new Shape(5))));
        var fm = Read<double>(B.Binary(BinaryOp.Mod, T(new[] { 7.5, -7.5 }, 2), T(new[] { 2.0, 2.0 }, 2), new Shape(2)));
        CollectionAssert.AreEqual(new[] { 1.5, 0.5 }, fm);
        var fd = Read<double>(B.Binary(BinaryOp.FloorDiv, T(new[] { 7.5, -7.5 }, 2), T(new[] { 2.0, 2.0 }, 2), new Shape(2)));
        CollectionAssert.AreEqual(new[] { 3.0, -4.0 }, fd);
        var ex = Assert.ThrowsExactly<DivideByZeroException>(() => B.Binary(BinaryOp.Mod, a, T(new[] { 0 }, 1), new Shape(5)));
        StringAssert.Contains(ex.Message, "Mod");
        Assert.ThrowsExactly<DivideByZeroException>(() => B.Binary(BinaryOp.FloorDiv, T(new long[] { 1 }, 1), T(new long[] { 0 }, 1), new Shape(1)));
    }

    [TestMethod]
    public void NaNPropagatesThroughMaximumAndMinimum()
    {
        var m = Read<float>(B.Binary(BinaryOp.Maximum, T(new[] { float.NaN, 1f, 2f }, 3), T(new[] { 0f, float.NaN, 1f }, 3), new Shape(3)));
        Assert.IsTrue(float.IsNaN(m[0]) && float.IsNaN(m[1]));
        Assert.AreEqual(2f, m[2]);
        var n = Read<float>(B.Binary(BinaryOp.Minimum, T(new[] { float.NaN, 1f }, 2), T(new[] { 0f }, 1), new Shape(2)));
        Assert.IsTrue(float.IsNaN(n[0]));
        Assert.AreEqual(0f, n[1]);
    }

    [TestMethod]
    public void UnaryEdgeCases()
    {
        var s = Read<float>(B.Unary(UnaryOp.Sigmoid, T(new[] { -1000f, 1000f, 0f, -20f }, 4)));
        CollectionAssert.AreEqual(new[] { 0f, 1f, 0.5f }, s.Take(3).ToArray());
        Assert.AreEqual(2.0611537e-9f, s[3], 1e-15f);
        CollectionAssert.AreEqual(new[] { 0.0, 2.0, 2.0, -2.0, -0.0 }, Read<double>(B.Unary(UnaryOp.Round, T(new[] { 0.5, 1.5, 2.5, -2.5, -0.4 }, 5))));
        var l = Read<double>(B.Unary(UnaryOp.Log1p, T(new[] { 1e-12, 1.0 }, 2)));
        Assert.AreEqual(1e-12 - 5e-25, l[0], 1e-28);
        Assert.AreEqual(Math.Log(2), l[1], 1e-15);
        var e = Read<double>(B.Unary(UnaryOp.Expm1, T(new[] { 1e-10, 2.0 }, 2)));
        Assert.AreEqual(1e-10 + 5e-21, e[0], 1e-26);
        Assert.AreEqual(Math.Exp(2) - 1, e[1], 1e-14);
        CollectionAssert.AreEqual(new[] { 3, 0, 5 }, Read<int>(B.Unary(UnaryOp.Abs, T(new[] { -3, 0, 5 }, 3))));
        CollectionAssert.AreEqual(new[] { -1, 0, 1 }, Read<int>(B.Unary(UnaryOp.Sign, T(new[] { -3, 0, 5 }, 3))));
        CollectionAssert.AreEqual(new byte[] { 0, 4 }, Read<byte>(B.Unary(UnaryOp.Relu, T(new byte[] { 0, 4 }, 2))));
        CollectionAssert.AreEqual(new[] { true, false }, Read<bool>(B.Unary(UnaryOp.LogicalNot, T(new[] { false, true }, 2))));
        var ex = Assert.ThrowsExactly<NotSupportedException>(() => B.Unary(UnaryOp.Exp, T(new[] { 1 }, 1)));
        StringAssert.Contains(ex.Message, "int32");
    }

    [TestMethod]
    public void CompareWhereAndCast()
    {
        var c = Read<bool>(B.Compare(CompareOp.Less, T(new[] { 1f, 5f, float.NaN }, 3), T(new[] { 2f }, 1), new Shape(3)));
        CollectionAssert.AreEqual(new[] { true, false, false }, c);
        var bc = Read<bool>(B.Compare(CompareOp.Greater, T(new[] { true, false }, 2), T(new[] { false }, 1), new Shape(2)));
        CollectionAssert.AreEqual(new[] { true, false }, bc);
        var w = Read<int>(B.Where(T(new[] { true, false }, 2, 1), T(new[] { 1, 2, 3 }, 3), T(new[] { -1 }, 1), new Shape(2, 3)));
        CollectionAssert.AreEqual(new[] { 1, 2, 3, -1, -1, -1 }, w);
        CollectionAssert.AreEqual(new[] { 1, -1, 0 }, Read<int>(B.Cast(T(new[] { 1.9f, -1.9f, 0.2f }, 3), DType.Int32)));
        CollectionAssert.AreEqual(new[] { true, false, true }, Read<bool>(B.Cast(T(new[] { 0.5, 0.0, -2.0 }, 3), DType.Bool)));
        CollectionAssert.AreEqual(new[] { 1.0f, 0f }, Read<float>(B.Cast(T(new[] { true, false }, 2), DType.Float32)));
        CollectionAssert.AreEqual(new byte[] { 44 }, Read<byte>(B.Cast(T(new long[] { 300 }, 1), DType.UInt8)));
        CollectionAssert.AreEqual(new[] { 2.5, 2.5 }, Read<double>(B.Full(new Shape(2), DType.Float64, 2.5, Device.Cpu)));
    }
}
