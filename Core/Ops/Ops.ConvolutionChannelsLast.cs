using KerasSharp.Backends;

namespace KerasSharp;

public static partial class Ops
{
    /// <summary>
    /// 2-D convolution of channels-last data with a Keras-layout kernel, with an optional per-channel affine epilogue,
    /// residual and ReLU: <c>relu?(conv2d(x, kernel) * scale + shift + residual)</c>. x is [N, H, W, C], kernel
    /// [kh, kw, C/groups, O], <paramref name="scale"/> and <paramref name="shift"/> [O] or null, <paramref name="residual"/>
    /// [N, OH, OW, O] or null; the result is [N, OH, OW, O]. A bias is a shift; a batch normalization in inference folds
    /// into scale and shift; a residual block's sum is the residual. Padding as in <see cref="Conv2d"/>.
    /// Uses the backend's kernel where it has one (<see cref="IChannelsLastKernels"/>); under a tape too, with the
    /// residual and ReLU as ops of their own, where the backend has <see cref="IChannelsLastGradKernels"/> for the
    /// backward and no scale is asked; otherwise the composition of transposes, <see cref="Conv2d"/> and elementwise ops.
    /// </summary>
    /// <exception cref="ArgumentException">The shapes, dtypes, groups or padding do not fit.</exception>
    public static Tensor Conv2dChannelsLast(Tensor x, Tensor kernel, Tensor? scale = null, Tensor? shift = null, bool relu = false,
                                           int[]? strides = null, string padding = "valid", int[]? dilation = null, int groups = 1,
                                           int[]? explicitPadding = null, Tensor? residual = null)
    {
        const string op = "conv2d_channels_last";
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(kernel);
        BackendOf(op, x, kernel);
        RequireRank(op, x, 4, "the input (N, H, W, C)");
        RequireRank(op, kernel, 4, "the kernel (kh, kw, C/groups, O)");
        RequireFloating(op, x);
        var (sh, sw) = Pair(op, "strides", strides);
        var (dh, dw) = Pair(op, "dilation", dilation);
        int c = x.Shape[3], o = kernel.Shape[3];
        if (groups < 1 || c % groups != 0 || o % groups != 0)
            throw new ArgumentException($"{op}: groups={groups} must divide the input channels ({c}) and the output channels ({o}).");
        if (kernel.Shape[2] * groups != c)
            throw new ArgumentException($"{op}: input {x.Shape} has {c} channels but kernel {kernel.Shape} expects {kernel.Shape[2] * groups} ({kernel.Shape[2]} per group, {groups} groups).");
        var g = Geometry(op, x.Shape[1], x.Shape[2], kernel.Shape[0], kernel.Shape[1], sh, sw, dh, dw, padding, explicitPadding) with { Groups = groups };
        int oh = g.OutH(x.Shape[1]), ow = g.OutW(x.Shape[2]);
        if (oh <= 0 || ow <= 0)
            throw new ArgumentException($"{op}: input {x.Shape} is too small for kernel {kernel.Shape[0]}x{kernel.Shape[1]} with dilation {dh}x{dw} and padding {padding}.");
        var w = kernel.DType == x.DType ? kernel : Cast(kernel, x.DType);
        var s = ChannelVector(op, "scale", scale, x, o);
        var b = ChannelVector(op, "shift", shift, x, o);
        var outShape = new Shape(x.Shape[0], oh, ow, o);
        Tensor? r = null;
        if (residual is not null)
        {
            BackendOf(op, x, residual);
            if (residual.Shape != outShape)
                throw new ArgumentException($"{op}: residual has shape {residual.Shape}, expected the output's {outShape}.");
            r = residual.DType == x.DType ? residual : Cast(residual, x.DType);
        }
        if (FusedKernels.TryGet<IChannelsLastKernels>(x, out var fused))
        {
            if (!GradientTape.IsRecording) return fused.Conv2dChannelsLast(x, w, s, b, r, relu, g, outShape);
            if (s is null && FusedKernels.TryGet<IChannelsLastGradKernels>(x, out var grads) && grads.SupportsConv2dChannelsLastGrad(g, x.DType))
            {
                var y = RecordedConv2dChannelsLast(grads, x, w, b, g, outShape);
                if (r is not null) y = Add(y, r);
                return relu ? Relu(y) : y;
            }
        }
        return Conv2dChannelsLastFromPrimitives(x, w, s, b, r, relu, g);
    }

    // A training step's convolution: the backend's training form forward and its backward; composed when an outer tape
    // records the backward (higher derivatives).
    private static Tensor RecordedConv2dChannelsLast(IChannelsLastGradKernels grads, Tensor x, Tensor w, Tensor? bias, Conv2dGeometry g, Shape outShape)
    {
        var (y, backward) = grads.Conv2dChannelsLastForTraining(x, w, bias, g, outShape);
        Tensor[] inputs = bias is null ? [x, w] : [x, w, bias];
        Record(y, inputs, dy =>
        {
            if (GradientTape.IsRecording)
            {
                using var tape = new GradientTape();
                foreach (var input in inputs) tape.Watch(input);
                return tape.Gradient(Conv2dChannelsLastFromPrimitives(x, w, null, bias, null, false, g), inputs, dy);
            }
            var (dx, dw, db) = backward(dy, GradientTape.NeedsGradient(0), GradientTape.NeedsGradient(1), bias is not null && GradientTape.NeedsGradient(2));
            return bias is null ? [dx, dw] : [dx, dw, db];
        });
        return y;
    }

    /// <summary>The composed reference of <see cref="Conv2dChannelsLast"/> (differentiable to any order).</summary>
    internal static Tensor Conv2dChannelsLastFromPrimitives(Tensor x, Tensor kernel, Tensor? scale, Tensor? shift, Tensor? residual, bool relu,
                                                            Conv2dGeometry g)
    {
        int o = kernel.Shape[3];
        var y = Conv2dCore(Transpose(x, [0, 3, 1, 2]), Transpose(kernel, [3, 2, 0, 1]), g);
        if (scale is not null) y = Multiply(y, Reshape(scale, 1, o, 1, 1));
        if (shift is not null) y = Add(y, Reshape(shift, 1, o, 1, 1));
        y = Transpose(y, [0, 2, 3, 1]);
        if (residual is not null) y = Add(y, residual);
        return relu ? Relu(y) : y;
    }

    /// <summary>2-D max pooling of channels-last data, x [N, H, W, C] (strides default to the pool size); as <see cref="MaxPool2d"/>.</summary>
    public static Tensor MaxPool2dChannelsLast(Tensor x, int[] poolSize, int[]? strides = null, string padding = "valid") =>
        Pool2dChannelsLast("max_pool2d_channels_last", PoolOp.Max, x, poolSize, strides, padding);

    /// <summary>2-D average pooling of channels-last data, x [N, H, W, C]; padded cells are not counted, as in <see cref="AvgPool2d"/>.</summary>
    public static Tensor AvgPool2dChannelsLast(Tensor x, int[] poolSize, int[]? strides = null, string padding = "valid") =>
        Pool2dChannelsLast("avg_pool2d_channels_last", PoolOp.Average, x, poolSize, strides, padding);

    private static Tensor Pool2dChannelsLast(string name, PoolOp op, Tensor x, int[] poolSize, int[]? strides, string padding)
    {
        ArgumentNullException.ThrowIfNull(x);
        RequireRank(name, x, 4, "the input (N, H, W, C)");
        RequireFloating(name, x);
        var (kh, kw) = Pair(name, "poolSize", poolSize);
        var (sh, sw) = strides is null ? (kh, kw) : Pair(name, "strides", strides);
        var g = Geometry(name, x.Shape[1], x.Shape[2], kh, kw, sh, sw, 1, 1, padding, null);
        int oh = g.OutH(x.Shape[1]), ow = g.OutW(x.Shape[2]);
        if (oh <= 0 || ow <= 0)
            throw new ArgumentException($"{name}: input {x.Shape} is too small for pool size {kh}x{kw}.");
        var outShape = new Shape(x.Shape[0], oh, ow, x.Shape[3]);
        if (FusedKernels.TryGet<IChannelsLastKernels>(x, out var fused))
        {
            if (!GradientTape.IsRecording) return fused.Pool2dChannelsLast(op, x, g, outShape);
            if (FusedKernels.TryGet<IChannelsLastGradKernels>(x, out var grads) && x.DType is DType.Float32 or DType.Float64)
            {
                var (y, backward) = grads.Pool2dChannelsLastForTraining(op, x, g, outShape);
                Record(y, [x], dy =>
                {
                    if (!GradientTape.IsRecording) return [backward(dy)];
                    using var tape = new GradientTape();   // higher derivatives: the composed form's
                    tape.Watch(x);
                    return tape.Gradient(Pool2dChannelsLastFromPrimitives(op, x, g), [x], dy);
                });
                return y;
            }
        }
        return Pool2dChannelsLastFromPrimitives(op, x, g);
    }

    /// <summary>The composed reference of the channels-last poolings: transposes around the NCHW pooling.</summary>
    internal static Tensor Pool2dChannelsLastFromPrimitives(PoolOp op, Tensor x, Conv2dGeometry g) =>
        Transpose(Pool2dCore(op, Transpose(x, [0, 3, 1, 2]), g), [0, 2, 3, 1]);

    // A per-output-channel vector [channels] on x's backend, cast to x's dtype; null stays null.
    private static Tensor? ChannelVector(string op, string name, Tensor? v, Tensor x, int channels)
    {
        if (v is null) return null;
        BackendOf(op, x, v);
        if (v.Rank != 1 || v.Shape[0] != channels)
            throw new ArgumentException($"{op}: {name} has shape {v.Shape}, expected [{channels}] (one value per output channel).");
        return v.DType == x.DType ? v : Cast(v, x.DType);
    }
}
