using System.Numerics;
using ILGPU;

namespace KerasSharp.Backends.Native.Gpu.Kernels;

/// <summary>
/// im2col and col2im for channels-last data (x [N, H, W, C], Keras kernel [KH, KW, C, O]): the column matrix is
/// [K, N·P] with rows K = (ki, kj, c) in the kernel's own order, so the kernel is the GEMM operand as it is stored.
/// </summary>
internal static class ChannelsLastColumnKernels
{
    /// <summary>One thread per column element (row kk, column n·P + p).</summary>
    public static void Im2Col<T>(Index1D e, ArrayView<T> x, ArrayView<T> col, ConvShape s) where T : unmanaged, INumber<T>
    {
        int np = s.N * s.P, q = e % np, kk = e / np;
        int n = q / s.P, p = q % s.P;
        int c = kk % s.C, tap = kk / s.C, ki = tap / s.KW, kj = tap % s.KW;
        int ih = p / s.OW * s.SH - s.PT + ki * s.DH, iw = p % s.OW * s.SW - s.PL + kj * s.DW;
        T v = T.Zero;
        if (ih >= 0 && ih < s.H && iw >= 0 && iw < s.W)
            v = x[(((long)n * s.H + ih) * s.W + iw) * s.C + c];
        col[e] = v;
    }

    /// <summary>One thread per input element (n, h, w, c): the sum of the column entries copied from it, taps in ascending order.</summary>
    public static void Col2Im<T>(Index1D e, ArrayView<T> col, ArrayView<T> dx, ConvShape s) where T : unmanaged, INumber<T>
    {
        int c = e % s.C, r = e / s.C;
        int w = r % s.W; r /= s.W;
        int h = r % s.H, n = r / s.H;
        long np = (long)s.N * s.P;
        T sum = T.Zero;
        for (int ki = 0; ki < s.KH; ki++)
        {
            int th = h + s.PT - ki * s.DH;
            if (th < 0 || th % s.SH != 0) continue;
            int oh = th / s.SH;
            if (oh >= s.OH) continue;
            for (int kj = 0; kj < s.KW; kj++)
            {
                int tw = w + s.PL - kj * s.DW;
                if (tw < 0 || tw % s.SW != 0) continue;
                int ow = tw / s.SW;
                if (ow >= s.OW) continue;
                sum += col[((ki * s.KW + kj) * s.C + c) * np + (long)n * s.P + oh * s.OW + ow];
            }
        }
        dx[e] = sum;
    }
}
