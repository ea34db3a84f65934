using static KerasSharp.Backends.Native.Tests.TestUtil;

namespace KerasSharp.Backends.Native.Tests;

/// <summary>
/// The matrix-vector path (<see cref="GemmSkinny{T}"/>: at most 8 rows against a B over 512 KiB) against the blocked
/// GEMM (the same rows taken out of a 9-row product, which that path never takes) and a float64 reference.
/// </summary>
[TestClass]
public class GemmSkinnyTests
{
    // (rows, columns, depth): columns off the vector width, depth off the 4-row groups, B over 512 KiB each
    private static readonly (int M, int N, int K)[] Shapes = [(1, 1000, 300), (2, 257, 601), (5, 4133, 35), (8, 333, 777), (1, 17, 9000)];

    // C = A B through Gemm.Run with A stored [rows, k] (or [k, rows] when ta) and B stored [k, n] (or [n, k] when tb).
    private static T[] Product<T>(int m, int n, int k, T[] a, int aRows, bool ta, T[] b, bool tb, T[]? c = null, bool accumulate = false, T[]? bias = null)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        c ??= new T[m * n];
        Gemm.Run(m, n, k, a, 0, ta ? 1 : k, ta ? aRows : 1, b, 0, tb ? 1 : n, tb ? k : 1, c, 0, n, accumulate, bias);
        return c;
    }

    private static double Reference(float[] a, int aRows, bool ta, float[] b, bool tb, int n, int k, int i, int j)
    {
        double s = 0;
        for (int p = 0; p < k; p++)
            s += (double)(ta ? a[p * aRows + i] : a[i * k + p]) * (tb ? b[j * k + p] : b[p * n + j]);
        return s;
    }

    [TestMethod]
    public void FewRowsMatchTheBlockedGemmAndTheReferenceForAllLayouts()
    {
        foreach (var (m, n, k) in Shapes)
            foreach (bool ta in new[] { false, true })
                foreach (bool tb in new[] { false, true })
                {
                    const int rows = 9; // A has 9 rows: the product of all 9 takes the blocked GEMM, its first m the skinny path
                    var a = RandomFloats(rows * k, m + 3 * k);
                    var b = RandomFloats(k * n, n + 7 * k);
                    long before = GemmSkinny<float>.RunsOnThisThread;
                    var skinny = Product(m, n, k, a, rows, ta, b, tb);
                    bool expectSkinny = !(ta && tb); // the dot-product layout needs A's rows contiguous
                    Assert.AreEqual(expectSkinny ? before + 1 : before, GemmSkinny<float>.RunsOnThisThread, $"{m}x{n}x{k} ta={ta} tb={tb}: path taken");
                    var blocked = Product(rows, n, k, a, rows, ta, b, tb);
                    for (int i = 0; i < m; i++)
                        for (int j = 0; j < n; j++)
                        {
                            double expected = Reference(a, rows, ta, b, tb, n, k, i, j), scale = Math.Sqrt(k);
                            string what = $"{m}x{n}x{k} ta={ta} tb={tb} ({i},{j})";
                            Assert.AreEqual(expected, skinny[i * n + j], 1e-5 * scale, what + " vs float64");
                            Assert.AreEqual(blocked[i * n + j], skinny[i * n + j], 2e-5 * scale, what + " vs blocked GEMM");
                        }
                }
    }

    [TestMethod]
    public void Float64MatchesReference()
    {
        foreach (var (m, n, k) in Shapes)
            foreach (bool tb in new[] { false, true })
            {
                var a = RandomDoubles(m * k, 1);
                var b = RandomDoubles(k * n, 2);
                var c = Product(m, n, k, a, m, false, b, tb);
                for (int i = 0; i < m; i++)
                    for (int j = 0; j < n; j++)
                    {
                        double s = 0;
                        for (int p = 0; p < k; p++) s += a[i * k + p] * (tb ? b[j * k + p] : b[p * n + j]);
                        Assert.AreEqual(s, c[i * n + j], 1e-12 * Math.Sqrt(k), $"{m}x{n}x{k} tb={tb} ({i},{j})");
                    }
            }
    }

    [TestMethod]
    public void AccumulatesIntoCAndAddsTheBiasOnce()
    {
        foreach (bool tb in new[] { false, true })
        {
            int m = 3, n = 1000, k = 301;
            var a = RandomFloats(m * k, 3);
            var b = RandomFloats(k * n, 4);
            var bias = RandomFloats(n, 5);
            var c0 = RandomFloats(m * n, 6);
            var c = Product(m, n, k, a, m, false, b, tb, (float[])c0.Clone(), accumulate: true, bias: bias);
            for (int i = 0; i < m; i++)
                for (int j = 0; j < n; j++)
                    Assert.AreEqual(c0[i * n + j] + Reference(a, m, false, b, tb, n, k, i, j) + bias[j], c[i * n + j], 1e-4, $"tb={tb} ({i},{j})");
        }
    }

    [TestMethod]
    public void ResultsAreIdenticalForOneAndTwoThreads()
    {
        foreach (bool tb in new[] { false, true })
        {
            int m = 2, n = 4100, k = 513;
            var a = RandomFloats(m * k, 7);
            var b = RandomFloats(k * n, 8);
            float[] Run() { using var c = B.MatMul(T(a, m, k), T(b, tb ? [n, k] : [k, n]), false, tb, new Shape(m, n)); return Read<float>(c); }
            CollectionAssert.AreEqual(WithThreads(1, Run), WithThreads(2, Run), $"tb={tb}");
        }
    }
}
