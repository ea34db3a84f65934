namespace KerasSharp.Layers;

/// <summary>
/// 1-D convolution over sequences (N, L, C) (or (N, C, L) with <c>dataFormat: "channels_first"</c>); padding may also be
/// "causal" (output t sees inputs up to t). The kernel has Keras's layout [k, in/groups, filters].
/// </summary>
public sealed class Conv1D : BaseConv
{
    private readonly Initializer _kernelInitializer;

    /// <summary>Creates the layer; stride and dilation rate default to 1.</summary>
    public Conv1D(int filters, int kernelSize, int strides = 1, string padding = "valid", string dataFormat = "channels_last",
                  int dilationRate = 1, int groups = 1, string? activation = null, bool useBias = true,
                  Initializer? kernelInitializer = null, Initializer? biasInitializer = null,
                  Regularizer? kernelRegularizer = null, Regularizer? biasRegularizer = null, Regularizer? activityRegularizer = null,
                  Constraint? kernelConstraint = null, Constraint? biasConstraint = null, string? name = null)
        : base(1, kernelSize, strides, padding, dataFormat, dilationRate, activation, useBias, biasInitializer, biasRegularizer,
               activityRegularizer, biasConstraint, name, allowCausal: true)
    {
        if (filters <= 0) throw new ArgumentException($"Conv1D: filters must be positive, got {filters}.");
        if (groups <= 0 || filters % groups != 0)
            throw new ArgumentException($"Conv1D: groups ({groups}) must be positive and divide filters ({filters}).");
        Filters = filters;
        Groups = groups;
        _kernelInitializer = kernelInitializer ?? new GlorotUniform();
        KernelRegularizer = kernelRegularizer;
        KernelConstraint = kernelConstraint;
    }

    /// <summary>The number of output channels.</summary>
    public int Filters { get; }
    /// <summary>Channel groups.</summary>
    public int Groups { get; }
    /// <summary>The kernel's regularizer.</summary>
    public Regularizer? KernelRegularizer { get; }
    /// <summary>The kernel's constraint.</summary>
    public Constraint? KernelConstraint { get; }
    /// <summary>The kernel, [k, in/groups, filters]; null until built.</summary>
    public Variable? Kernel { get; private set; }

    /// <inheritdoc/>
    protected override int OutputChannels(int inputChannels) => Filters;

    /// <inheritdoc/>
    protected override void CreateKernels(int inputChannels)
    {
        if (inputChannels % Groups != 0)
            throw new ArgumentException($"Layer '{Name}': groups ({Groups}) must divide the input channels ({inputChannels}).");
        Kernel = AddKernel("kernel", [KernelSize[0], inputChannels / Groups, Filters], _kernelInitializer, KernelRegularizer, KernelConstraint);
    }

    /// <inheritdoc/>
    protected override Tensor Convolve(Tensor x) =>
        Ops.Conv1d(x, Ops.Transpose(Kernel!, [2, 1, 0]), null, Strides[0], Padding, DilationRate[0], Groups);

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var c = base.GetConfig();
        c["filters"] = Filters;
        c["groups"] = Groups;
        c["kernel_initializer"] = ConfigOf.Describe(_kernelInitializer);
        c["kernel_regularizer"] = ConfigOf.Describe(KernelRegularizer);
        c["kernel_constraint"] = ConfigOf.Describe(KernelConstraint);
        return c;
    }
}
