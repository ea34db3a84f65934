using System.Numerics;
using KerasSharp.Backends.Native.Gpu.Kernels;
using static KerasSharp.Backends.Native.Tests.TestUtil;
using static KerasSharp.Backends.Native.Tests.Gpu.GpuTestDevice;

namespace KerasSharp.Backends.Native.Tests.Gpu;

/// <summary>Convolution (forward, both gradients) and pooling on the emulated device against the CPU backend.</summary>
[TestClass]
public class GpuConvPoolTests
{
    // (N, C, H, W, O, geometry)
    private static readonly (int N, int C, int H, int W, int O, Conv2dGeometry G)[] ConvCases =
    [
        (2, 3, 7, 6, 4, new Conv2dGeometry(3, 3, PadTop: 1, PadBottom: 1, PadLeft: 1, PadRight: 1)),
        (2, 3, 9, 8, 5, new Conv2dGeometry(3, 2, StrideH: 2, StrideW: 2, PadTop: 0, PadBottom: 1, PadLeft: 1, PadRight: 0, DilationH: 2, DilationW: 1)),
        (2, 4, 7, 7, 6, new Conv2dGeometry(3, 3, StrideH: 2, StrideW: 1, PadTop: 1, PadBottom: 1, PadLeft: 1, PadRight: 1, Groups: 2)),
        (3, 4, 5, 5, 8, new Conv2dGeometry(3, 3, PadTop: 1, PadBottom: 1, PadLeft: 1, PadRight: 1, Groups: 4)),
        (2, 3, 5, 4, 5, new Conv2dGeometry(1, 1)),
        (1, 2, 6, 6, 3, new Conv2dGeometry(2, 2, StrideH: 2, StrideW: 2)),
    ];

    [TestMethod]
    public void ConvFloat32MatchesCpu()
    {
        foreach (var c in ConvCases) Conv<float>(c.N, c.C, c.H, c.W, c.O, c.G, 2e-6);
    }

    [TestMethod]
    public void ConvFloat64MatchesCpu()
    {
        foreach (var c in ConvCases) Conv<double>(c.N, c.C, c.H, c.W, c.O, c.G, 1e-13);
    }

    private static readonly (PoolOp Op, Conv2dGeometry G)[] PoolCases =
    [
        (PoolOp.Max, new Conv2dGeometry(2, 2, StrideH: 2, StrideW: 2)),
        (PoolOp.Max, new Conv2dGeometry(3, 3, StrideH: 2, StrideW: 2, PadTop: 1, PadBottom: 1, PadLeft: 1, PadRight: 1)),
        (PoolOp.Max, new Conv2dGeometry(3, 2, StrideH: 1, StrideW: 2, PadTop: 2, PadBottom: 0, PadLeft: 0, PadRight: 1, DilationH: 2)),
        (PoolOp.Average, new Conv2dGeometry(2, 2, StrideH: 2, StrideW: 2)),
        (PoolOp.Average, new Conv2dGeometry(3, 3, StrideH: 1, StrideW: 1, PadTop: 1, PadBottom: 1, PadLeft: 1, PadRight: 1)),
        (PoolOp.Average, new Conv2dGeometry(3, 3, StrideH: 2, StrideW: 1, PadTop: 2, PadBottom: 2, PadLeft: 0, PadRight: 2, DilationW: 2)),
    ];

    [TestMethod]
    public void PoolingMatchesCpuExactly()
    {
        foreach (var (op, g) in PoolCases)
        {
            Pool<float>(op, g, withTiesAndNaN: false);
            Pool<double>(op, g, withTiesAndNaN: false);
            Pool<float>(op, g, withTiesAndNaN: true);
        }
    }

    private static void Conv<TE>(int n, int c, int h, int w, int o, Conv2dGeometry g, double tol)
        where TE : unmanaged, IFloatingPointIeee754<TE>, IConvertible
    {
        var s = ConvShape.Of(n, c, h, w, o, g);
        string what = $"{typeof(TE).Name} conv x[{n},{c},{h},{w}] o={o} {g}";
        var x = Values<TE>(n * c * h * w, 1 + c);
        var wt = Values<TE>(o * (c / s.Groups) * g.KernelH * g.KernelW, 2 + o);
        var dyHost = Values<TE>(n * o * s.P, 3 + n);
        var xShape = new Shape(n, c, h, w);
        var wShape = new Shape(o, c / s.Groups, g.KernelH, g.KernelW);
        var yShape = new Shape(n, o, s.OH, s.OW);
        using var cx = T(x, xShape.Dims.ToArray());
        using var cw = T(wt, wShape.Dims.ToArray());
        using var cdy = T(dyHost, yShape.Dims.ToArray());
        using var cy = B.Conv2d(cx, cw, g, yShape);
        using var cdx = B.Conv2dBackwardInput(cdy, cw, xShape, g);
        using var cdw = B.Conv2dBackwardWeight(cx, cdy, wShape, g);

        var stream = Accelerator.DefaultStream;
        using var dx_ = Upload(x);
        using var dw_ = Upload(wt);
        using var ddy = Upload(dyHost);
        using var y = Zeros<TE>(yShape.Size);
        using var gx = Zeros<TE>(xShape.Size);
        using var gw = Zeros<TE>(wShape.Size);
        long scratchLength = Math.Max(GpuConv2d.ForwardScratch(s), Math.Max(GpuConv2d.BackwardInputScratch(s), GpuConv2d.BackwardWeightScratch(s)));
        using var scratch = Zeros<TE>(scratchLength);
        GpuConv2d.Forward<TE>(stream, dx_.View, dw_.View, y.View, s, scratch.View);
        AssertClose(Read<TE>(cy), Download(y, yShape.Size), tol * Math.Sqrt(s.K), what + " forward");
        GpuConv2d.BackwardInput<TE>(stream, ddy.View, dw_.View, gx.View, s, scratch.View);
        AssertClose(Read<TE>(cdx), Download(gx, xShape.Size), tol * Math.Sqrt(s.K), what + " input gradient");
        GpuConv2d.BackwardWeight<TE>(stream, dx_.View, ddy.View, gw.View, s, scratch.View);
        AssertClose(Read<TE>(cdw), Download(gw, wShape.Size), tol * Math.Sqrt(n * s.P) * 4, what + " weight gradient");
    }

    private static void Pool<TE>(PoolOp op, Conv2dGeometry g, bool withTiesAndNaN) where TE : unmanaged, IFloatingPointIeee754<TE>, IConvertible
    {
        int n = 2, c = 3, h = 7, w = 8;
        var s = ConvShape.Of(n, c, h, w, c, g);
        string what = $"{typeof(TE).Name} {op} pool {g} ties/NaN={withTiesAndNaN}";
        var x = Values<TE>(n * c * h * w, 5);
        if (withTiesAndNaN)
            for (int i = 0; i < x.Length; i++)
                x[i] = i % 13 == 0 ? TE.NaN : TE.CreateChecked(Math.Round(double.CreateChecked(x[i]) * 2)); // few distinct values: ties
        var xShape = new Shape(n, c, h, w);
        var yShape = new Shape(n, c, s.OH, s.OW);
        var dyHost = Values<TE>(yShape.Size, 6);
        using var cx = T(x, xShape.Dims.ToArray());
        using var cdy = T(dyHost, yShape.Dims.ToArray());
        using var cy = B.Pool2d(op, cx, g, yShape);
        using var cdx = B.Pool2dBackward(op, cx, cdy, g);

        var stream = Accelerator.DefaultStream;
        using var dx_ = Upload(x);
        using var ddy = Upload(dyHost);
        using var y = Zeros<TE>(yShape.Size);
        using var gx = Zeros<TE>(xShape.Size);
        GpuPool2d.Forward<TE>(stream, op, dx_.View, y.View, s);
        GpuPool2d.Backward<TE>(stream, op, dx_.View, ddy.View, gx.View, s);
        AssertClose(Read<TE>(cy), Download(y, yShape.Size), 0, what + " forward");
        AssertClose(Read<TE>(cdx), Download(gx, xShape.Size), 0, what + " gradient");
    }

    internal static TE[] Values<TE>(int n, int seed) where TE : unmanaged, IFloatingPointIeee754<TE> =>
        RandomDoubles(n, seed).Select(TE.CreateChecked).ToArray();
}
