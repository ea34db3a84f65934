using System.Numerics;

namespace KerasSharp.Backends.Native;

/// <summary>
/// The input gradient of a stride-1 convolution is itself a stride-1 convolution: of the output gradient, with each
/// group's kernel transposed (in and out channels swapped) and flipped in both axes, and padding
/// dilation*(kernel-1) - pad on each side. Run that way it takes <see cref="ImplicitConv"/> (no column matrix
/// and no scatter-add fold of one back into the image).
/// </summary>
internal static class InputGradientAsConv
{
    // The flipped convolution's GEMM has one row per input channel and packs (output channels x taps) panel rows per
    // column: with few input channels the packing outweighs the product (1->32 3x3: ~20% slower than im2col + fold).
    private const int MinInputChannels = 16;

    /// <summary>
    /// True for stride 1 with no side padded by more than the dilated kernel reach (the flipped padding is not negative),
    /// not a plain 1x1, and at least <see cref="MinInputChannels"/> input channels per group.
    /// </summary>
    public static bool Supports(in Conv2dGeometry g, int inputChannelsPerGroup) =>
        inputChannelsPerGroup >= MinInputChannels && g.StrideH == 1 && g.StrideW == 1 && !Im2Col.IsIdentity(g)
        && Math.Max(g.PadTop, g.PadBottom) <= g.DilationH * (g.KernelH - 1)
        && Math.Max(g.PadLeft, g.PadRight) <= g.DilationW * (g.KernelW - 1);

    public static T[] Run<T>(T[] dy, Shape ys, T[] w, Shape ws, in Conv2dGeometry g, Shape xs) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int o = ws[0], cg = ws[1], kh = ws[2], kw = ws[3], og = o / g.Groups, taps = kh * kw;
        // flipped[gi*cg + c, oi, ki, kj] = w[gi*og + oi, c, kh-1-ki, kw-1-kj]
        var flipped = BufferPool<T>.Rent(w.Length);
        for (int gi = 0; gi < g.Groups; gi++)
            for (int oi = 0; oi < og; oi++)
                for (int c = 0; c < cg; c++)
                {
                    int from = ((gi * og + oi) * cg + c) * taps, to = ((gi * cg + c) * og + oi) * taps;
                    for (int t = 0; t < taps; t++) flipped[to + t] = w[from + taps - 1 - t];
                }
        int reachH = g.DilationH * (kh - 1), reachW = g.DilationW * (kw - 1);
        var flippedGeometry = new Conv2dGeometry(kh, kw, 1, 1, reachH - g.PadTop, reachH - g.PadBottom, reachW - g.PadLeft, reachW - g.PadRight,
            g.DilationH, g.DilationW, g.Groups);
        var dx = ImplicitConv.Forward(dy, ys, flipped, flippedGeometry, xs);
        BufferPool<T>.Return(flipped);
        return dx;
    }
}
