using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace KerasSharp.Backends.Native;

/// <summary>
/// The im2col matrix of a stride-1 (along W) convolution, never materialised: GEMM column j is output position
/// j of the whole batch (image j / OH*OW), row p a kernel tap (channel, ki, kj). On a zero-padded input
/// (<see cref="PaddedInput{T}"/>) entry (p, j) sits at <c>Source(j) + taps[p]</c>, and consecutive columns of one
/// output row are consecutive in memory, so a B panel packs as a few whole-vector copies per tap.
/// </summary>
internal readonly unsafe struct ImplicitColumns
{
    private readonly int _ohw, _ow, _rowStep, _imageStride;

    /// <param name="oh">Output height.</param>
    /// <param name="ow">Output width.</param>
    /// <param name="padded">Padded plane height and width.</param>
    /// <param name="channels">Channels per image (all groups).</param>
    /// <param name="strideH">Vertical stride (the horizontal one must be 1).</param>
    public ImplicitColumns(int oh, int ow, (int Hp, int Wp) padded, int channels, int strideH)
    {
        _ohw = oh * ow;
        _ow = ow;
        _rowStep = strideH * padded.Wp;
        _imageStride = channels * padded.Hp * padded.Wp;
    }

    /// <summary>Offset in the padded input of tap (0, 0, 0) for output column <paramref name="j"/>.</summary>
    public int Source(int j)
    {
        int img = j / _ohw, pos = j - img * _ohw, oh = pos / _ow;
        return img * _imageStride + oh * _rowStep + pos - oh * _ow;
    }

    /// <summary>Offset of tap p = (c*kh + ki)*kw + kj of channel group <paramref name="group"/> from <see cref="Source"/>, for p in [0, taps.Length).</summary>
    public static void Taps(Span<int> taps, int group, int channels, int kh, int kw, in Conv2dGeometry g, (int Hp, int Wp) padded)
    {
        int p = 0, plane = padded.Hp * padded.Wp;
        for (int c = 0; c < channels; c++)
            for (int ki = 0; ki < kh; ki++)
                for (int kj = 0; kj < kw; kj++)
                    taps[p++] = (group * channels + c) * plane + ki * g.DilationH * padded.Wp + kj * g.DilationW;
    }

    /// <summary>
    /// Splits columns [j0, j0 + cols) into runs that are contiguous in the input and at most <paramref name="maxRun"/>
    /// (one vector) long: run i copies to panel column dst[i] from src[i]. Returns the run count (at most cols).
    /// Walks output rows (one division for the first column), so it costs little next to packing.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int Runs(int j0, int cols, int maxRun, Span<int> src, Span<int> dst)
    {
        int img = j0 / _ohw, pos = j0 - img * _ohw, oh = pos / _ow, ow = pos - oh * _ow;
        int n = 0, end = int.MinValue, len = 0;
        for (int c = 0; c < cols;)
        {
            int row = Math.Min(_ow - ow, cols - c), s = img * _imageStride + oh * _rowStep + ow;
            for (int k = 0; k < row;)
            {
                int take;
                if (s + k == end && len < maxRun)
                {
                    take = Math.Min(maxRun - len, row - k);
                    len += take;
                }
                else
                {
                    take = Math.Min(maxRun, row - k);
                    src[n] = s + k;
                    dst[n++] = c + k;
                    len = take;
                }
                k += take;
                end = s + k;
            }
            c += row;
            ow = 0;
            if (++oh * _ow == _ohw)
            {
                oh = 0;
                img++;
            }
        }
        return n;
    }

    /// <summary>
    /// Packs rows [p0, p0 + kc) of the panel whose runs are given into <paramref name="panel"/> (row p at p*nr).
    /// Each run is one whole-vector load and store: the lanes past a run land on later columns or the next row,
    /// which later runs overwrite, so the panel needs one vector of slack after its last row.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Pack<T>(T* x, ReadOnlySpan<int> taps, int p0, int kc, ReadOnlySpan<int> src, ReadOnlySpan<int> dst, int runs, int nr, T* panel)
        where T : unmanaged
    {
        fixed (int* ps = src, pd = dst, pt = taps)
        {
            for (int p = 0; p < kc; p++, panel += nr)
            {
                T* tap = x + pt[p0 + p];
                for (int r = 0; r < runs; r++) CopyVector(tap + ps[r], panel + pd[r]);
            }
        }
    }

    /// <summary>Elements of <typeparamref name="TE"/> in the vector the GEMM kernel uses (half its NR).</summary>
    public static int Lanes<TE>() where TE : unmanaged => GemmKernel.Use512 ? Vector512<TE>.Count : Vector256<TE>.Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CopyVector<T>(T* from, T* to) where T : unmanaged
    {
        if (GemmKernel.Use512) Vector512.Store(Vector512.Load(from), to);
        else Vector256.Store(Vector256.Load(from), to);
    }
}
