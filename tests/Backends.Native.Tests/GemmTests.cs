using static KerasSharp.Backends.Native.Tests.TestUtil;

namespace KerasSharp.Backends.Native.Tests;

[TestClass]
public class GemmTests
{
    // C = op(A) op(B), A stored [M,K] or [K,M], B stored [K,N] or [N,K], in float64.
    private static double[] Reference(double[] a, double[] b, int m, int n, int k, bool ta, bool tb)
    {
        var c = new double[m * n];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double s = 0;
                for (int p = 0; p < k; p++)
                    s += (ta ? a[p * m + i] : a[i * k + p]) * (tb ? b[j * k + p] : b[p * n + j]);
                c[i * n + j] = s;
            }
        return c;
    }

    private static readonly (int M, int N, int K)[] Sizes =
        [(1, 1, 1), (7, 7, 7), (63, 63, 63), (65, 65, 65), (1, 257, 7), (257, 1, 63), (65, 257, 7), (7, 65, 257), (257, 63, 65)];

    [TestMethod]
    public void Float32MatchesFloat64ReferenceForAllTransposes()
    {
        foreach (var (m, n, k) in Sizes)
            foreach (bool ta in new[] { false, true })
                foreach (bool tb in new[] { false, true })
                {
                    var a = RandomFloats(m * k, m + 3 * k);
                    var b = RandomFloats(k * n, n + 7 * k);
                    using var ta_ = T(a, ta ? [k, m] : [m, k]);
                    using var tb_ = T(b, tb ? [n, k] : [k, n]);
                    using var c = B.MatMul(ta_, tb_, ta, tb, new Shape(m, n));
                    var got = Read<float>(c);
                    var expected = Reference(a.Select(x => (double)x).ToArray(), b.Select(x => (double)x).ToArray(), m, n, k, ta, tb);
                    double scale = Math.Max(1, expected.Max(Math.Abs));
                    for (int i = 0; i < got.Length; i++)
                        Assert.IsLessThanOrEqualTo(1e-5, Math.Abs(got[i] - expected[i]) / scale,
                            $"[{m}x{k}]x[{k}x{n}] ta={ta} tb={tb} element {i}: {got[i]} vs {expected[i]}");
                }
    }

    [TestMethod]
    public void Float64MatchesReference()
    {
        foreach (var (m, n, k) in Sizes)
        {
            var a = RandomDoubles(m * k, 1);
            var b = RandomDoubles(k * n, 2);
            using var c = B.MatMul(T(a, m, k), T(b, k, n), false, false, new Shape(m, n));
            AssertClose(Reference(a, b, m, n, k, false, false), Read<double>(c), 1e-12, $"{m}x{n}x{k}");
        }
    }

    [TestMethod]
    public void BatchDimensionsBroadcast()
    {
        int m = 5, k = 9, n = 17;
        var a = RandomFloats(2 * m * k, 11);
        var b = RandomFloats(3 * k * n, 12);
        using var c = B.MatMul(T(a, 2, 1, m, k), T(b, 3, k, n), false, false, new Shape(2, 3, m, n));
        var got = Read<float>(c);
        Assert.HasCount(2 * 3 * m * n, got);
        for (int i = 0; i < 2; i++)
            for (int j = 0; j < 3; j++)
            {
                var ai = a.Skip(i * m * k).Take(m * k).Select(x => (double)x).ToArray();
                var bj = b.Skip(j * k * n).Take(k * n).Select(x => (double)x).ToArray();
                var r = Reference(ai, bj, m, n, k, false, false);
                var slice = got.Skip((i * 3 + j) * m * n).Take(m * n).Select(x => (double)x).ToArray();
                AssertClose(r, slice, 1e-5, $"batch ({i},{j})");
            }
    }

    [TestMethod]
    public void ResultsAreIdenticalForOneAndTwoThreads()
    {
        int m = 301, n = 203, k = 517;
        var a = RandomFloats(m * k, 5);
        var b = RandomFloats(k * n, 6);
        float[] Run() { using var c = B.MatMul(T(a, m, k), T(b, n, k), false, true, new Shape(m, n)); return Read<float>(c); }
        var one = WithThreads(1, Run);
        var two = WithThreads(2, Run);
        CollectionAssert.AreEqual(one, two);
    }
}
