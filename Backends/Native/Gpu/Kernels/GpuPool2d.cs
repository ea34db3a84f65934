using System.Numerics;
using ILGPU;
using ILGPU.Runtime;

namespace KerasSharp.Backends.Native.Gpu.Kernels;

/// <summary>
/// NCHW max and average pooling and their gradients, with the CPU backend's rules: only cells inside the image
/// take part (padding never wins a max and is not counted in an average), a window with no cell inside gives 0,
/// a max goes to the first maximum in row-major window order (NaN wins). The gradient is a gather per input cell
/// over the windows that cover it, in ascending window order (the CPU's order of additions, so the same values).
/// Uses <see cref="ConvShape"/> with O = C. Asynchronous on the given stream. Signatures stable.
/// </summary>
internal static class GpuPool2d
{
    /// <summary>y [N, C, OH, OW] = pool(x [N, C, H, W]).</summary>
    public static void Forward<T>(AcceleratorStream stream, PoolOp op, ArrayView<T> x, ArrayView<T> y, ConvShape s)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        long outputs = (long)s.N * s.C * s.P;
        if (outputs == 0) return;
        Kernels<T>.Forward.For(stream.Accelerator)(stream, LaunchShape.Elements(outputs, "pool2d"), x, y, s, op == PoolOp.Max ? 1 : 0);
    }

    /// <summary>dx [N, C, H, W] from x and dy [N, C, OH, OW].</summary>
    public static void Backward<T>(AcceleratorStream stream, PoolOp op, ArrayView<T> x, ArrayView<T> dy, ArrayView<T> dx, ConvShape s)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        long inputs = (long)s.N * s.C * s.H * s.W;
        if (inputs == 0) return;
        Kernels<T>.Backward.For(stream.Accelerator)(stream, LaunchShape.Elements(inputs, "pool2d_backward"), x, dy, dx, s, op == PoolOp.Max ? 1 : 0);
    }

    private static void ForwardKernel<T>(Index1D e, ArrayView<T> x, ArrayView<T> y, ConvShape s, int max)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int plane = e / s.P, p = e % s.P;
        y[e] = Window(x, (long)plane * s.H * s.W, s, p / s.OW, p % s.OW, max, out _, out _);
    }

    private static void BackwardKernel<T>(Index1D e, ArrayView<T> x, ArrayView<T> dy, ArrayView<T> dx, ConvShape s, int max)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int hw = s.H * s.W, plane = e / hw, at = e % hw, h = at / s.W, w = at % s.W;
        long xOff = (long)plane * hw, yOff = (long)plane * s.P;
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
                T g = dy[yOff + i * s.OW + j];
                if (max != 0)
                {
                    Window(x, xOff, s, i, j, 1, out int best, out _);
                    if (best == at) sum += g;
                }
                else
                {
                    Window(x, xOff, s, i, j, 0, out _, out T count);
                    sum += g / count;
                }
            }
        }
        dx[e] = sum;
    }

    // The window's max (first maximum, NaN wins) or mean over its in-image cells; best is the max's offset in the
    // plane (-1 when no cell is inside, then the value is 0), count the number of cells as T.
    private static T Window<T>(ArrayView<T> x, long off, ConvShape s, int i, int j, int max, out int best, out T count)
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
                int at = ih * s.W + iw;
                T v = x[off + at];
                if (max == 0) acc += v;
                else if (best < 0 || v > acc || (T.IsNaN(v) && !T.IsNaN(acc)))
                {
                    acc = v;
                    best = at;
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
        public static readonly KernelCache<Action<AcceleratorStream, Index1D, ArrayView<T>, ArrayView<T>, ConvShape, int>> Forward =
            new(a => a.LoadAutoGroupedKernel<Index1D, ArrayView<T>, ArrayView<T>, ConvShape, int>(ForwardKernel<T>));

        public static readonly KernelCache<Action<AcceleratorStream, Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, ConvShape, int>> Backward =
            new(a => a.LoadAutoGroupedKernel<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, ConvShape, int>(BackwardKernel<T>));
    }
}
