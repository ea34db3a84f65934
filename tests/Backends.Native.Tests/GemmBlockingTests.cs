using static KerasSharp.Backends.Native.Tests.TestUtil;

namespace KerasSharp.Backends.Native.Tests;

/// <summary>
/// GEMM sizes chosen to hit every edge of the blocked implementation: partial MR/NR tiles, several
/// MC row blocks, more than one KC slice (accumulation across slices), more than one NC column block,
/// the column split used when there are too few rows to share, and the bias epilogue.
/// </summary>
[TestClass]
public class GemmBlockingTests
{
    private static readonly int[] EdgeSizes = [1, 13, 31, 33, 97, 300];

    // op(A) op(B) in float64, A stored [m,k] or [k,m], B stored [k,n] or [n,k].
    private static double[] Reference(float[] a, float[] b, int m, int n, int k, bool ta, bool tb)
    {
        var c = new double[m * n];
        for (int i = 0; i < m; i++)
            for (int p = 0; p < k; p++)
            {
                double x = ta ? a[p * m + i] : a[i * k + p];
                for (int j = 0; j < n; j++) c[i * n + j] += x * (tb ? b[j * k + p] : b[p * n + j]);
            }
        return c;
    }

    private static void Check(int m, int n, int k, bool ta, bool tb)
    {
        var a = RandomFloats(m * k, m * 31 + k);
        var b = RandomFloats(k * n, n * 17 + k);
        using var at = T(a, ta ? [k, m] : [m, k]);
        using var bt = T(b, tb ? [n, k] : [k, n]);
        using var c = B.MatMul(at, bt, ta, tb, new Shape(m, n));
        var got = Read<float>(c);
        var expected = Reference(a, b, m, n, k, ta, tb);
        // float32 accumulation error grows like sqrt(k) times the size of the terms
        double tol = 1e-5 * Math.Max(1, Math.Sqrt(k) / 4);
        for (int i = 0; i < got.Length; i++)
            Assert.IsLessThanOrEqualTo(tol * Math.Max(1, Math.Abs(expected[i])), Math.Abs(got[i] - expected[i]),
                $"[{m}x{k}]x[{k}x{n}] ta={ta} tb={tb} element {i}: {got[i]} vs {expected[i]}");
    }

    [TestMethod]
    public void EveryEdgeTileCombination()
    {
        foreach (int m in EdgeSizes)
            foreach (int n in EdgeSizes)
                foreach (int k in EdgeSizes)
                    foreach (bool ta in new[] { false, true })
                        foreach (bool tb in new[] { false, true })
                            Check(m, n, k, ta, tb);
    }

    [TestMethod]
    public void DepthLargerThanOneKSlice()
    {
        foreach (bool ta in new[] { false, true })
            foreach (bool tb in new[] { false, true })
                Check(29, 45, 1300, ta, tb);
    }

    [TestMethod]
    public void WidthLargerThanOneColumnBlock()
    {
        Check(3, 4133, 20, false, false);
        Check(15, 4100, 7, true, true);
    }

    [TestMethod]
    public void ManyRowBlocksAndFewRowsAreThreadCountInvariant()
    {
        foreach (var (m, n, k) in new[] { (700, 130, 600), (5, 3000, 300), (1, 4500, 300), (64, 128, 784), (784, 128, 64) })
        {
            var a = RandomFloats(m * k, 1);
            var b = RandomFloats(k * n, 2);
            float[] Run() { using var c = B.MatMul(T(a, m, k), T(b, k, n), false, false, new Shape(m, n)); return Read<float>(c); }
            CollectionAssert.AreEqual(WithThreads(1, Run), WithThreads(2, Run), $"{m}x{n}x{k}");
            CollectionAssert.AreEqual(WithThreads(1, Run), WithThreads(3, Run), $"{m}x{n}x{k} with 3 threads");
        }
    }

    [TestMethod]
    public void Float64EdgeSizes()
    {
        foreach (var (m, n, k) in new[] { (13, 31, 97), (300, 33, 1), (33, 300, 600) })
        {
            var a = RandomDoubles(m * k, 3);
            var b = RandomDoubles(k * n, 4);
            using var c = B.MatMul(T(a, k, m), T(b, n, k), true, true, new Shape(m, n));
            var got = Read<double>(c);
            for (int i = 0; i < m; i++)
                for (int j = 0; j < n; j++)
                {
                    double s = 0;
                    for (int p = 0; p < k; p++) s += a[p * m + i] * b[j * k + p];
                    Assert.AreEqual(s, got[i * n + j], 1e-12 * Math.Max(1, Math.Abs(s)), $"{m}x{n}x{k} ({i},{j})");
                }
        }
    }

    [TestMethod]
    public void BiasEpilogueAddsOncePerColumnAfterAllKSlices()
    {
        int m = 19, n = 37, k = 1100;
        var a = RandomFloats(m * k, 8);
        var b = RandomFloats(k * n, 9);
        var bias = RandomFloats(n, 10);
        var c = new float[m * n];
        Gemm.Run(m, n, k, a, 0, k, 1, b, 0, n, 1, c, 0, n, false, bias);
        var expected = Reference(a, b, m, n, k, false, false);
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
                Assert.AreEqual(expected[i * n + j] + bias[j], c[i * n + j], 1e-4, $"({i},{j})");
    }
}
