namespace KerasSharp.Layers;

/// <summary>
/// Depthwise-separable 2-D convolution: a depthwise convolution (kernel [kh, kw, in, depthMultiplier]) followed by a
/// 1x1 pointwise convolution (kernel [1, 1, in*depthMultiplier, filters]), then bias and activation.
/// </summary>
public sealed class SeparableConv2D : BaseConv
{
    private readonly Initializer _depthwiseInitializer, _pointwiseInitializer;

    /// <summary>Creates the layer.</summary>
    public SeparableConv2D(int filters, SpatialSize kernelSize, SpatialSize? strides = null, string padding = "valid",
                           string dataFormat = "channels_last", SpatialSize? dilationRate = null, int depthMultiplier = 1,
                           string? activation = null, bool useBias = true,
                           Initializer? depthwiseInitializer = null, Initializer? pointwiseInitializer = null, Initializer? biasInitializer = null,
                           Regularizer? depthwiseRegularizer = null, Regularizer? pointwiseRegularizer = null, Regularizer? biasRegularizer = null,
                           Regularizer? activityRegularizer = null, Constraint? depthwiseConstraint = null, Constraint? pointwiseConstraint = null,
                           Constraint? biasConstraint = null, string? name = null)
        : base(2, kernelSize, strides, padding, dataFormat, dilationRate, activation, useBias, biasInitializer, biasRegularizer,
               activityRegularizer, biasConstraint, name)
    {
        if (filters <= 0) throw new ArgumentException($"SeparableConv2D: filters must be positive, got {filters}.");
        if (depthMultiplier <= 0) throw new ArgumentException($"SeparableConv2D: depthMultiplier must be positive, got {depthMultiplier}.");
        Filters = filters;
        DepthMultiplier = depthMultiplier;
        _depthwiseInitializer = depthwiseInitializer ?? new GlorotUniform();
        _pointwiseInitializer = pointwiseInitializer ?? new GlorotUniform();
        DepthwiseRegularizer = depthwiseRegularizer;
        PointwiseRegularizer = pointwiseRegularizer;
        DepthwiseConstraint = depthwiseConstraint;
        PointwiseConstraint = pointwiseConstraint;
    }

    /// <summary>The number of output channels.</summary>
    public int Filters { get; }
    /// <summary>Depthwise output channels per input channel.</summary>
    public int DepthMultiplier { get; }
    /// <summary>The depthwise kernel's regularizer.</summary>
    public Regularizer? DepthwiseRegularizer { get; }
    /// <summary>The pointwise kernel's regularizer.</summary>
    public Regularizer? PointwiseRegularizer { get; }
    /// <summary>The depthwise kernel's constraint.</summary>
    public Constraint? DepthwiseConstraint { get; }
    /// <summary>The pointwise kernel's constraint.</summary>
    public Constraint? PointwiseConstraint { get; }
    /// <summary>[kh, kw, in, depthMultiplier]; null until built.</summary>
    public Variable? DepthwiseKernel { get; private set; }
    /// <summary>[1, 1, in*depthMultiplier, filters]; null until built.</summary>
    public Variable? PointwiseKernel { get; private set; }

    /// <inheritdoc/>
    protected override int OutputChannels(int inputChannels) => Filters;

    /// <inheritdoc/>
    protected override void CreateKernels(int inputChannels)
    {
        DepthwiseKernel = AddKernel("depthwise_kernel", [KernelSize[0], KernelSize[1], inputChannels, DepthMultiplier], _depthwiseInitializer,
                                    DepthwiseRegularizer, DepthwiseConstraint);
        PointwiseKernel = AddKernel("pointwise_kernel", [1, 1, inputChannels * DepthMultiplier, Filters], _pointwiseInitializer,
                                    PointwiseRegularizer, PointwiseConstraint);
    }

    /// <inheritdoc/>
    protected override Tensor Convolve(Tensor x)
    {
        var depthwise = Ops.Conv2d(x, DepthwiseKernelLayout.ToOihw(DepthwiseKernel!), null, Strides, Padding, DilationRate, groups: InputChannels);
        return Ops.Conv2d(depthwise, Ops.Transpose(PointwiseKernel!, [3, 2, 0, 1]));
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var c = base.GetConfig();
        c["filters"] = Filters;
        c["depth_multiplier"] = DepthMultiplier;
        c["depthwise_initializer"] = ConfigOf.Describe(_depthwiseInitializer);
        c["pointwise_initializer"] = ConfigOf.Describe(_pointwiseInitializer);
        c["depthwise_regularizer"] = ConfigOf.Describe(DepthwiseRegularizer);
        c["pointwise_regularizer"] = ConfigOf.Describe(PointwiseRegularizer);
        c["depthwise_constraint"] = ConfigOf.Describe(DepthwiseConstraint);
        c["pointwise_constraint"] = ConfigOf.Describe(PointwiseConstraint);
        return c;
    }
}
