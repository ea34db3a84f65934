namespace KerasSharp.Backends.Native.Gpu.Kernels;

/// <summary>
/// The sizes of one NCHW convolution or pooling, as kernel arguments: input [N, C, H, W], weight
/// [O, C/Groups, KH, KW], output [N, O, OH, OW]; stride, top/left padding and dilation per axis (bottom and right
/// padding only shape OH and OW). Pooling uses O = C and Groups = 1.
/// </summary>
internal readonly record struct ConvShape(int N, int C, int H, int W, int O, int OH, int OW,
                                          int KH, int KW, int SH, int SW, int PT, int PL, int DH, int DW, int Groups)
{
    /// <summary>The shape of a convolution of x [n, c, h, w] with <paramref name="outChannels"/> filters under <paramref name="g"/>.</summary>
    public static ConvShape Of(int n, int c, int h, int w, int outChannels, Conv2dGeometry g) =>
        new(n, c, h, w, outChannels, g.OutH(h), g.OutW(w), g.KernelH, g.KernelW, g.StrideH, g.StrideW, g.PadTop, g.PadLeft,
            g.DilationH, g.DilationW, Math.Max(1, g.Groups));

    /// <summary>Input channels per group.</summary>
    public int GroupIn => C / Groups;

    /// <summary>Output channels per group.</summary>
    public int GroupOut => O / Groups;

    /// <summary>Output pixels per image, OH·OW.</summary>
    public int P => OH * OW;

    /// <summary>Rows of the column matrix per group, C/Groups·KH·KW.</summary>
    public int K => GroupIn * KH * KW;

    /// <summary>Whether the column matrix is the input itself (1x1 kernel, stride 1, no padding).</summary>
    public bool Pointwise => KH == 1 && KW == 1 && SH == 1 && SW == 1 && PT == 0 && PL == 0 && OH == H && OW == W;

    /// <summary>Elements of the column matrix for all images: N·C·KH·KW·OH·OW.</summary>
    public long ColumnElements => (long)N * C * KH * KW * P;
}
