namespace KerasSharp.Layers;

/// <summary>
/// What the convolution layers share: kernel size, strides, padding, dilation, data format, bias, activation,
/// output-size arithmetic and the input checks. Subclasses create their kernels (in Keras layout, so Keras weights
/// map one to one) and compute the convolution in channels-first layout; the base transposes channels-last
/// inputs in and out, adds the bias and applies the activation.
/// </summary>
public abstract class BaseConv : Layer
{
    private readonly Func<Tensor, Tensor> _activation;
    private readonly Initializer _biasInitializer;

    /// <summary>Checks and stores the shared arguments; <paramref name="spatialRank"/> is 1 or 2.</summary>
    protected BaseConv(int spatialRank, SpatialSize kernelSize, SpatialSize? strides, string padding, string dataFormat, SpatialSize? dilationRate,
                       string? activation, bool useBias, Initializer? biasInitializer, Regularizer? biasRegularizer,
                       Regularizer? activityRegularizer, Constraint? biasConstraint, string? name, bool allowCausal = false)
        : base(name)
    {
        string layer = GetType().Name;
        SpatialRank = spatialRank;
        KernelSize = ConvArgs.Tuple(layer, "kernelSize", kernelSize, spatialRank);
        Strides = ConvArgs.Tuple(layer, "strides", strides, spatialRank);
        Padding = ConvArgs.Padding(layer, padding, allowCausal);
        DataFormat = ConvArgs.DataFormat(layer, dataFormat);
        DilationRate = ConvArgs.Tuple(layer, "dilationRate", dilationRate, spatialRank);
        if (Strides.Any(s => s > 1) && DilationRate.Any(d => d > 1))
            throw new ArgumentException($"{layer}: strides > 1 cannot be combined with dilationRate > 1 (as in Keras), got strides {ConvArgs.Format(Strides)} and dilationRate {ConvArgs.Format(DilationRate)}.");
        _activation = Activations.Get(activation);
        ActivationName = activation ?? "linear";
        UseBias = useBias;
        _biasInitializer = biasInitializer ?? new Zeros();
        BiasRegularizer = biasRegularizer;
        ActivityRegularizer = activityRegularizer;
        BiasConstraint = biasConstraint;
        InputSpec = new InputSpec { Rank = spatialRank + 2 };
    }

    /// <summary>The number of spatial axes (1 or 2).</summary>
    public int SpatialRank { get; }
    /// <summary>The kernel's spatial size, one value per spatial axis.</summary>
    public int[] KernelSize { get; }
    /// <summary>The strides, one per spatial axis.</summary>
    public int[] Strides { get; }
    /// <summary>"valid", "same" (or "causal" for Conv1D).</summary>
    public string Padding { get; }
    /// <summary>"channels_last" (N, ..., C) or "channels_first" (N, C, ...).</summary>
    public string DataFormat { get; }
    /// <summary>The dilation rates, one per spatial axis.</summary>
    public int[] DilationRate { get; }
    /// <summary>The activation's name.</summary>
    public string ActivationName { get; }
    /// <summary>Whether a bias is added.</summary>
    public bool UseBias { get; }
    /// <summary>The bias's regularizer.</summary>
    public Regularizer? BiasRegularizer { get; }
    /// <summary>The penalty on the layer's output, added to <see cref="Layer.Losses"/> at each call.</summary>
    public Regularizer? ActivityRegularizer { get; }
    /// <summary>The bias's constraint.</summary>
    public Constraint? BiasConstraint { get; }
    /// <summary>The bias, [output channels]; null until built or without bias.</summary>
    public Variable? Bias { get; private set; }

    /// <summary>The input channel count, once built.</summary>
    protected int InputChannels { get; private set; }

    /// <summary>False: the spec pins the channel axis and the spatial sizes may vary.</summary>
    protected override bool InputShapeFixedAfterBuild => false;

    /// <summary>The output channel count for <paramref name="inputChannels"/> input channels.</summary>
    protected abstract int OutputChannels(int inputChannels);

    /// <summary>Creates the kernel weights (the base adds the bias after them, as Keras orders weights).</summary>
    protected abstract void CreateKernels(int inputChannels);

    /// <summary>The convolution without bias, on a channels-first input of the weights' dtype.</summary>
    protected abstract Tensor Convolve(Tensor x);

    /// <summary>The output length of spatial axis <paramref name="i"/> for an input length (null: unknown).</summary>
    protected virtual int? OutputLength(int i, int? length) =>
        ConvArgs.OutputLength(length, KernelSize[i], Padding, Strides[i], DilationRate[i]);

    /// <inheritdoc/>
    public override void Build(int?[] inputShape)
    {
        int axis = ChannelLayout.ChannelAxis(DataFormat, inputShape.Length);
        int channels = inputShape[axis] ?? throw new ArgumentException(
            $"Layer '{Name}': the channel axis must have a known size, received shape {ShapeText.Format(inputShape)}.");
        InputChannels = channels;
        CreateKernels(channels);
        if (UseBias) Bias = AddWeight("bias", [OutputChannels(channels)], _biasInitializer, regularizer: BiasRegularizer, constraint: BiasConstraint);
        InputSpec = new InputSpec { Rank = SpatialRank + 2, Axes = new Dictionary<int, int> { [axis] = channels } };
        Built = true;
    }

    /// <inheritdoc/>
    public override Tensor Call(Tensor inputs, bool training)
    {
        CheckFits(inputs.Shape.Select(d => (int?)d).ToArray());
        var x = inputs.DType == DType ? inputs : Ops.Cast(inputs, DType);
        bool relu = ActivationName == "relu";
        Tensor output;
        if (DataFormat == "channels_last" && ConvolveChannelsLast(x, [0, 0, 0, 0], null, Bias, null, relu) is { } fused)
            output = relu ? fused : _activation(fused);
        else
        {
            var y = Convolve(ChannelLayout.ToChannelsFirst(x, DataFormat));
            if (Bias is not null)
            {
                var shape = Enumerable.Repeat(1, y.Rank).ToArray();
                shape[1] = Bias.Shape[0];
                y = Ops.Add(y, Ops.Reshape(Bias, shape));
            }
            output = _activation(ChannelLayout.FromChannelsFirst(y, DataFormat));
        }
        if (ActivityRegularizer is not null) AddLoss(ActivityRegularizer.Call(output));
        return output;
    }

    /// <summary>
    /// The convolution of a channels-last input of the weights' dtype in one op, with
    /// <paramref name="extraPadding"/> (top, bottom, left, right) zeros around the input, then
    /// <c>* scale + shift</c> per output channel, <c>+ residual</c> and ReLU when asked; null when the layer has no such
    /// path (it then transposes to channels-first around <see cref="Convolve"/>).
    /// </summary>
    protected virtual Tensor? ConvolveChannelsLast(Tensor x, int[] extraPadding, Tensor? scale, Tensor? shift, Tensor? residual, bool relu) => null;

    /// <summary>
    /// An inference plan's fused call (Models): zero padding that a preceding ZeroPadding2D would add, then this
    /// layer with a linear activation, then a per-channel scale and shift (a batch normalization folded in), a residual
    /// (an Add after it) and ReLU. Null when the layer cannot run it (another data format or layer kind, an activation,
    /// an activity regularizer, a residual of another shape).
    /// </summary>
    internal Tensor? CallFused(Tensor inputs, int[] extraPadding, Tensor? scale, Tensor? shift, Tensor? residual, bool relu)
    {
        if (DataFormat != "channels_last" || ActivationName != "linear" || ActivityRegularizer is not null) return null;
        var x = inputs.DType == DType ? inputs : Ops.Cast(inputs, DType);
        // (conv + bias) * scale + shift = conv * scale + (bias * scale + shift)
        if (Bias is not null)
        {
            var scaled = scale is null ? Bias : Ops.Multiply(Bias, scale);
            shift = shift is null ? scaled : Ops.Add(scaled, shift);
        }
        return ConvolveChannelsLast(x, extraPadding, scale, shift, residual, relu);
    }

    /// <inheritdoc/>
    public override int?[] ComputeOutputShape(int?[] inputShape)
    {
        CheckFits(inputShape);
        var axes = ChannelLayout.SpatialAxes(DataFormat, inputShape.Length);
        var spatial = axes.Select((a, i) => OutputLength(i, inputShape[a])).ToArray();
        int? inC = inputShape[ChannelLayout.ChannelAxis(DataFormat, inputShape.Length)];
        return ChannelLayout.WithSpatial(inputShape, DataFormat, spatial, inC is int c ? OutputChannels(c) : null);
    }

    /// <summary>Fails, naming the layer, the kernel and the input shape, when a spatial axis is too small for the kernel.</summary>
    protected void CheckFits(int?[] inputShape)
    {
        if (inputShape.Length != SpatialRank + 2) return;
        var axes = ChannelLayout.SpatialAxes(DataFormat, inputShape.Length);
        for (int i = 0; i < axes.Length; i++)
            if (inputShape[axes[i]] is int n && OutputLength(i, n) <= 0)
                throw new ArgumentException(
                    $"Layer '{Name}': input shape {ShapeText.Format(inputShape)} is too small for kernel size {ConvArgs.Format(KernelSize)} " +
                    $"(dilation rate {ConvArgs.Format(DilationRate)}, padding \"{Padding}\", data format {DataFormat}): spatial axis {axes[i]} has size {n}.");
    }

    /// <summary>Applies <paramref name="init"/> with the layer's regularizer and constraint to create a kernel.</summary>
    protected Variable AddKernel(string name, int[] shape, Initializer init, Regularizer? regularizer, Constraint? constraint) =>
        AddWeight(name, shape, init, regularizer: regularizer, constraint: constraint);

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var c = base.GetConfig();
        c["kernel_size"] = KernelSize;
        c["strides"] = Strides;
        c["padding"] = Padding;
        c["data_format"] = DataFormat;
        c["dilation_rate"] = DilationRate;
        c["activation"] = ActivationName;
        c["use_bias"] = UseBias;
        c["bias_initializer"] = ConfigOf.Describe(_biasInitializer);
        c["bias_regularizer"] = ConfigOf.Describe(BiasRegularizer);
        c["activity_regularizer"] = ConfigOf.Describe(ActivityRegularizer);
        c["bias_constraint"] = ConfigOf.Describe(BiasConstraint);
        return c;
    }
}
