using static KerasSharp.Backends.Native.Tests.TestUtil;

namespace KerasSharp.Backends.Native.Tests;

[TestClass]
public class ConvPoolTests
{
    internal static double[] NaiveConv(double[] x, int n, int c, int h, int w, double[] wt, int o, Conv2dGeometry g, int oh, int ow)
    {
        int cg = c / g.Groups, og = o / g.Groups;
        var y = new double[n * o * oh * ow];
        for (int b = 0; b < n; b++)
            for (int oc = 0; oc < o; oc++)
                for (int i = 0; i < oh; i++)
                    for (int j = 0; j < ow; j++)
                    {
                        double s = 0;
                        int grp = oc / og;
                        for (int ic = 0; ic < cg; ic++)
                            for (int ki = 0; ki < g.KernelH; ki++)
                                for (int kj = 0; kj < g.KernelW; kj++)
                                {
                                    int ih = i * g.StrideH - g.PadTop + ki * g.DilationH;
                                    int iw = j * g.StrideW - g.PadLeft + kj * g.DilationW;
                                    if (ih < 0 || ih >= h || iw < 0 || iw >= w) continue;
                                    s += x[((b * c + grp * cg + ic) * h + ih) * w + iw] * wt[((oc * cg + ic) * g.KernelH + ki) * g.KernelW + kj];
                                }
                        y[((b * o + oc) * oh + i) * ow + j] = s;
                    }
        return y;
    }

    private static readonly Conv2dGeometry[] Geometries =
    [
        new(3, 3),
        new(3, 3, 2, 2, 1, 1, 1, 1),
        new(3, 2, 2, 1, 1, 0, 2, 1, 2, 2, 2),
        new(1, 1, Groups: 2),
        new(1, 1, 2, 2),
        new(5, 5, 1, 1, 2, 2, 2, 2, 1, 1, 4),
    ];

    [TestMethod]
    public void ForwardMatchesDirectLoop()
    {
        int n = 2, c = 4, h = 9, w = 8, o = 6;
        foreach (var g0 in Geometries)
        {
            var g = g0;
            int oc = g.Groups == 4 ? 8 : o;
            int oh = g.OutH(h), ow = g.OutW(w);
            var x = RandomDoubles(n * c * h * w, 1);
            var wt = RandomDoubles(oc * (c / g.Groups) * g.KernelH * g.KernelW, 2);
            using var y = B.Conv2d(T(x, n, c, h, w), T(wt, oc, c / g.Groups, g.KernelH, g.KernelW), g, new Shape(n, oc, oh, ow));
            AssertClose(NaiveConv(x, n, c, h, w, wt, oc, g, oh, ow), Read<double>(y), 1e-12, g.ToString());
        }
    }

    [TestMethod]
    public void GradientsAreAdjointsOfForward()
    {
        // <conv(x, w), dy> = <x, dX(dy)> = <w, dW(x, dy)> for every geometry
        int n = 2, c = 4, h = 7, w = 6, o = 6;
        foreach (var g in Geometries)
        {
            int oc = g.Groups == 4 ? 8 : o, oh = g.OutH(h), ow = g.OutW(w), cg = c / g.Groups;
            var xs = new Shape(n, c, h, w);
            var wsh = new Shape(oc, cg, g.KernelH, g.KernelW);
            var x = RandomDoubles(xs.Size, 3);
            var wt = RandomDoubles(wsh.Size, 4);
            var dy = RandomDoubles(n * oc * oh * ow, 5);
            var y = Read<double>(B.Conv2d(T(x, xs.ToArray()), T(wt, wsh.ToArray()), g, new Shape(n, oc, oh, ow)));
            var dx = Read<double>(B.Conv2dBackwardInput(T(dy, n, oc, oh, ow), T(wt, wsh.ToArray()), xs, g));
            var dw = Read<double>(B.Conv2dBackwardWeight(T(x, xs.ToArray()), T(dy, n, oc, oh, ow), wsh, g));
            double lhs = y.Zip(dy, (a, b) => a * b).Sum();
            Assert.AreEqual(lhs, x.Zip(dx, (a, b) => a * b).Sum(), 1e-9 * Math.Max(1, Math.Abs(lhs)), $"input gradient {g}");
            Assert.AreEqual(lhs, wt.Zip(dw, (a, b) => a * b).Sum(), 1e-9 * Math.Max(1, Math.Abs(lhs)), $"weight gradient {g}");
        }
    }

    [TestMethod]
    public void Float32ConvMatchesFloat64()
    {
        var g = new Conv2dGeometry(3, 3, 1, 1, 1, 1, 1, 1);
        int n = 3, c = 16, h = 12, w = 12, o = 32;
        var xd = RandomDoubles(n * c * h * w, 7);
        var wd = RandomDoubles(o * c * 9, 8);
        var yd = NaiveConv(xd, n, c, h, w, wd, o, g, h, w);
        using var y = B.Conv2d(T(xd.Select(v => (float)v).ToArray(), n, c, h, w), T(wd.Select(v => (float)v).ToArray(), o, c, 3, 3), g, new Shape(n, o, h, w));
        AssertClose(yd, Read<float>(y).Select(v => (double)v).ToArray(), 1e-5, "float32 conv");
    }

    [TestMethod]
    public void MaxPoolForwardAndBackward()
    {
        float[] x = [1, 5, 2, 0,
                     3, 5, 1, 1,
                     0, 0, 7, 7,
                     4, 1, 7, 2];
        var g = new Conv2dGeometry(2, 2, 2, 2);
        using var xt = T(x, 1, 1, 4, 4);
        CollectionAssert.AreEqual(new float[] { 5, 2, 4, 7 }, Read<float>(B.Pool2d(PoolOp.Max, xt, g, new Shape(1, 1, 2, 2))));
        var dx = Read<float>(B.Pool2dBackward(PoolOp.Max, xt, T(new float[] { 10, 20, 30, 40 }, 1, 1, 2, 2), g));
        // ties go to the first maximum in the window (row-major)
        CollectionAssert.AreEqual(new float[] { 0, 10, 20, 0, 0, 0, 0, 0, 0, 0, 40, 0, 30, 0, 0, 0 }, dx);
    }

    [TestMethod]
    public void MaxPoolPaddingNeverWins()
    {
        float[] x = [-3, -2, -5, -1];
        var g = new Conv2dGeometry(2, 2, 1, 1, 1, 0, 1, 0);
        using var xt = T(x, 1, 1, 2, 2);
        CollectionAssert.AreEqual(new float[] { -3, -2, -3, -1 }, Read<float>(B.Pool2d(PoolOp.Max, xt, g, new Shape(1, 1, 2, 2))));
        var dx = Read<float>(B.Pool2dBackward(PoolOp.Max, xt, T(new float[] { 1, 1, 1, 1 }, 1, 1, 2, 2), g));
        CollectionAssert.AreEqual(new float[] { 2, 1, 0, 1 }, dx);
    }

    [TestMethod]
    public void AveragePoolCountsOnlyValidCells()
    {
        float[] x = [1, 2, 3, 4, 5, 6, 7, 8, 9];
        var g = new Conv2dGeometry(3, 3, 1, 1, 1, 1, 1, 1);
        using var xt = T(x, 1, 1, 3, 3);
        var y = Read<float>(B.Pool2d(PoolOp.Average, xt, g, new Shape(1, 1, 3, 3)));
        // corner (0,0) window covers 1,2,4,5 -> 3; centre covers all -> 5
        Assert.AreEqual(3f, y[0], 1e-6f);
        Assert.AreEqual(5f, y[4], 1e-6f);
        Assert.AreEqual(7f, y[8], 1e-6f);
        Assert.AreEqual((1 + 2 + 3 + 4 + 5 + 6) / 6f, y[1], 1e-6f);
        var dx = Read<float>(B.Pool2dBackward(PoolOp.Average, xt, T(new float[9].Select(_ => 1f).ToArray(), 1, 1, 3, 3), g));
        // corner cell is in 4 windows: three of 4 cells... sum of 1/count over windows containing it
        float corner = 1 / 4f + 1 / 6f + 1 / 6f + 1 / 9f;
        Assert.AreEqual(corner, dx[0], 1e-6f);
        Assert.AreEqual(9f, dx.Sum(), 1e-5f, "each window distributes exactly its gradient");
    }
}
