using System.Numerics;
using KerasSharp.Backends.Native.Gpu.Kernels;
using static KerasSharp.Backends.Native.Tests.TestUtil;
using static KerasSharp.Backends.Native.Tests.Gpu.GpuTestDevice;

namespace KerasSharp.Backends.Native.Tests.Gpu;

/// <summary>
/// Channels-last convolution (forward, both gradients) and pooling on the emulated device against the CPU backend's
/// NCHW ops on the same data transposed on the host (x NHWC to NCHW, kernel [KH, KW, C, O] to [O, C, KH, KW]).
/// </summary>
[TestClass]
public class GpuChannelsLastTests
{
    private static readonly (int N, int C, int H, int W, int O, Conv2dGeometry G)[] Cases =
    [
        (2, 3, 7, 6, 4, new Conv2dGeometry(3, 3, PadTop: 1, PadBottom: 1, PadLeft: 1, PadRight: 1)),
        (2, 3, 9, 8, 5, new Conv2dGeometry(3, 2, StrideH: 2, StrideW: 2, PadTop: 0, PadBottom: 1, PadLeft: 1, PadRight: 0, DilationH: 2)),
        (3, 2, 5, 5, 3, new Conv2dGeometry(1, 1)),
    ];

    [TestMethod]
    public void ConvMatchesCpuInBothPrecisions()
    {
        foreach (var c in Cases)
        {
            Conv<float>(c.N, c.C, c.H, c.W, c.O, c.G, 2e-6);
            Conv<double>(c.N, c.C, c.H, c.W, c.O, c.G, 1e-13);
        }
    }

    [TestMethod]
    public void PoolingMatchesCpuExactly()
    {
        Pool<float>(PoolOp.Max, new Conv2dGeometry(2, 2, StrideH: 2, StrideW: 2));
        Pool<float>(PoolOp.Max, new Conv2dGeometry(3, 3, StrideH: 2, StrideW: 1, PadTop: 1, PadBottom: 1, PadLeft: 1, PadRight: 1, DilationW: 2));
        Pool<double>(PoolOp.Average, new Conv2dGeometry(3, 3, StrideH: 2, StrideW: 2, PadTop: 1, PadBottom: 1, PadLeft: 1, PadRight: 1));
    }

    [TestMethod]
    public void GroupedChannelsLastConvIsRefusedWithAMessage()
    {
        var s = ConvShape.Of(1, 4, 3, 3, 4, new Conv2dGeometry(1, 1, Groups: 2));
        var e = Assert.ThrowsExactly<NotSupportedException>(() =>
            GpuConv2dChannelsLast.Forward<float>(Accelerator.DefaultStream, default, default, default, s, default));
        StringAssert.Contains(e.Message, "conv2d: the channels-last GPU convolution takes groups=1, got 2");
    }

    private static void Conv<TE>(int n, int c, int h, int w, int o, Conv2dGeometry g, double tol)
        where TE : unmanaged, IFloatingPointIeee754<TE>, IConvertible
    {
        var s = ConvShape.Of(n, c, h, w, o, g);
        string what = $"{typeof(TE).Name} channels-last conv x[{n},{h},{w},{c}] o={o} {g}";
        var xNhwc = GpuConvPoolTests.Values<TE>(n * h * w * c, 11 + c);
        var kHwio = GpuConvPoolTests.Values<TE>(g.KernelH * g.KernelW * c * o, 12 + o);
        var dyNhwc = GpuConvPoolTests.Values<TE>(n * s.P * o, 13);
        using var cx = T(ToNchw(xNhwc, n, h, w, c), n, c, h, w);
        using var cw = T(KernelToOihw(kHwio, g.KernelH, g.KernelW, c, o), o, c, g.KernelH, g.KernelW);
        using var cdy = T(ToNchw(dyNhwc, n, s.OH, s.OW, o), n, o, s.OH, s.OW);
        using var cy = B.Conv2d(cx, cw, g, new Shape(n, o, s.OH, s.OW));
        using var cdx = B.Conv2dBackwardInput(cdy, cw, new Shape(n, c, h, w), g);
        using var cdw = B.Conv2dBackwardWeight(cx, cdy, new Shape(o, c, g.KernelH, g.KernelW), g);

        var stream = Accelerator.DefaultStream;
        using var dx_ = Upload(xNhwc);
        using var dk = Upload(kHwio);
        using var ddy = Upload(dyNhwc);
        using var y = Zeros<TE>(n * s.P * o);
        using var gx = Zeros<TE>(xNhwc.Length);
        using var gk = Zeros<TE>(kHwio.Length);
        using var scratch = Zeros<TE>(GpuConv2dChannelsLast.Scratch(s));
        GpuConv2dChannelsLast.Forward<TE>(stream, dx_.View, dk.View, y.View, s, scratch.View);
        AssertClose(ToNhwc(Read<TE>(cy), n, o, s.OH, s.OW), Download(y, y.Length), tol * Math.Sqrt(s.K), what + " forward");
        GpuConv2dChannelsLast.BackwardInput<TE>(stream, ddy.View, dk.View, gx.View, s, scratch.View);
        AssertClose(ToNhwc(Read<TE>(cdx), n, c, h, w), Download(gx, gx.Length), tol * Math.Sqrt(s.K), what + " input gradient");
        GpuConv2dChannelsLast.BackwardWeight<TE>(stream, dx_.View, ddy.View, gk.View, s, scratch.View);
        AssertClose(KernelToHwio(Read<TE>(cdw), o, c, g.KernelH, g.KernelW), Download(gk, gk.Length), tol * Math.Sqrt(n * s.P) * 4,
                    what + " kernel gradient");
    }

    private static void Pool<TE>(PoolOp op, Conv2dGeometry g) where TE : unmanaged, IFloatingPointIeee754<TE>, IConvertible
    {
        int n = 2, c = 3, h = 7, w = 8;
        var s = ConvShape.Of(n, c, h, w, c, g);
        string what = $"{typeof(TE).Name} channels-last {op} pool {g}";
        var xNhwc = GpuConvPoolTests.Values<TE>(n * h * w * c, 21);
        var dyNhwc = GpuConvPoolTests.Values<TE>(n * s.P * c, 22);
        using var cx = T(ToNchw(xNhwc, n, h, w, c), n, c, h, w);
        using var cdy = T(ToNchw(dyNhwc, n, s.OH, s.OW, c), n, c, s.OH, s.OW);
        using var cy = B.Pool2d(op, cx, g, new Shape(n, c, s.OH, s.OW));
        using var cdx = B.Pool2dBackward(op, cx, cdy, g);
        using var dx_ = Upload(xNhwc);
        using var ddy = Upload(dyNhwc);
        using var y = Zeros<TE>(dyNhwc.Length);
        using var gx = Zeros<TE>(xNhwc.Length);
        GpuPool2d.Forward<TE>(Accelerator.DefaultStream, op, dx_.View, y.View, s, channelsLast: true);
        GpuPool2d.Backward<TE>(Accelerator.DefaultStream, op, dx_.View, ddy.View, gx.View, s, channelsLast: true);
        AssertClose(ToNhwc(Read<TE>(cy), n, c, s.OH, s.OW), Download(y, y.Length), 0, what + " forward");
        AssertClose(ToNhwc(Read<TE>(cdx), n, c, h, w), Download(gx, gx.Length), 0, what + " gradient");
    }

    private static TE[] ToNchw<TE>(TE[] a, int n, int h, int w, int c)
    {
        var r = new TE[a.Length];
        for (int i = 0; i < n; i++) for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) for (int k = 0; k < c; k++)
            r[((i * c + k) * h + y) * w + x] = a[((i * h + y) * w + x) * c + k];
        return r;
    }

    private static TE[] ToNhwc<TE>(TE[] a, int n, int c, int h, int w)
    {
        var r = new TE[a.Length];
        for (int i = 0; i < n; i++) for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) for (int k = 0; k < c; k++)
            r[((i * h + y) * w + x) * c + k] = a[((i * c + k) * h + y) * w + x];
        return r;
    }

    private static TE[] KernelToOihw<TE>(TE[] a, int kh, int kw, int c, int o)
    {
        var r = new TE[a.Length];
        for (int i = 0; i < kh; i++) for (int j = 0; j < kw; j++) for (int k = 0; k < c; k++) for (int m = 0; m < o; m++)
            r[((m * c + k) * kh + i) * kw + j] = a[((i * kw + j) * c + k) * o + m];
        return r;
    }

    private static TE[] KernelToHwio<TE>(TE[] a, int o, int c, int kh, int kw)
    {
        var r = new TE[a.Length];
        for (int i = 0; i < kh; i++) for (int j = 0; j < kw; j++) for (int k = 0; k < c; k++) for (int m = 0; m < o; m++)
            r[((i * kw + j) * c + k) * o + m] = a[((m * c + k) * kh + i) * kw + j];
        return r;
    }
}
