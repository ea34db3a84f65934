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
        var r = Conv2dCore(x, w, g);
        if (bias is null) return r;
        if (bias.Rank != 1 || bias.Shape[0] != o)
            throw new ArgumentException($"conv2d: bias has shape {bias.Shape}, expected [{o}].");
        return Add(r, Reshape(bias, 1, o, 1, 1));
    }

    // The convolution and its two gradients are each a recorded op whose backward rule is written in the
    // other two, so derivatives of any order flow through convolutions (e.g. gradient penalties).

    private static Tensor Conv2dCore(Tensor x, Tensor w, Conv2dGeometry geo)
    {
        var r = x.Backend.Conv2d(x, w, geo, new Shape(x.Shape[0], w.Shape[0], geo.OutH(x.Shape[2]), geo.OutW(x.Shape[3])));
        if (GradientTape.IsRecording) RecordConv2d(r, x, w, geo);
        return r;
    }

    private static void RecordConv2d(Tensor r, Tensor x, Tensor w, Conv2dGeometry geo) => Record(r, [x, w], g =>
        [GradientTape.NeedsGradient(0) ? Conv2dInputGrad(g, w, x.Shape, geo) : null,
         GradientTape.NeedsGradient(1) ? Conv2dWeightGrad(x, g, w.Shape, geo) : null]);

    /// <summary>The input gradient of a convolution: linear in gradOut and in w.</summary>
    private static Tensor Conv2dInputGrad(Tensor gradOut, Tensor w, Shape inputShape, Conv2dGeometry geo)
    {
        var r = gradOut.Backend.Conv2dBackwardInput(gradOut, w, inputShape, geo);
        if (GradientTape.IsRecording) RecordConv2dInputGrad(r, gradOut, w, geo);
        return r;
    }

    // <gx, J(w)^T g> = <conv(gx, w), g>: so d/dg = conv(gx, w) and d/dw = weight-gradient of conv at input gx.
    private static void RecordConv2dInputGrad(Tensor r, Tensor gradOut, Tensor w, Conv2dGeometry geo) => Record(r, [gradOut, w], gx =>
        [GradientTape.NeedsGradient(0) ? Conv2dCore(gx, w, geo) : null,
         GradientTape.NeedsGradient(1) ? Conv2dWeightGrad(gx, gradOut, w.Shape, geo) : null]);

    /// <summary>The weight gradient of a convolution: linear in x and in gradOut.</summary>
    private static Tensor Conv2dWeightGrad(Tensor x, Tensor gradOut, Shape weightShape, Conv2dGeometry geo)
    {
        var r = x.Backend.Conv2dBackwardWeight(x, gradOut, weightShape, geo);
        if (GradientTape.IsRecording) RecordConv2dWeightGrad(r, x, gradOut, geo);
        return r;
    }

    // <gw, dW(x, g)> = <conv(x, gw), g>: so d/dg = conv(x, gw) and d/dx = input-gradient of conv with kernel gw.
    private static void RecordConv2dWeightGrad(Tensor r, Tensor x, Tensor gradOut, Conv2dGeometry geo) => Record(r, [x, gradOut], gw =>
        [GradientTape.NeedsGradient(0) ? Conv2dInputGrad(gradOut, gw, x.Shape, geo) : null,
         GradientTape.NeedsGradient(1) ? Conv2dCore(x, gw, geo) : null]);

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
        return Pool2dCore(op, x, g);
    }

    private static Tensor Pool2dCore(PoolOp op, Tensor x, Conv2dGeometry geo)
    {
        var r = x.Backend.Pool2d(op, x, geo, new Shape(x.Shape[0], x.Shape[1], geo.OutH(x.Shape[2]), geo.OutW(x.Shape[3])));
        if (GradientTape.IsRecording) RecordPool2d(r, x, op, geo);
        return r;
    }

    private static void RecordPool2d(Tensor r, Tensor x, PoolOp op, Conv2dGeometry geo) =>
        Record(r, [x], g => [Pool2dGrad(op, x, g, geo)]);

    /// <summary>The input gradient of a pooling: linear in gradOut (max pooling routes it to each window's first maximum).</summary>
    private static Tensor Pool2dGrad(PoolOp op, Tensor x, Tensor gradOut, Conv2dGeometry geo)
    {
        var r = x.Backend.Pool2dBackward(op, x, gradOut, geo);
        if (GradientTape.IsRecording) RecordPool2dGrad(r, op, x, gradOut, geo);
        return r;
    }

    // Average: the adjoint of the adjoint is the pooling itself. Max: the adjoint picks, in each window, the
    // entry at the position of x's first maximum. Neither depends smoothly on x, so x gets no gradient.
    private static void RecordPool2dGrad(Tensor r, PoolOp op, Tensor x, Tensor gradOut, Conv2dGeometry geo) => Record(r, [x, gradOut], gx =>
        [null, op == PoolOp.Average ? Pool2dCore(PoolOp.Average, gx, geo) : PickAtWindowMaximum(x, gx, geo)]);

    /// <summary>For each max-pooling window, the entry of <paramref name="v"/> at the window's first (row-major) maximum of <paramref name="x"/>.</summary>
    private static Tensor PickAtWindowMaximum(Tensor x, Tensor v, Conv2dGeometry geo)
    {
        var best = StopGradient(Pool2dCore(PoolOp.Max, StopGradient(x), geo));
        (int, int)[] pads = [(0, 0), (0, 0), (geo.PadTop, geo.PadBottom), (geo.PadLeft, geo.PadRight)];
        var xp = Pad(StopGradient(x), pads, double.NegativeInfinity);
        var vp = Pad(v, pads);
        var valid = Pad(OnesLike(x, DType.Bool), pads);
        int oh = best.Shape[2], ow = best.Shape[3];
        Tensor? picked = null, taken = null;
        for (int ki = 0; ki < geo.KernelH; ki++)
            for (int kj = 0; kj < geo.KernelW; kj++)
            {
                int r0 = ki * geo.DilationH, c0 = kj * geo.DilationW;
                TensorIndex[] window = [TensorIndex.All, TensorIndex.All, TensorIndex.Slice(r0, r0 + (oh - 1) * geo.StrideH + 1, geo.StrideH),
                                        TensorIndex.Slice(c0, c0 + (ow - 1) * geo.StrideW + 1, geo.StrideW)];
                var hit = LogicalAnd(Equal(Slice(xp, window), best), Slice(valid, window));
                if (taken is not null) hit = LogicalAnd(hit, LogicalNot(taken));
                var part = Where(hit, Slice(vp, window), ZerosLike(best));
                picked = picked is null ? part : Add(picked, part);
                taken = taken is null ? hit : LogicalOr(taken, hit);
            }
        return picked!;
    }

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
