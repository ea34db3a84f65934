using System.Numerics;
using ILGPU;
using ILGPU.Runtime;

namespace KerasSharp.Backends.Native.Gpu.Kernels;

/// <summary>
/// NCHW max and average pooling and their gradients, with the CPU backend's rules: only cells inside the image
/// take part (padding never wins a max and is not counted in an average), a window with no cell inside gives 0,
/// a max goes to the first maximum in row-major window order (NaN wins). The gradient is a gather per input cell
/// over the windows that cover it, in ascending window order (the CPU's order of additions, so the same values).
/// Uses <see cref="ConvShape"/> with O = C; NCHW, or channels-last [N, H, W, C] with the flag. Asynchronous on the given stream.
/// Signatures stable.
/// </summary>
internal static class GpuPool2d
{
    /// <summary>y [N, C, OH, OW] = pool(x [N, C, H, W]); with <paramref name="channelsLast"/>, y [N, OH, OW, C] from x [N, H, W, C].</summary>
    public static void Forward<T>(AcceleratorStream stream, PoolOp op, ArrayView<T> x, ArrayView<T> y, ConvShape s, bool channelsLast = false)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        long outputs = (long)s.N * s.C * s.P;
        if (outputs == 0) return;
        Kernels<T>.Forward.For(stream.Accelerator)(stream, LaunchShape.Elements(outputs, "pool2d"), x, y, s,
                                                   new PoolFlags(op == PoolOp.Max ? 1 : 0, channelsLast ? 1 : 0));
    }

    /// <summary>dx (x's shape and layout) from x and dy.</summary>
    public static void Backward<T>(AcceleratorStream stream, PoolOp op, ArrayView<T> x, ArrayView<T> dy, ArrayView<T> dx, ConvShape s, bool channelsLast = false)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        long inputs = (long)s.N * s.C * s.H * s.W;
        if (inputs == 0) return;
        Kernels<T>.Backward.For(stream.Accelerator)(stream, LaunchShape.Elements(inputs, "pool2d_backward"), x, dy, dx, s,
                                                    new PoolFlags(op == PoolOp.Max ? 1 : 0, channelsLast ? 1 : 0));
    }

    /// <summary>Kernel flags: max (1) or average (0); channels-last (1) or NCHW (0).</summary>
    internal readonly record struct PoolFlags(int Max, int ChannelsLast);

    // Where one (image, channel) plane lives: element (h, w) is at Base + h·RowStride + w·ColStride.
    private readonly record struct Plane(long Base, int RowStride, int ColStride);

    private static Plane InputPlane(ConvShape s, int n, int c, int channelsLast) =>
        channelsLast != 0 ? new((long)n * s.H * s.W * s.C + c, s.W * s.C, s.C) : new(((long)n * s.C + c) * s.H * s.W, s.W, 1);

    private static Plane OutputPlane(ConvShape s, int n, int c, int channelsLast) =>
        channelsLast != 0 ? new((long)n * s.P * s.C + c, s.OW * s.C, s.C) : new(((long)n * s.C + c) * s.P, s.OW, 1);

    private static void ForwardKernel<T>(Index1D e, ArrayView<T> x, ArrayView<T> y, ConvShape s, PoolFlags f)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n, c, p;
        if (f.ChannelsLast != 0) { c = e % s.C; int r = e / s.C; p = r % s.P; n = r / s.P; }
        else { p = e % s.P; int r = e / s.P; c = r % s.C; n = r / s.C; }
        y[e] = Window(x, InputPlane(s, n, c, f.ChannelsLast), s, p / s.OW, p % s.OW, f.Max, out _, out _);
    }

    private static void BackwardKernel<T>(Index1D e, ArrayView<T> x, ArrayView<T> dy, ArrayView<T> dx, ConvShape s, PoolFlags f)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n, c, h, w;
        if (f.ChannelsLast != 0) { c = e % s.C; int r = e / s.C; w = r % s.W; r /= s.W; h = r % s.H; n = r / s.H; }
        else { w = e % s.W; int r = e / s.W; h = r % s.H; r /= s.H; c = r % s.C; n = r / s.C; }
        int at = h * s.W + w;
        var xPlane = InputPlane(s, n, c, f.ChannelsLast);
        var yPlane = OutputPlane(s, n, c, f.ChannelsLast);
        // windows i whose taps can reach h: i·SH - PT + ki·DH = h for some ki in [0, KH)
        int iLo = Math.Max(0, CeilDiv(h + s.PT - (s.KH - 1) * s.DH, s.SH)), iHi = Math.Min(s.OH - 1, FloorDiv(h + s.PT, s.SH));
        int jLo = Math.Max(0, CeilDiv(w + s.PL - (s.KW - 1) * s.DW, s.SW)), jHi = Math.Min(s.OW - 1, FloorDiv(w + s.PL, s.SW));
        T sum = T.Zero;
        for (int i = iLo; i <= iHi; i++)
        {
            if ((h + s.PT - i * s.SH) % s.DH != 0) continue;
            for (int j = jLo; j <= jHi; j++)
            {
                if ((w + s.PL - j * s.SW) % s.DW != 0) continue;
                T g = dy[yPlane.Base + (long)i * yPlane.RowStride + (long)j * yPlane.ColStride];
                if (f.Max != 0)
                {
                    Window(x, xPlane, s, i, j, 1, out int best, out _);
                    if (best == at) sum += g;
                }
                else
                {
                    Window(x, xPlane, s, i, j, 0, out _, out T count);
                    sum += g / count;
                }
            }
        }
        dx[e] = sum;
    }

    // The window's max (first maximum, NaN wins) or mean over its in-image cells; best is the max's position h·W + w
    // (-1 when no cell is inside, then the value is 0), count the number of cells as T.
    private static T Window<T>(ArrayView<T> x, Plane plane, ConvShape s, int i, int j, int max, out int best, out T count)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int ih0 = i * s.SH - s.PT, iw0 = j * s.SW - s.PL;
        T acc = T.Zero;
        count = T.Zero;
        best = -1;
        for (int ki = 0; ki < s.KH; ki++)
        {
            int ih = ih0 + ki * s.DH;
            if (ih < 0 || ih >= s.H) continue;
            for (int kj = 0; kj < s.KW; kj++)
            {
                int iw = iw0 + kj * s.DW;
                if (iw < 0 || iw >= s.W) continue;
                T v = x[plane.Base + (long)ih * plane.RowStride + (long)iw * plane.ColStride];
                if (max == 0) acc += v;
                else if (best < 0 || v > acc || (T.IsNaN(v) && !T.IsNaN(acc)))
                {
                    acc = v;
                    best = ih * s.W + iw;
                }
                count += T.One;
            }
        }
        if (count == T.Zero) return T.Zero;
        return max != 0 ? acc : acc / count;
    }

    private static int FloorDiv(int a, int b) => a >= 0 ? a / b : -((-a + b - 1) / b);

    private static int CeilDiv(int a, int b) => a >= 0 ? (a + b - 1) / b : -(-a / b);

    private static class Kernels<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        public static readonly KernelCache<Action<AcceleratorStream, Index1D, ArrayView<T>, ArrayView<T>, ConvShape, PoolFlags>> Forward =
            new(a => a.LoadAutoGroupedKernel<Index1D, ArrayView<T>, ArrayView<T>, ConvShape, PoolFlags>(ForwardKernel<T>));

        public static readonly KernelCache<Action<AcceleratorStream, Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, ConvShape, PoolFlags>> Backward =
            new(a => a.LoadAutoGroupedKernel<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, ConvShape, PoolFlags>(BackwardKernel<T>));
    }
}
