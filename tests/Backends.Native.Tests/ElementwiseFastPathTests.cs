using static KerasSharp.Backends.Native.Tests.TestUtil;

namespace KerasSharp.Backends.Native.Tests;

/// <summary>The flat, scalar and row-broadcast fast paths of the elementwise kernels against a plain reference.</summary>
[TestClass]
public class ElementwiseFastPathTests
{
    // Reference: element i of the output reads operand element (i mod its size) when the operand is a trailing block.
    private static float[] Expected(float[] a, float[] b, int n, Func<float, float, float> f)
    {
        var r = new float[n];
        for (int i = 0; i < n; i++) r[i] = f(a[i % a.Length], b[i % b.Length]);
        return r;
    }

    [TestMethod]
    [DataRow(1)]
    [DataRow(2)]
    public void FastPathsMatchReference(int threads)
    {
        // sizes below and above the inline threshold (ElementwiseKernels.Grain)
        foreach (var (rows, cols) in new[] { (3, 5), (64, 128), (300, 700) })
        {
            int n = rows * cols;
            var av = RandomFloats(n, rows);
            var bv = RandomFloats(n, cols);
            var rowv = RandomFloats(cols, 7);
            var sv = new[] { 0.25f };
            using var a = T(av, rows, cols);
            using var b = T(bv, rows, cols);
            using var row = T(rowv, 1, 1, cols); // leading size-1 axes still count as a trailing block
            using var s = T(sv);
            var outShape = new Shape(rows, cols);
            var outShape3 = new Shape(1, rows, cols);
            WithThreads(threads, () =>
            {
                CollectionAssert.AreEqual(Expected(av, bv, n, (x, y) => x + y), Read<float>(B.Binary(BinaryOp.Add, a, b, outShape)), "flat");
                CollectionAssert.AreEqual(Expected(av, sv, n, (x, y) => x - y), Read<float>(B.Binary(BinaryOp.Sub, a, s, outShape)), "scalar right");
                CollectionAssert.AreEqual(Expected(sv, av, n, (x, y) => x - y), Read<float>(B.Binary(BinaryOp.Sub, s, a, outShape)), "scalar left");
                CollectionAssert.AreEqual(Expected(av, rowv, n, (x, y) => x * y), Read<float>(B.Binary(BinaryOp.Mul, a, row, outShape3)), "row right");
                CollectionAssert.AreEqual(Expected(rowv, av, n, (x, y) => x / y), Read<float>(B.Binary(BinaryOp.Div, row, a, outShape3)), "row left");
                var gt = Read<bool>(B.Compare(CompareOp.Greater, a, b, outShape));
                var where = Read<float>(B.Where(B.Compare(CompareOp.Greater, a, b, outShape), a, b, outShape));
                for (int i = 0; i < n; i++)
                {
                    Assert.AreEqual(av[i] > bv[i], gt[i]);
                    Assert.AreEqual(av[i] > bv[i] ? av[i] : bv[i], where[i]);
                }
                return 0;
            });
        }
    }

    [TestMethod]
    public void LargeElementwiseResultsDoNotDependOnThreadCount()
    {
        const int n = (1 << 20) + 3;
        using var a = T(RandomFloats(n, 11), n);
        using var b = T(RandomFloats(n, 12), n);
        float[] Run(int threads) => WithThreads(threads, () =>
        {
            using var e = B.Unary(UnaryOp.Exp, a);
            using var m = B.Binary(BinaryOp.Mul, e, b, new Shape(n));
            using var t = B.Unary(UnaryOp.Tanh, m);
            return Read<float>(t);
        });
        CollectionAssert.AreEqual(Run(1), Run(2));
    }
}

[TestClass]
public class ReluKernelTests
{
    [TestMethod]
    public void VectorAndScalarLanesAgreeOnSpecialValues()
    {
        float[] special = [float.NaN, -0f, 0f, -1f, 1f, float.NegativeInfinity, float.PositiveInfinity, -1e-45f, 1e-45f];
        var x = Enumerable.Range(0, 75).Select(i => special[i % special.Length]).ToArray(); // vector lanes and a scalar tail
        var d = new float[x.Length];
        ReluKernel.Run<float>(x, d);
        for (int i = 0; i < x.Length; i++)
        {
            float want = float.Max(x[i], 0f);
            Assert.AreEqual(BitConverter.SingleToInt32Bits(want), BitConverter.SingleToInt32Bits(d[i]), $"relu({x[i]}) at {i}");
        }
        int[] xi = [-3, 0, 5, int.MinValue, int.MaxValue, -1, 2, 7, -8, 9, 10, -11, 12, 13, -14, 15, 16, -17];
        var di = new int[xi.Length];
        ReluKernel.Run<int>(xi, di);
        CollectionAssert.AreEqual(xi.Select(v => Math.Max(v, 0)).ToArray(), di);
    }

    [TestMethod]
    public void SignVectorLanesMatchTheScalarDefinition()
    {
        float[] special = [float.NaN, -0f, 0f, -1f, 1f, float.NegativeInfinity, float.PositiveInfinity, -1e-45f, 1e-45f, 0.5f, -2.5f];
        var x = Enumerable.Range(0, 75).Select(i => special[i % special.Length]).ToArray(); // vector lanes and a scalar tail
        var d = new float[x.Length];
        Assert.IsTrue(SignKernel.Run<float>(x, d));
        for (int i = 0; i < x.Length; i++)
        {
            float want = float.IsNaN(x[i]) ? x[i] : Math.Sign(x[i]);
            Assert.AreEqual(BitConverter.SingleToInt32Bits(want), BitConverter.SingleToInt32Bits(d[i]), $"sign({x[i]}) at {i}");
        }
        var xd = x.Select(v => (double)v).ToArray();
        var dd = new double[xd.Length];
        Assert.IsTrue(SignKernel.Run<double>(xd, dd));
        for (int i = 0; i < xd.Length; i++)
            Assert.AreEqual(BitConverter.DoubleToInt64Bits(double.IsNaN(xd[i]) ? xd[i] : Math.Sign(xd[i])), BitConverter.DoubleToInt64Bits(dd[i]), $"sign({xd[i]}) at {i}");
        Assert.IsFalse(SignKernel.Run<int>([1, -2], new int[2]), "integers keep the scalar loop");
        // through the backend: a tensor long enough for vector lanes and a tail
        using var t = T(x, x.Length);
        using var s = B.Unary(UnaryOp.Sign, t);
        CollectionAssert.AreEqual(d, Read<float>(s));
    }
}
