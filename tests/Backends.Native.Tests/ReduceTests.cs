using static KerasSharp.Backends.Native.Tests.TestUtil;

namespace KerasSharp.Backends.Native.Tests;

[TestClass]
public class ReduceTests
{
    private static readonly float[] X234 = Enumerable.Range(0, 24).Select(i => (float)i).ToArray();

    [TestMethod]
    public void SumOverEveryAxisSet()
    {
        using var x = T(X234, 2, 3, 4);
        CollectionAssert.AreEqual(new float[] { 6, 22, 38, 54, 70, 86 }, Read<float>(B.Reduce(ReduceOp.Sum, x, [2], false, new Shape(2, 3))));
        CollectionAssert.AreEqual(new float[] { 12, 15, 18, 21, 48, 51, 54, 57 }, Read<float>(B.Reduce(ReduceOp.Sum, x, [1], false, new Shape(2, 4))));
        // axes {0, 2}: row i of the middle axis sums x[0,i,:] and x[1,i,:]
        CollectionAssert.AreEqual(new float[] { 6 + 54, 22 + 70, 38 + 86 }, Read<float>(B.Reduce(ReduceOp.Sum, x, [0, 2], true, new Shape(1, 3, 1))));
        CollectionAssert.AreEqual(new float[] { 276 }, Read<float>(B.Reduce(ReduceOp.Sum, x, [0, 1, 2], false, Shape.Scalar)));
        CollectionAssert.AreEqual(new float[] { 10, 11, 12, 13 }, Read<float>(B.Reduce(ReduceOp.Mean, x, [0, 1], false, new Shape(4))));
    }

    [TestMethod]
    public void MaxMinProdAndBoolSum()
    {
        using var x = T(new[] { 1f, float.NaN, 3f, -4f }, 2, 2);
        var mx = Read<float>(B.Reduce(ReduceOp.Max, x, [1], false, new Shape(2)));
        Assert.IsTrue(float.IsNaN(mx[0]));
        Assert.AreEqual(3f, mx[1]);
        CollectionAssert.AreEqual(new[] { 1, -4 }, Read<int>(B.Reduce(ReduceOp.Min, T(new[] { 1, 2, 3, -4 }, 2, 2), [0], false, new Shape(2))));
        CollectionAssert.AreEqual(new long[] { 9, 16 }, Read<long>(B.Reduce(ReduceOp.Prod, T(new long[] { 1, 2, 3, 4, 3, 2 }, 3, 2), [0], false, new Shape(2))));
        using var bools = T(new[] { true, true, false, true }, 2, 2);
        var s = B.Reduce(ReduceOp.Sum, bools, [0], false, new Shape(2));
        Assert.AreEqual(DType.Int64, s.DType);
        CollectionAssert.AreEqual(new long[] { 1, 2 }, Read<long>(s));
    }

    [TestMethod]
    public void SumSoftmaxIdenticalForOneAndTwoThreads()
    {
        var x = RandomFloats(512 * 1031, 21);
        float[] Sum(int[] axes, Shape o) { using var t = T(x, 512, 1031); return Read<float>(B.Reduce(ReduceOp.Sum, t, axes, false, o)); }
        CollectionAssert.AreEqual(WithThreads(1, () => Sum([1], new Shape(512))), WithThreads(2, () => Sum([1], new Shape(512))));
        CollectionAssert.AreEqual(WithThreads(1, () => Sum([0], new Shape(1031))), WithThreads(2, () => Sum([0], new Shape(1031))));
        var big = RandomFloats(3_000_000, 22);
        float[] All() { using var t = T(big, big.Length); return Read<float>(B.Reduce(ReduceOp.Sum, t, [0], false, Shape.Scalar)); }
        CollectionAssert.AreEqual(WithThreads(1, All), WithThreads(2, All));
        float[] Soft(int axis) { using var t = T(x, 512, 1031); return Read<float>(B.Softmax(t, axis)); }
        CollectionAssert.AreEqual(WithThreads(1, () => Soft(1)), WithThreads(2, () => Soft(1)));
        CollectionAssert.AreEqual(WithThreads(1, () => Soft(0)), WithThreads(2, () => Soft(0)));
    }

    [TestMethod]
    public void SoftmaxIsStableAlongAnyAxis()
    {
        double[] x = [1000, 1001, 1002, -5, 0, 5];
        var s = Read<double>(B.Softmax(T(x, 2, 3), 1));
        double z = 1 + Math.Exp(1) + Math.Exp(2);
        AssertClose([1 / z, Math.E / z, Math.Exp(2) / z, Math.Exp(-10) / (Math.Exp(-10) + Math.Exp(-5) + 1), Math.Exp(-5) / (Math.Exp(-10) + Math.Exp(-5) + 1), 1 / (Math.Exp(-10) + Math.Exp(-5) + 1)], s, 1e-14, "softmax");
        var ls = Read<double>(B.LogSoftmax(T(x, 2, 3), 0));
        // along axis 0 each column pairs x[0,j] with x[1,j]: the -5 row is ~ -1005
        Assert.AreEqual(0, ls[0], 1e-12);
        Assert.AreEqual(-1005, ls[3], 1e-9);
        var sm0 = Read<double>(B.Softmax(T(x, 2, 3), 0));
        for (int j = 0; j < 3; j++) Assert.AreEqual(1, sm0[j] + sm0[3 + j], 1e-15);
    }

    [TestMethod]
    public void ArgTopKAndCumSum()
    {
        using var x = T(new[] { 3f, 1f, 3f, 2f, 5f, 5f }, 2, 3);
        CollectionAssert.AreEqual(new long[] { 0, 1 }, Read<long>(B.ArgReduce(ArgReduceOp.ArgMax, x, 1, false, new Shape(2))));
        CollectionAssert.AreEqual(new long[] { 0, 0, 0 }, Read<long>(B.ArgReduce(ArgReduceOp.ArgMin, T(new[] { 1, 1, 1, 1, 1, 1 }, 2, 3), 0, false, new Shape(3))));
        var (v, i) = B.TopK(x, 2, true);
        CollectionAssert.AreEqual(new[] { 3f, 3f, 5f, 5f }, Read<float>(v));
        CollectionAssert.AreEqual(new long[] { 0, 2, 1, 2 }, Read<long>(i));
        var (v2, i2) = B.TopK(x, 1, false);
        CollectionAssert.AreEqual(new[] { 1f, 2f }, Read<float>(v2));
        CollectionAssert.AreEqual(new long[] { 1, 0 }, Read<long>(i2));
        CollectionAssert.AreEqual(new[] { 3, 4, 7, 2, 7, 12 }, Read<int>(B.CumSum(T(new[] { 3, 1, 3, 2, 5, 5 }, 2, 3), 1, false)));
        CollectionAssert.AreEqual(new[] { 7, 4, 3, 12, 10, 5 }, Read<int>(B.CumSum(T(new[] { 3, 1, 3, 2, 5, 5 }, 2, 3), 1, true)));
        CollectionAssert.AreEqual(new[] { 5, 6, 8, 2, 5, 5 }, Read<int>(B.CumSum(T(new[] { 3, 1, 3, 2, 5, 5 }, 2, 3), 0, true)));
    }
}
