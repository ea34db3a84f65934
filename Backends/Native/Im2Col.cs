using System.Numerics;

namespace KerasSharp.Backends.Native;

/// <summary>Unfolds image patches into GEMM columns ([C*kh*kw, OH*OW]) and folds them back (adjoint, accumulating).</summary>
internal static class Im2Col
{
    /// <summary>True when the column matrix equals the input itself (1x1 kernel, stride 1, no padding).</summary>
    public static bool IsIdentity(in Conv2dGeometry g) =>
        g is { KernelH: 1, KernelW: 1, StrideH: 1, StrideW: 1, PadTop: 0, PadBottom: 0, PadLeft: 0, PadRight: 0 };

    /// <summary>col[(c*kh + ki)*kw + kj, oh*OW + ow] = x[c, oh*sh - pt + ki*dh, ow*sw - pl + kj*dw] (0 outside).</summary>
    public static void Unfold<T>(T[] x, int xOff, int channels, int h, int w, in Conv2dGeometry g, int oh, int ow, T[] col)
        where T : unmanaged, INumber<T>
    {
        int ohw = oh * ow, row = 0;
        for (int c = 0; c < channels; c++)
            for (int ki = 0; ki < g.KernelH; ki++)
                for (int kj = 0; kj < g.KernelW; kj++, row++)
                {
                    var dst = col.AsSpan(row * ohw, ohw);
                    int dy = ki * g.DilationH - g.PadTop, dx = kj * g.DilationW - g.PadLeft;
                    for (int i = 0; i < oh; i++)
                    {
                        int ih = i * g.StrideH + dy;
                        var line = dst.Slice(i * ow, ow);
                        if ((uint)ih >= (uint)h) { line.Clear(); continue; }
                        int src = xOff + (c * h + ih) * w;
                        for (int j = 0; j < ow; j++)
                        {
                            int iw = j * g.StrideW + dx;
                            line[j] = (uint)iw < (uint)w ? x[src + iw] : T.Zero;
                        }
                    }
                }
    }

    /// <summary>x[c, ih, iw] += col[...] for every column entry that maps inside the image (adjoint of <see cref="Unfold"/>).</summary>
    public static void Fold<T>(T[] col, int channels, int h, int w, in Conv2dGeometry g, int oh, int ow, T[] x, int xOff)
        where T : unmanaged, INumber<T>
    {
        int ohw = oh * ow, row = 0;
        for (int c = 0; c < channels; c++)
            for (int ki = 0; ki < g.KernelH; ki++)
                for (int kj = 0; kj < g.KernelW; kj++, row++)
                {
                    int src = row * ohw;
                    int dy = ki * g.DilationH - g.PadTop, dx = kj * g.DilationW - g.PadLeft;
                    for (int i = 0; i < oh; i++)
                    {
                        int ih = i * g.StrideH + dy;
                        if ((uint)ih >= (uint)h) continue;
                        int dst = xOff + (c * h + ih) * w;
                        for (int j = 0; j < ow; j++)
                        {
                            int iw = j * g.StrideW + dx;
                            if ((uint)iw < (uint)w) x[dst + iw] += col[src + i * ow + j];
                        }
                    }
                }
    }
}
