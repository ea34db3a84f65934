using System.Runtime.CompilerServices;

namespace KerasSharp.Backends.Native;

/// <summary>
/// Rows of the implicit GEMM's A matrix for a channels-last convolution: row p is output pixel p's receptive field
/// in the kernel's K order (ki, kj, c), zeros where it reaches past the image. One group's K slice
/// [k0, k0 + kc) of rows [r0, r1) is written row-major (kc apart), for the micro-kernel to read in place.
/// </summary>
internal static unsafe class ChannelsLastRows
{
    // optimised from the first call (as the kernels): a cold Predict packs every strided convolution's rows
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Pack<T>(T* x, in ChannelsLastConv.Plan p, int group, int r0, int r1, int k0, int kc, T* dst) where T : unmanaged
    {
        var g = p.G;
        int kw = g.KernelW, cg = p.Cg, c = p.C, ohw = p.OH * p.OW;
        // one group and no horizontal dilation: a kernel row's taps (kj, c) are one contiguous run of the input row
        bool wholeRows = p.Groups == 1 && g.DilationW == 1;
        for (int r = r0; r < r1; r++, dst += kc)
        {
            int n = r / ohw, rem = r - n * ohw, oh = rem / p.OW, ow = rem - oh * p.OW;
            int ih0 = oh * g.StrideH - g.PadTop, iw0 = ow * g.StrideW - g.PadLeft;
            T* d = dst;
            for (int k = k0, end = k0 + kc; k < end;)
            {
                int tap = k / cg, ci = k - tap * cg, ki = tap / kw, kj = tap - ki * kw;
                int ih = ih0 + ki * g.DilationH;
                if (wholeRows)
                {
                    // input row ih, elements [(iw0 + kj) * c + ci, ...) up to the end of this kernel row or of the slice
                    int len = Math.Min((kw - kj) * c - ci, end - k);
                    if (ih < 0 || ih >= p.H) new Span<T>(d, len).Clear();
                    else Copy(x + ((long)n * p.H + ih) * p.W * c, p.W * c, (iw0 + kj) * c + ci, len, d);
                    k += len;
                    d += len;
                }
                else
                {
                    int len = Math.Min(cg - ci, end - k), iw = iw0 + kj * g.DilationW;
                    if (ih < 0 || ih >= p.H || iw < 0 || iw >= p.W) new Span<T>(d, len).Clear();
                    else new ReadOnlySpan<T>(x + (((long)n * p.H + ih) * p.W + iw) * c + group * cg + ci, len).CopyTo(new Span<T>(d, len));
                    k += len;
                    d += len;
                }
            }
        }
    }

    // d[0, len) = row[start, start + len), zeros where that range leaves [0, rowLength).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Copy<T>(T* row, int rowLength, int start, int len, T* d) where T : unmanaged
    {
        int lo = Math.Clamp(start, 0, rowLength), hi = Math.Clamp(start + len, 0, rowLength);
        if (hi <= lo)
        {
            new Span<T>(d, len).Clear();
            return;
        }
        if (lo > start) new Span<T>(d, lo - start).Clear();
        new ReadOnlySpan<T>(row + lo, hi - lo).CopyTo(new Span<T>(d + (lo - start), hi - lo));
        if (start + len > hi) new Span<T>(d + (hi - start), start + len - hi).Clear();
    }
}
