using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace KerasSharp.Backends.Native;

/// <summary>
/// Unfolds image patches into GEMM columns and folds them back (adjoint, accumulating). Column row
/// (c*kh + ki)*kw + kj holds, for every output position, the input cell that kernel tap sees; rows start
/// <c>ld</c> elements apart, so several images can sit side by side in one matrix. Each output row's
/// valid range is computed once: stride-1 rows are plain span copies (adds for the fold).
/// </summary>
internal static class Im2Col
{
    /// <summary>True when the column matrix equals the input itself (1x1 kernel, stride 1, no padding).</summary>
    public static bool IsIdentity(in Conv2dGeometry g) =>
        g is { KernelH: 1, KernelW: 1, StrideH: 1, StrideW: 1, PadTop: 0, PadBottom: 0, PadLeft: 0, PadRight: 0 };

    /// <summary>col[colOff + row*ld + oh*OW + ow] = x[c, oh*sh - pt + ki*dh, ow*sw - pl + kj*dw] (0 outside).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Unfold<T>(T[] x, int xOff, int channels, int h, int w, in Conv2dGeometry g, int oh, int ow, T[] col, int colOff, int ld)
        where T : unmanaged, INumber<T>
    {
        int ohw = oh * ow, row = 0, sw = g.StrideW;
        if (IsIdentity(g))
        {
            for (int c = 0; c < channels; c++) x.AsSpan(xOff + c * ohw, ohw).CopyTo(col.AsSpan(colOff + c * ld, ohw));
            return;
        }
        for (int c = 0; c < channels; c++)
            for (int ki = 0; ki < g.KernelH; ki++)
                for (int kj = 0; kj < g.KernelW; kj++, row++)
                {
                    var dst = col.AsSpan(colOff + row * ld, ohw);
                    int dy = ki * g.DilationH - g.PadTop, dx = kj * g.DilationW - g.PadLeft;
                    var (j0, j1) = Valid(dx, sw, w, ow);
                    for (int i = 0; i < oh; i++)
                    {
                        int ih = i * g.StrideH + dy;
                        var line = dst.Slice(i * ow, ow);
                        if ((uint)ih >= (uint)h || j0 >= j1) { line.Clear(); continue; }
                        line[..j0].Clear();
                        line[j1..].Clear();
                        int src = xOff + (c * h + ih) * w + dx;
                        if (sw == 1) x.AsSpan(src + j0, j1 - j0).CopyTo(line[j0..j1]);
                        else
                            for (int j = j0; j < j1; j++) line[j] = x[src + j * sw];
                    }
                }
    }

    /// <summary>x[c, ih, iw] += col[...] for every column entry that maps inside the image (adjoint of <see cref="Unfold"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Fold<T>(T[] col, int colOff, int ld, int channels, int h, int w, in Conv2dGeometry g, int oh, int ow, T[] x, int xOff)
        where T : unmanaged, INumber<T>
    {
        int ohw = oh * ow, row = 0, sw = g.StrideW;
        for (int c = 0; c < channels; c++)
            for (int ki = 0; ki < g.KernelH; ki++)
                for (int kj = 0; kj < g.KernelW; kj++, row++)
                {
                    int src = colOff + row * ld;
                    int dy = ki * g.DilationH - g.PadTop, dx = kj * g.DilationW - g.PadLeft;
                    var (j0, j1) = Valid(dx, sw, w, ow);
                    if (j0 >= j1) continue;
                    for (int i = 0; i < oh; i++)
                    {
                        int ih = i * g.StrideH + dy;
                        if ((uint)ih >= (uint)h) continue;
                        int dst = xOff + (c * h + ih) * w + dx;
                        int s = src + i * ow;
                        if (sw == 1)
                        {
                            var d = x.AsSpan(dst + j0, j1 - j0);
                            TensorPrimitives.Add<T>(d, col.AsSpan(s + j0, j1 - j0), d);
                        }
                        else
                            for (int j = j0; j < j1; j++) x[dst + j * sw] += col[s + j];
                    }
                }
    }

    // Output columns j in [j0, j1) with 0 <= j*stride + dx < w.
    private static (int, int) Valid(int dx, int stride, int w, int ow)
    {
        int j0 = dx >= 0 ? 0 : (-dx + stride - 1) / stride;
        int j1 = w - dx <= 0 ? 0 : Math.Min(ow, (w - dx + stride - 1) / stride);
        return (Math.Min(j0, ow), j1);
    }
}
