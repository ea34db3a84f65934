namespace KerasSharp.Layers;

/// <summary>
/// 2-D convolution: <c>activation(conv2d(inputs, kernel) + bias)</c> over (N, H, W, C) inputs (or (N, C, H, W) with
/// <c>dataFormat: "channels_first"</c>). The kernel has Keras's layout [kh, kw, in/groups, filters].
/// </summary>
public sealed class Conv2D : BaseConv
{
    private readonly Initializer _kernelInitializer;

    /// <summary>Creates the layer; strides and dilation rate default to 1.</summary>
    public Conv2D(int filters, SpatialSize kernelSize, SpatialSize? strides = null, string padding = "valid",
                  string dataFormat = "channels_last", SpatialSize? dilationRate = null, int groups = 1,
                  string? activation = null, bool useBias = true,
                  Initializer? kernelInitializer = null, Initializer? biasInitializer = null,
                  Regularizer? kernelRegularizer = null, Regularizer? biasRegularizer = null, Regularizer? activityRegularizer = null,
                  Constraint? kernelConstraint = null, Constraint? biasConstraint = null, string? name = null)
        : base(2, kernelSize, strides, padding, dataFormat, dilationRate, activation, useBias, biasInitializer, biasRegularizer,
               activityRegularizer, biasConstraint, name)
    {
        if (filters <= 0) throw new ArgumentException($"Conv2D: filters must be positive, got {filters}.");
        if (groups <= 0 || filters % groups != 0)
            throw new ArgumentException($"Conv2D: groups ({groups}) must be positive and divide filters ({filters}).");
        Filters = filters;
        Groups = groups;
        _kernelInitializer = kernelInitializer ?? new GlorotUniform();
        KernelRegularizer = kernelRegularizer;
        KernelConstraint = kernelConstraint;
    }

    /// <summary>The number of output channels.</summary>
    public int Filters { get; }
    /// <summary>Channel groups: each group of filters sees in/groups input channels.</summary>
    public int Groups { get; }
    /// <summary>The kernel's regularizer.</summary>
    public Regularizer? KernelRegularizer { get; }
    /// <summary>The kernel's constraint.</summary>
    public Constraint? KernelConstraint { get; }
    /// <summary>The kernel, [kh, kw, in/groups, filters]; null until built.</summary>
    public Variable? Kernel { get; private set; }

    /// <inheritdoc/>
    protected override int OutputChannels(int inputChannels) => Filters;

    /// <inheritdoc/>
    protected override void CreateKernels(int inputChannels)
    {
        if (inputChannels % Groups != 0)
            throw new ArgumentException($"Layer '{Name}': groups ({Groups}) must divide the input channels ({inputChannels}).");
        Kernel = AddKernel("kernel", [KernelSize[0], KernelSize[1], inputChannels / Groups, Filters], _kernelInitializer, KernelRegularizer, KernelConstraint);
    }

    /// <inheritdoc/>
    protected override Tensor Convolve(Tensor x) =>
        Ops.Conv2d(x, Ops.Transpose(Kernel!, [3, 2, 0, 1]), null, Strides, Padding, DilationRate, Groups);

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
