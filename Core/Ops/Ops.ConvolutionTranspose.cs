using KerasSharp.Backends;

namespace KerasSharp;

public static partial class Ops
{
    /// <summary>
    /// Transposed 2-D convolution in NCHW layout, the adjoint (input gradient) of <see cref="Conv2d"/>:
    /// x [N, Cin, H, W], kernel [Cin, Cout/groups, kh, kw] (PyTorch's conv_transpose2d layout), output [N, Cout, Hout, Wout].
    /// The output size follows Keras: "valid" gives <c>H*s + max(k' - s, 0)</c> and "same" gives <c>H*s</c>
    /// (k' the dilated kernel); with <paramref name="outputPadding"/> it is <c>(H-1)*s + k' - 2*pad + outputPadding</c>
    /// (pad 0 for "valid", k'/2 for "same"). The padding is then TensorFlow's for a convolution of that output size.
    /// </summary>
    public static Tensor Conv2dTranspose(Tensor x, Tensor kernel, Tensor? bias = null, int[]? strides = null, string padding = "valid",
                                         int[]? outputPadding = null, int[]? dilation = null, int groups = 1)
    {
        const string op = "conv2d_transpose";
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(kernel);
        BackendOf(op, x, kernel);
        RequireRank(op, x, 4, "the input (N, Cin, H, W)");
        RequireRank(op, kernel, 4, "the kernel (Cin, Cout/groups, kh, kw)");
        RequireFloating(op, x);
        var (sh, sw) = Pair(op, "strides", strides);
        var (dh, dw) = Pair(op, "dilation", dilation);
        int cin = x.Shape[1];
        if (groups < 1 || cin % groups != 0)
            throw new ArgumentException($"{op}: groups={groups} must divide the input channels ({cin}).");
        if (kernel.Shape[0] != cin)
            throw new ArgumentException($"{op}: input {x.Shape} has {cin} channels but kernel {kernel.Shape} expects {kernel.Shape[0]}.");
        int cout = kernel.Shape[1] * groups;
        (int ph, int pw) = (-1, -1);
        if (outputPadding is not null)
        {
            (ph, pw) = outputPadding.Length switch
            {
                1 => (outputPadding[0], outputPadding[0]),
                2 => (outputPadding[0], outputPadding[1]),
                _ => throw new ArgumentException($"{op}: outputPadding must be one or two integers, got [{string.Join(",", outputPadding)}]."),
            };
            if (ph < 0 || pw < 0 || ph >= sh || pw >= sw)
                throw new ArgumentException($"{op}: outputPadding ({ph}, {pw}) must be non-negative and smaller than the strides ({sh}, {sw}).");
        }
        string mode = padding.ToLowerInvariant();
        if (mode is not ("valid" or "same"))
            throw new ArgumentException($"{op}: padding must be \"valid\" or \"same\", got \"{padding}\".");
        int h = x.Shape[2], w = x.Shape[3];
        int outH = ConvTransposeLength(h, kernel.Shape[2], sh, dh, mode, ph);
        int outW = ConvTransposeLength(w, kernel.Shape[3], sw, dw, mode, pw);
        if (outH <= 0 || outW <= 0)
            throw new ArgumentException($"{op}: input {x.Shape} with kernel {kernel.Shape[2]}x{kernel.Shape[3]} and padding {padding} gives an empty output.");
        var g = Geometry(op, outH, outW, kernel.Shape[2], kernel.Shape[3], sh, sw, dh, dw, mode, null) with { Groups = groups };
        if (g.OutH(outH) != h || g.OutW(outW) != w)
            throw new ArgumentException($"{op}: output size {outH}x{outW} for input {x.Shape} is not consistent with kernel {kernel.Shape[2]}x{kernel.Shape[3]}, strides ({sh}, {sw}) and padding {padding} (adjust outputPadding).");
        var k = kernel.DType == x.DType ? kernel : Cast(kernel, x.DType);
        var r = Conv2dInputGrad(x, k, new Shape(x.Shape[0], cout, outH, outW), g);
        if (bias is null) return r;
        if (bias.Rank != 1 || bias.Shape[0] != cout)
            throw new ArgumentException($"{op}: bias has shape {bias.Shape}, expected [{cout}].");
        return Add(r, Reshape(bias, 1, cout, 1, 1));
    }

    /// <summary>Keras's <c>deconv_output_length</c>: the output length of a transposed convolution (outputPadding -1: none).</summary>
    public static int ConvTransposeLength(int length, int kernel, int stride, int dilation, string padding, int outputPadding = -1)
    {
        int k = kernel + (kernel - 1) * (dilation - 1);
        bool same = padding.Equals("same", StringComparison.OrdinalIgnoreCase);
        if (outputPadding < 0) return same ? length * stride : length * stride + Math.Max(k - stride, 0);
        int pad = same ? k / 2 : 0;
        return (length - 1) * stride + k - 2 * pad + outputPadding;
    }
}
