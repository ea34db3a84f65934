using System.Numerics;
using ILGPU;

namespace KerasSharp.Backends.Native.Gpu.Kernels;

/// <summary>Where column (n, group, kk, p) of an im2col matrix lives: n·SN + group·SG + kk·SK + p.</summary>
internal readonly record struct ColumnLayout(long SN, long SG, long SK)
{
    /// <summary>Per image then group: [N][G][K][P], each image's block a GEMM operand (forward, input gradient).</summary>
    public static ColumnLayout PerImage(in ConvShape s) => new((long)s.Groups * s.K * s.P, (long)s.K * s.P, s.P);

    /// <summary>Per group, images side by side: [G][K][N·P], one GEMM per group over all images (weight gradient).</summary>
    public static ColumnLayout PerGroup(in ConvShape s) => new(s.P, (long)s.K * s.N * s.P, (long)s.N * s.P);
}

/// <summary>The element kernels around the convolution GEMMs: im2col, its adjoint col2im (as a gather), a permute.</summary>
internal static class ConvColumnKernels
{
    /// <summary>One thread per column element: the input pixel under kernel tap (ki, kj) of output p, or 0 in padding.</summary>
    public static void Im2Col<T>(Index1D e, ArrayView<T> x, ArrayView<T> col, ConvShape s, ColumnLayout layout)
        where T : unmanaged, INumber<T>
    {
        int p = e % s.P, r = e / s.P;
        int kj = r % s.KW; r /= s.KW;
        int ki = r % s.KH; r /= s.KH;
        int c = r % s.C, n = r / s.C;
        int cg = s.C / s.Groups, group = c / cg, kk = ((c - group * cg) * s.KH + ki) * s.KW + kj;
        int ih = p / s.OW * s.SH - s.PT + ki * s.DH, iw = p % s.OW * s.SW - s.PL + kj * s.DW;
        T v = T.Zero;
        if (ih >= 0 && ih < s.H && iw >= 0 && iw < s.W)
            v = x[(((long)n * s.C + c) * s.H + ih) * s.W + iw];
        col[n * layout.SN + group * layout.SG + kk * layout.SK + p] = v;
    }

    /// <summary>
    /// One thread per input element: the sum of the column entries that im2col copied from it (kernel taps in
    /// ascending order), so no two threads write one place and the result does not depend on scheduling.
    /// </summary>
    public static void Col2Im<T>(Index1D e, ArrayView<T> col, ArrayView<T> dx, ConvShape s, ColumnLayout layout)
        where T : unmanaged, INumber<T>
    {
        int w = e % s.W, r = e / s.W;
        int h = r % s.H; r /= s.H;
        int c = r % s.C, n = r / s.C;
        int cg = s.C / s.Groups, group = c / cg, cl = c - group * cg;
        long baseAt = n * layout.SN + group * layout.SG;
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
                sum += col[baseAt + ((cl * s.KH + ki) * s.KW + kj) * layout.SK + oh * s.OW + ow];
            }
        }
        dx[e] = sum;
    }

    /// <summary>[N][O][P] to [O][N][P]: the output gradient with images side by side per channel.</summary>
    public static void ChannelsOuter<T>(Index1D e, ArrayView<T> dy, ArrayView<T> dyT, ConvShape s) where T : unmanaged
    {
        int p = e % s.P, r = e / s.P;
        int o = r % s.O, n = r / s.O;
        dyT[((long)o * s.N + n) * s.P + p] = dy[e];
    }
}
