using static KerasSharp.Backends.Native.Tests.TestUtil;

namespace KerasSharp.Backends.Native.Tests;

/// <summary>
/// The implicit-im2col forward convolution (<see cref="ImplicitConv"/>: B panels packed straight from a padded input)
/// against a direct loop: rows wider and narrower than a vector, maps smaller than one column panel (panels spanning
/// several images), vertical stride, dilation, uneven padding, groups, several K slices, and 1 vs several threads;
/// and the stride-1 input gradient that runs as a flipped convolution through it (<see cref="InputGradientAsConv"/>).
/// </summary>
[TestClass]
public class ImplicitConvTests
{
    private static readonly (int N, int C, int H, int W, int O, Conv2dGeometry G)[] Cases =
    [
        (3, 3, 17, 19, 5, new(3, 3, 1, 1, 1, 1, 1, 1)),
        (2, 4, 40, 37, 15, new(3, 3, 1, 1, 1, 1, 1, 1)),
        (5, 2, 3, 4, 3, new(3, 3, 1, 1, 1, 1, 1, 1)),
        (7, 3, 2, 2, 29, new(2, 2, 1, 1, 1, 0, 0, 1)),
        (2, 6, 23, 21, 4, new(3, 3, 2, 1, 1, 2, 0, 1)),
        (3, 2, 16, 18, 6, new(3, 2, 1, 1, 2, 1, 0, 3, 2, 3)),
        (4, 6, 11, 13, 9, new(3, 3, 1, 1, 1, 1, 1, 1, Groups: 3)),
        (1, 5, 9, 33, 2, new(5, 1, 1, 1, 0, 0, 0, 0)),
        (3, 4, 10, 12, 7, new(1, 1, 2, 1, 0, 0, 0, 0)),
        (2, 2, 8, 8, 3, new(1, 1, 1, 1, 1, 1, 1, 1)),
    ];

    [TestMethod]
    public void SupportsUnitHorizontalStrideButNotPlainOneByOne()
    {
        Assert.IsTrue(ImplicitConv.Supports(new Conv2dGeometry(3, 3, 2, 1)));
        Assert.IsTrue(ImplicitConv.Supports(new Conv2dGeometry(1, 1, 1, 1, 1, 1, 1, 1)));
        Assert.IsFalse(ImplicitConv.Supports(new Conv2dGeometry(3, 3, 1, 2)));
        Assert.IsFalse(ImplicitConv.Supports(new Conv2dGeometry(1, 1)));
    }

    [TestMethod]
    public void DoubleForwardMatchesDirectLoop()
    {
        foreach (var (n, c, h, w, o, g) in Cases)
        {
            Assert.IsTrue(ImplicitConv.Supports(g), g.ToString());
            int oh = g.OutH(h), ow = g.OutW(w);
            var x = RandomDoubles(n * c * h * w, 31);
            var wt = RandomDoubles(o * (c / g.Groups) * g.KernelH * g.KernelW, 32);
            var y = Read<double>(B.Conv2d(T(x, n, c, h, w), T(wt, o, c / g.Groups, g.KernelH, g.KernelW), g, new Shape(n, o, oh, ow)));
            AssertClose(ConvPoolTests.NaiveConv(x, n, c, h, w, wt, o, g, oh, ow), y, 1e-12, $"{n}x{c}x{h}x{w} -> {o} {g}");
        }
    }

    [TestMethod]
    public void FloatForwardMatchesDirectLoopWithPoisonedBuffers()
    {
        // poisoned (NaN-filled) pool buffers: any lane of the padded input or panel that leaks into a result shows
        bool old = NativeBufferPool.Poison;
        NativeBufferPool.Poison = true;
        try
        {
            foreach (var (n, c, h, w, o, g) in Cases)
                CheckFloat(n, c, h, w, o, g, 1e-5);
        }
        finally { NativeBufferPool.Poison = old; }
    }

    [TestMethod]
    public void SeveralKSlicesMatchDirectLoop()
    {
        // 200 output channels x 80 * 9 taps: the packed weights exceed one K slice's budget (float and double)
        CheckFloat(2, 80, 9, 10, 200, new Conv2dGeometry(3, 3, 1, 1, 1, 1, 1, 1), 1e-4);
        var g = new Conv2dGeometry(3, 3, 1, 1, 1, 1, 1, 1);
        var x = RandomDoubles(2 * 64 * 7 * 9, 41);
        var wt = RandomDoubles(120 * 64 * 9, 42);
        var y = Read<double>(B.Conv2d(T(x, 2, 64, 7, 9), T(wt, 120, 64, 3, 3), g, new Shape(2, 120, 7, 9)));
        AssertClose(ConvPoolTests.NaiveConv(x, 2, 64, 7, 9, wt, 120, g, 7, 9), y, 1e-12, "double, several K slices");
    }

    [TestMethod]
    public void ResultsAreIdenticalForAnyThreadCount()
    {
        (int N, int C, int H, int W, int O, Conv2dGeometry G)[] cases =
        [
            (8, 16, 14, 14, 32, new(3, 3, 1, 1, 1, 1, 1, 1)),
            (3, 24, 29, 31, 20, new(3, 3, 2, 1, 1, 1, 1, 1, Groups: 2)),
            (2, 80, 9, 10, 200, new(3, 3, 1, 1, 1, 1, 1, 1)),
        ];
        foreach (var (n, c, h, w, o, g) in cases)
        {
            int oh = g.OutH(h), ow = g.OutW(w), cg = c / g.Groups;
            var x = RandomFloats(n * c * h * w, 51);
            var wt = RandomFloats(o * cg * g.KernelH * g.KernelW, 52);
            float[] Run() => Read<float>(B.Conv2d(T(x, n, c, h, w), T(wt, o, cg, g.KernelH, g.KernelW), g, new Shape(n, o, oh, ow)));
            var one = WithThreads(1, Run);
            foreach (int threads in new[] { 2, 3 })
                CollectionAssert.AreEqual(one, WithThreads(threads, Run), $"{threads} threads, {n}x{c}x{h}x{w} {g}");
        }
    }

    [TestMethod]
    public void StrideOneInputGradientMatchesDirectLoop()
    {
        // 16+ input channels per group and stride 1 run as a flipped convolution (InputGradientAsConv); the rest keep im2col + fold
        (int N, int C, int H, int W, int O, Conv2dGeometry G)[] cases =
        [
            (2, 16, 9, 11, 5, new(3, 3, 1, 1, 1, 1, 1, 1)),
            (3, 32, 5, 6, 7, new(2, 2, 1, 1, 1, 0, 0, 1)),
            (2, 16, 10, 12, 6, new(3, 2, 1, 1, 2, 1, 0, 3, 2, 3)),
            (2, 32, 7, 8, 6, new(3, 3, 1, 1, 1, 1, 1, 1, Groups: 2)),
            (2, 16, 6, 7, 4, new(3, 3)),
            (2, 16, 8, 8, 3, new(1, 1, 1, 1, 1, 1, 1, 1)),
            .. Cases,
        ];
        foreach (var (n, c, h, w, o, g) in cases)
        {
            int oh = g.OutH(h), ow = g.OutW(w), cg = c / g.Groups;
            var wt = RandomDoubles(o * cg * g.KernelH * g.KernelW, 35);
            var dy = RandomDoubles(n * o * oh * ow, 36);
            var dx = Read<double>(B.Conv2dBackwardInput(T(dy, n, o, oh, ow), T(wt, o, cg, g.KernelH, g.KernelW), new Shape(n, c, h, w), g));
            AssertClose(NaiveInputGradient(dy, n, c, h, w, wt, o, g, oh, ow), dx, 1e-12, $"input gradient {n}x{c}x{h}x{w} <- {o} {g}");
        }
        Assert.IsTrue(InputGradientAsConv.Supports(new Conv2dGeometry(3, 3, 1, 1, 1, 1, 1, 1), 16));
        Assert.IsFalse(InputGradientAsConv.Supports(new Conv2dGeometry(3, 3, 1, 1, 1, 1, 1, 1), 3), "few input channels");
        Assert.IsFalse(InputGradientAsConv.Supports(new Conv2dGeometry(1, 1, 1, 1, 1, 1, 1, 1), 16), "padding beyond the kernel reach");
        Assert.IsFalse(InputGradientAsConv.Supports(new Conv2dGeometry(3, 3, 2, 1, 1, 1, 1, 1), 16), "vertical stride");
    }

    [TestMethod]
    public void RunsCoverEveryColumnWithContiguousSources()
    {
        // (oh, ow, padded, stride): rows shorter and longer than a vector, images shorter than a panel
        (int OH, int OW, (int, int) Padded, int Sh)[] shapes = [(14, 14, (16, 16), 1), (56, 56, (58, 58), 1), (2, 2, (3, 3), 1), (9, 33, (9, 33), 1), (5, 7, (12, 9), 2)];
        foreach (var (oh, ow, padded, sh) in shapes)
        {
            var cols = new ImplicitColumns(oh, ow, padded, 3, sh);
            int total = 3 * oh * ow;
            foreach (int maxRun in new[] { 8, 16 })
                for (int j0 = 0; j0 < total; j0 += 32)
                {
                    int width = Math.Min(32, total - j0);
                    var src = new int[32];
                    var dst = new int[32];
                    int runs = cols.Runs(j0, width, maxRun, src, dst);
                    Assert.AreEqual(0, dst[0]);
                    for (int r = 0; r < runs; r++)
                    {
                        int end = r + 1 < runs ? dst[r + 1] : width;
                        Assert.IsTrue(end > dst[r] && end - dst[r] <= maxRun, $"run {r} of panel {j0}: [{dst[r]}, {end})");
                        for (int c = dst[r]; c < end; c++)
                            Assert.AreEqual(cols.Source(j0 + c), src[r] + c - dst[r], $"{oh}x{ow} column {j0 + c}");
                    }
                }
        }
    }

    // dx[b, ci, ih, iw] = sum over outputs and taps that read (ih, iw) of w * dy (adjoint of the direct forward loop)
    private static double[] NaiveInputGradient(double[] dy, int n, int c, int h, int w, double[] wt, int o, Conv2dGeometry g, int oh, int ow)
    {
        int cg = c / g.Groups, og = o / g.Groups;
        var dx = new double[n * c * h * w];
        for (int b = 0; b < n; b++)
            for (int oc = 0; oc < o; oc++)
                for (int i = 0; i < oh; i++)
                    for (int j = 0; j < ow; j++)
                        for (int ic = 0; ic < cg; ic++)
                            for (int ki = 0; ki < g.KernelH; ki++)
                                for (int kj = 0; kj < g.KernelW; kj++)
                                {
                                    int ih = i * g.StrideH - g.PadTop + ki * g.DilationH, iw = j * g.StrideW - g.PadLeft + kj * g.DilationW;
                                    if (ih < 0 || ih >= h || iw < 0 || iw >= w) continue;
                                    dx[((b * c + oc / og * cg + ic) * h + ih) * w + iw] +=
                                        wt[((oc * cg + ic) * g.KernelH + ki) * g.KernelW + kj] * dy[((b * o + oc) * oh + i) * ow + j];
                                }
        return dx;
    }

    private static void CheckFloat(int n, int c, int h, int w, int o, Conv2dGeometry g, double tol)
    {
        int oh = g.OutH(h), ow = g.OutW(w), cg = c / g.Groups;
        var x = RandomFloats(n * c * h * w, 33);
        var wt = RandomFloats(o * cg * g.KernelH * g.KernelW, 34);
        var y = Read<float>(B.Conv2d(T(x, n, c, h, w), T(wt, o, cg, g.KernelH, g.KernelW), g, new Shape(n, o, oh, ow)));
        var expected = ConvPoolTests.NaiveConv([.. x.Select(v => (double)v)], n, c, h, w, [.. wt.Select(v => (double)v)], o, g, oh, ow);
        // float sums of K products: error grows like sqrt(K) ulps of the terms
        AssertClose(expected, [.. y.Select(v => (double)v)], tol, $"float {n}x{c}x{h}x{w} -> {o} {g}");
    }
}
