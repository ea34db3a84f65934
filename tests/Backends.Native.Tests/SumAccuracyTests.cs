using static KerasSharp.Backends.Native.Tests.TestUtil;

namespace KerasSharp.Backends.Native.Tests;

/// <summary>
/// Issue 11, item 8: float32 sums stay within a few ulp of a float64 sum of the same float32 inputs, whatever the
/// count and whichever axis is reduced (rows added one after the other drift by ~n/2 ulp at worst: about 90 ulp
/// for BatchNormalization's 2048 values per channel before the pairwise kernels).
/// </summary>
[TestClass]
public class SumAccuracyTests
{
    // Pairwise summation's bound grows with log2(n); measured worst cases are 1-2 ulp (see BENCHMARKS.md).
    private const double MaxUlp = 4;

    /// <summary>Sizes of the reduced axis: the brief's counts, and odd ones that leave partial blocks and tails.</summary>
    public static IEnumerable<object[]> Counts =>
    [
        [2048], [2047], [100_000], [100_003], [1_000_000], [1_000_003],
    ];

    [TestMethod]
    [DynamicData(nameof(Counts))]
    public void LeadingAxis(int n)
    {
        int cols = n > 200_000 ? 3 : 13; // 13: one vector of columns plus a scalar remainder
        var x = Positive(n * cols, n);
        foreach (int threads in new[] { 1, 2 })
        {
            var got = WithThreads(threads, () => Sum(x, [n, cols], [0], new Shape(cols)));
            AssertWithinUlp(Reference(x, 1, n, cols), got, $"[{n}, {cols}] over axis 0, threads={threads}");
        }
    }

    [TestMethod]
    public void WideLeadingAxis()
    {
        // 1100 columns: several column tiles, and a tree deep enough that its scratch comes from the buffer pool
        const int n = 5000, cols = 1100;
        var x = Positive(n * cols, 17);
        foreach (int threads in new[] { 1, 2 })
            AssertWithinUlp(Reference(x, 1, n, cols), WithThreads(threads, () => Sum(x, [n, cols], [0], new Shape(cols))),
                $"[{n}, {cols}] over axis 0, threads={threads}");
    }

    [TestMethod]
    [DynamicData(nameof(Counts))]
    public void MiddleAxis(int n)
    {
        int cols = n > 200_000 ? 3 : 9;
        var x = Positive(2 * n * cols, n + 1);
        foreach (int threads in new[] { 1, 2 })
        {
            var got = WithThreads(threads, () => Sum(x, [2, n, cols], [1], new Shape(2, cols)));
            AssertWithinUlp(Reference(x, 2, n, cols), got, $"[2, {n}, {cols}] over axis 1, threads={threads}");
        }
    }

    [TestMethod]
    [DynamicData(nameof(Counts))]
    public void LastAxis(int n)
    {
        var x = Positive(3 * n, n + 2);
        foreach (int threads in new[] { 1, 2 })
        {
            AssertWithinUlp(Reference(x, 3, n, 1), WithThreads(threads, () => Sum(x, [3, n], [1], new Shape(3))),
                $"[3, {n}] over axis 1, threads={threads}");
            var all = x.AsSpan(0, n).ToArray();
            AssertWithinUlp(Reference(all, 1, n, 1), WithThreads(threads, () => Sum(all, [n], [0], Shape.Scalar)),
                $"[{n}] over everything, threads={threads}");
        }
    }

    [TestMethod]
    public void ChannelsFirstAndChannelsLastBatchStatistics()
    {
        // 8 images of 16x16: 2048 values per channel, BatchNormalization's reduction in both layouts
        const int batch = 8, side = 16, channels = 5, hw = side * side;
        var x = Positive(batch * channels * hw, 7);
        var first = Sum(x, [batch, channels, side, side], [0, 2, 3], new Shape(channels));
        var expected = new double[channels];
        for (int b = 0; b < batch; b++)
            for (int c = 0; c < channels; c++)
                for (int i = 0; i < hw; i++) expected[c] += x[(b * channels + c) * hw + i];
        AssertWithinUlp(expected, first, "[8, 5, 16, 16] over axes 0, 2, 3");
        var last = Sum(x, [batch, side, side, channels], [0, 1, 2], new Shape(channels));
        AssertWithinUlp(Reference(x, 1, batch * hw, channels), last, "[8, 16, 16, 5] over axes 0, 1, 2");
    }

    [TestMethod]
    public void BatchNormalizationMeanAndVarianceOf2048Values()
    {
        var old = Backend.Current;
        Backend.Set(B);
        try
        {
            const int rows = 2048, channels = 16;
            var rng = new Random(11);
            var x = new float[rows * channels];
            for (int i = 0; i < x.Length; i++) x[i] = (float)(3 + rng.NextDouble()); // a large mean: cancellation-prone
            using var t = T(x, 8, 16, 16, channels);
            using var mean = Ops.Mean(t, [0, 1, 2]);
            using var variance = Ops.Var(t, [0, 1, 2]);
            var (m64, v64) = (new double[channels], new double[channels]);
            for (int c = 0; c < channels; c++)
            {
                for (int r = 0; r < rows; r++) m64[c] += x[r * channels + c];
                m64[c] /= rows;
                for (int r = 0; r < rows; r++) v64[c] += Math.Pow(x[r * channels + c] - m64[c], 2);
                v64[c] /= rows;
            }
            AssertWithinUlp(m64, Read<float>(mean), "batch mean");
            AssertWithinUlp(v64, Read<float>(variance), "batch variance");
        }
        finally { Backend.Set(old); }
    }

    private static float[] Sum(float[] x, int[] shape, int[] axes, Shape outShape)
    {
        using var t = T(x, shape);
        using var s = B.Reduce(ReduceOp.Sum, t, axes, false, outShape);
        return Read<float>(s);
    }

    // values in [0.5, 1.5): no cancellation, so the error is the summation's, measured against the result
    private static float[] Positive(int length, int seed)
    {
        var rng = new Random(seed);
        var r = new float[length];
        for (int i = 0; i < length; i++) r[i] = (float)(0.5 + rng.NextDouble());
        return r;
    }

    // float64 sums over n of x viewed as [outer, n, inner]
    private static double[] Reference(float[] x, int outer, int n, int inner)
    {
        var r = new double[outer * inner];
        for (int o = 0; o < outer; o++)
            for (int i = 0; i < n; i++)
                for (int j = 0; j < inner; j++) r[o * inner + j] += x[((long)o * n + i) * inner + j];
        return r;
    }

    private static void AssertWithinUlp(double[] expected, float[] actual, string what)
    {
        Assert.HasCount(expected.Length, actual);
        double worst = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            float e = (float)expected[i];
            double ulp = float.BitIncrement(Math.Abs(e)) - Math.Abs(e);
            worst = Math.Max(worst, Math.Abs(actual[i] - expected[i]) / ulp);
        }
        Console.WriteLine($"{what}: worst {worst:F2} ulp");
        Assert.IsLessThanOrEqualTo(MaxUlp, worst, $"{what}: {worst:F2} ulp from the float64 sum (bound {MaxUlp})");
    }
}
