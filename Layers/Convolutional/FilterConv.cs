namespace KerasSharp.Layers;

/// <summary>
/// A convolution with <see cref="Filters"/> output channels and one learned kernel (Conv1D, Conv2D, Conv2DTranspose):
/// the kernel's initializer, regularizer and constraint, channel groups, and the config entries they share.
/// Subclasses give the kernel's shape in Keras's layout.
/// </summary>
public abstract class FilterConv : BaseConv
{
    private readonly Initializer _kernelInitializer;
    private readonly bool _hasGroups;

    /// <summary>Checks and stores the kernel's arguments; <paramref name="groups"/> is null for a layer without groups.</summary>
    private protected FilterConv(int filters, int? groups, int spatialRank, SpatialSize kernelSize, SpatialSize? strides, string padding,
                                 string dataFormat, SpatialSize? dilationRate, string? activation, bool useBias,
                                 Initializer? kernelInitializer, Initializer? biasInitializer,
                                 Regularizer? kernelRegularizer, Regularizer? biasRegularizer, Regularizer? activityRegularizer,
                                 Constraint? kernelConstraint, Constraint? biasConstraint, string? name, bool allowCausal = false)
        : base(spatialRank, kernelSize, strides, padding, dataFormat, dilationRate, activation, useBias, biasInitializer, biasRegularizer,
               activityRegularizer, biasConstraint, name, allowCausal)
    {
        string layer = GetType().Name;
        if (filters <= 0) throw new ArgumentException($"{layer}: filters must be positive, got {filters}.");
        if (groups is int g && (g <= 0 || filters % g != 0))
            throw new ArgumentException($"{layer}: groups ({g}) must be positive and divide filters ({filters}).");
        Filters = filters;
        Groups = groups ?? 1;
        _hasGroups = groups is not null;
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
    /// <summary>The kernel, in Keras's layout; null until built.</summary>
    public Variable? Kernel { get; private set; }

    /// <summary>The kernel's shape in Keras's layout for <paramref name="inputChannels"/> input channels.</summary>
    protected abstract int[] KernelShape(int inputChannels);

    /// <inheritdoc/>
    protected sealed override int OutputChannels(int inputChannels) => Filters;

    /// <inheritdoc/>
    protected sealed override void CreateKernels(int inputChannels)
    {
        if (inputChannels % Groups != 0)
            throw new ArgumentException($"Layer '{Name}': groups ({Groups}) must divide the input channels ({inputChannels}).");
        Kernel = AddKernel("kernel", KernelShape(inputChannels), _kernelInitializer, KernelRegularizer, KernelConstraint);
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var c = base.GetConfig();
        c["filters"] = Filters;
        if (_hasGroups) c["groups"] = Groups;
        c["kernel_initializer"] = ConfigOf.Describe(_kernelInitializer);
        c["kernel_regularizer"] = ConfigOf.Describe(KernelRegularizer);
        c["kernel_constraint"] = ConfigOf.Describe(KernelConstraint);
        return c;
    }
}
