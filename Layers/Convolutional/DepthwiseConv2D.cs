namespace KerasSharp.Layers;

/// <summary>
/// Depthwise 2-D convolution: each input channel is convolved with its own <see cref="DepthMultiplier"/> filters
/// (a grouped convolution with groups = input channels). The kernel has Keras's layout [kh, kw, in, depthMultiplier].
/// </summary>
public sealed class DepthwiseConv2D : BaseConv
{
    private readonly Initializer _depthwiseInitializer;

    /// <summary>Creates the layer.</summary>
    public DepthwiseConv2D(SpatialSize kernelSize, SpatialSize? strides = null, string padding = "valid", int depthMultiplier = 1,
                           string dataFormat = "channels_last", SpatialSize? dilationRate = null, string? activation = null, bool useBias = true,
                           Initializer? depthwiseInitializer = null, Initializer? biasInitializer = null,
                           Regularizer? depthwiseRegularizer = null, Regularizer? biasRegularizer = null, Regularizer? activityRegularizer = null,
                           Constraint? depthwiseConstraint = null, Constraint? biasConstraint = null, string? name = null)
        : base(2, kernelSize, strides, padding, dataFormat, dilationRate, activation, useBias, biasInitializer, biasRegularizer,
               activityRegularizer, biasConstraint, name)
    {
        if (depthMultiplier <= 0) throw new ArgumentException($"DepthwiseConv2D: depthMultiplier must be positive, got {depthMultiplier}.");
        DepthMultiplier = depthMultiplier;
        _depthwiseInitializer = depthwiseInitializer ?? new GlorotUniform();
        DepthwiseRegularizer = depthwiseRegularizer;
        DepthwiseConstraint = depthwiseConstraint;
    }

    /// <summary>Output channels per input channel.</summary>
    public int DepthMultiplier { get; }
    /// <summary>The kernel's regularizer.</summary>
    public Regularizer? DepthwiseRegularizer { get; }
    /// <summary>The kernel's constraint.</summary>
    public Constraint? DepthwiseConstraint { get; }
    /// <summary>The kernel, [kh, kw, in, depthMultiplier]; null until built.</summary>
    public Variable? DepthwiseKernel { get; private set; }

    /// <inheritdoc/>
    protected override int OutputChannels(int inputChannels) => inputChannels * DepthMultiplier;

    /// <inheritdoc/>
    protected override void CreateKernels(int inputChannels) =>
        DepthwiseKernel = AddKernel("kernel", [KernelSize[0], KernelSize[1], inputChannels, DepthMultiplier], _depthwiseInitializer,
                                    DepthwiseRegularizer, DepthwiseConstraint);

    /// <inheritdoc/>
    protected override Tensor Convolve(Tensor x) =>
        Ops.Conv2d(x, DepthwiseKernelLayout.ToOihw(DepthwiseKernel!), null, Strides, Padding, DilationRate, groups: InputChannels);

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var c = base.GetConfig();
        c["depth_multiplier"] = DepthMultiplier;
        c["depthwise_initializer"] = ConfigOf.Describe(_depthwiseInitializer);
        c["depthwise_regularizer"] = ConfigOf.Describe(DepthwiseRegularizer);
        c["depthwise_constraint"] = ConfigOf.Describe(DepthwiseConstraint);
        return c;
    }
}
