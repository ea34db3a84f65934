using KerasSharp.Backends;

namespace KerasSharp;

public static partial class Ops
{
    /// <summary>
    /// 2-D convolution (cross-correlation) in NCHW layout: x [N, C, H, W], kernel [O, C/groups, kh, kw].
    /// <paramref name="padding"/> is "valid", "same" (TensorFlow's split: the extra row/column goes after),
    /// or explicit through <paramref name="explicitPadding"/> as (top, bottom, left, right).
    /// </summary>
    public static Tensor Conv2d(Tensor x, Tensor kernel, Tensor? bias = null, int[]? strides = null, string padding = "valid",
                                int[]? dilation = null, int groups = 1, int[]? explicitPadding = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(kernel);
        BackendOf("conv2d", x, kernel);
        RequireRank("conv2d", x, 4, "the input (N, C, H, W)");
        RequireRank("conv2d", kernel, 4, "the kernel (O, C/groups, kh, kw)");
        RequireFloating("conv2d", x);
        var (sh, sw) = Pair("conv2d", "strides", strides);
        var (dh, dw) = Pair("conv2d", "dilation", dilation);
        int c = x.Shape[1], o = kernel.Shape[0];
        if (groups < 1 || c % groups != 0 || o % groups != 0)
            throw new ArgumentException($"conv2d: groups={groups} must divide the input channels ({c}) and the output channels ({o}).");
        if (kernel.Shape[1] * groups != c)
            throw new ArgumentException($"conv2d: input {x.Shape} has {c} channels but kernel {kernel.Shape} expects {kernel.Shape[1] * groups} ({kernel.Shape[1]} per group, {groups} groups).");
        var g = Geometry("conv2d", x.Shape[2], x.Shape[3], kernel.Shape[2], kernel.Shape[3], sh, sw, dh, dw, padding, explicitPadding) with { Groups = groups };
        int oh = g.OutH(x.Shape[2]), ow = g.OutW(x.Shape[3]);
        if (oh <= 0 || ow <= 0)
            throw new ArgumentException($"conv2d: input {x.Shape} is too small for kernel {kernel.Shape[2]}x{kernel.Shape[3]} with dilation {dh}x{dw} and padding {padding}.");
        var w = kernel.DType == x.DType ? kernel : Cast(kernel, x.DType);
        var r = x.Backend.Conv2d(x, w, g, new Shape(x.Shape[0], o, oh, ow));
        if (GradientTape.IsRecording) RecordConv2d(r, x, w, g);
        if (bias is null) return r;
        if (bias.Rank != 1 || bias.Shape[0] != o)
            throw new ArgumentException($"conv2d: bias has shape {bias.Shape}, expected [{o}].");
        return Add(r, Reshape(bias, 1, o, 1, 1));
    }

    private static void RecordConv2d(Tensor r, Tensor x, Tensor w, Conv2dGeometry geo) => Record(r, [x, w], g =>
        [x.Backend.Conv2dBackwardInput(g, w, x.Shape, geo), x.Backend.Conv2dBackwardWeight(x, g, w.Shape, geo)]);

    /// <summary>1-D convolution in NCL layout: x [N, C, L], kernel [O, C/groups, k] (computed as a 2-D convolution of height 1).</summary>
    public static Tensor Conv1d(Tensor x, Tensor kernel, Tensor? bias = null, int stride = 1, string padding = "valid",
                                int dilation = 1, int groups = 1)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(kernel);
        RequireRank("conv1d", x, 3, "the input (N, C, L)");
        RequireRank("conv1d", kernel, 3, "the kernel (O, C/groups, k)");
        string mode = padding.ToLowerInvariant();
        int[]? explicitPad = null;
        if (mode == "causal")
        {
            explicitPad = [0, 0, dilation * (kernel.Shape[2] - 1), 0];
            mode = "explicit";
        }
        var y = Conv2d(ExpandDims(x, 2), ExpandDims(kernel, 2), bias, [1, stride], mode, [1, dilation], groups, explicitPad);
        return Squeeze(y, 2);
    }

    /// <summary>2-D max pooling in NCHW layout (strides default to the pool size).</summary>
    public static Tensor MaxPool2d(Tensor x, int[] poolSize, int[]? strides = null, string padding = "valid") =>
        Pool2d("max_pool2d", PoolOp.Max, x, poolSize, strides, padding);

    /// <summary>2-D average pooling in NCHW layout; padded cells are not counted.</summary>
    public static Tensor AvgPool2d(Tensor x, int[] poolSize, int[]? strides = null, string padding = "valid") =>
        Pool2d("avg_pool2d", PoolOp.Average, x, poolSize, strides, padding);

    private static Tensor Pool2d(string name, PoolOp op, Tensor x, int[] poolSize, int[]? strides, string padding)
    {
        ArgumentNullException.ThrowIfNull(x);
        RequireRank(name, x, 4, "the input (N, C, H, W)");
        RequireFloating(name, x);
        var (kh, kw) = Pair(name, "poolSize", poolSize);
        var (sh, sw) = strides is null ? (kh, kw) : Pair(name, "strides", strides);
        var g = Geometry(name, x.Shape[2], x.Shape[3], kh, kw, sh, sw, 1, 1, padding, null);
        int oh = g.OutH(x.Shape[2]), ow = g.OutW(x.Shape[3]);
        if (oh <= 0 || ow <= 0)
            throw new ArgumentException($"{name}: input {x.Shape} is too small for pool size {kh}x{kw}.");
        var r = x.Backend.Pool2d(op, x, g, new Shape(x.Shape[0], x.Shape[1], oh, ow));
        if (GradientTape.IsRecording) RecordPool2d(r, x, op, g);
        return r;
    }

    private static void RecordPool2d(Tensor r, Tensor x, PoolOp op, Conv2dGeometry geo) =>
        Record(r, [x], g => [x.Backend.Pool2dBackward(op, x, g, geo)]);

    private static (int, int) Pair(string op, string name, int[]? values)
    {
        if (values is null) return (1, 1);
        if (values.Length == 1 && values[0] > 0) return (values[0], values[0]);
        if (values.Length == 2 && values[0] > 0 && values[1] > 0) return (values[0], values[1]);
        throw new ArgumentException($"{op}: {name} must be one or two positive integers, got [{string.Join(",", values)}].");
    }

    private static Conv2dGeometry Geometry(string op, int h, int w, int kh, int kw, int sh, int sw, int dh, int dw,
                                           string padding, int[]? explicitPadding)
    {
        switch (padding.ToLowerInvariant())
        {
            case "valid":
                return new Conv2dGeometry(kh, kw, sh, sw, 0, 0, 0, 0, dh, dw);
            case "same":
            {
                int th = SamePadding(h, kh, sh, dh), tw = SamePadding(w, kw, sw, dw);
                return new Conv2dGeometry(kh, kw, sh, sw, th / 2, th - th / 2, tw / 2, tw - tw / 2, dh, dw);
            }
            case "explicit" when explicitPadding is { Length: 4 } p && p.All(v => v >= 0):
                return new Conv2dGeometry(kh, kw, sh, sw, p[0], p[1], p[2], p[3], dh, dw);
            default:
                throw new ArgumentException($"{op}: padding must be \"valid\", \"same\" or \"explicit\" with four non-negative values (top, bottom, left, right), got \"{padding}\".");
        }
    }

    private static int SamePadding(int size, int kernel, int stride, int dilation)
    {
        int outSize = (size + stride - 1) / stride;
        return Math.Max((outSize - 1) * stride + (kernel - 1) * dilation + 1 - size, 0);
    }
}
