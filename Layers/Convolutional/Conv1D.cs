namespace KerasSharp.Layers;

/// <summary>
/// 1-D convolution over sequences (N, L, C) (or (N, C, L) with <c>dataFormat: "channels_first"</c>); padding may also be
/// "causal" (output t sees inputs up to t). The kernel has Keras's layout [k, in/groups, filters].
/// </summary>
public sealed class Conv1D : FilterConv
{
    /// <summary>Creates the layer; stride and dilation rate default to 1. Sizes are one int or, as Keras writes them in a config,
    /// a one-element list.</summary>
    public Conv1D(int filters, SpatialSize kernelSize, SpatialSize? strides = null, string padding = "valid", string dataFormat = "channels_last",
                  SpatialSize? dilationRate = null, int groups = 1, string? activation = null, bool useBias = true,
                  Initializer? kernelInitializer = null, Initializer? biasInitializer = null,
                  Regularizer? kernelRegularizer = null, Regularizer? biasRegularizer = null, Regularizer? activityRegularizer = null,
                  Constraint? kernelConstraint = null, Constraint? biasConstraint = null, string? name = null)
        : base(filters, groups, 1, kernelSize, strides, padding, dataFormat, dilationRate, activation, useBias, kernelInitializer,
               biasInitializer, kernelRegularizer, biasRegularizer, activityRegularizer, kernelConstraint, biasConstraint, name,
               allowCausal: true)
    {
    }

    /// <inheritdoc/>
    protected override int[] KernelShape(int inputChannels) => [KernelSize[0], inputChannels / Groups, Filters];

    /// <inheritdoc/>
    protected override Tensor Convolve(Tensor x) =>
        Ops.Conv1d(x, Ops.Transpose(Kernel!, [2, 1, 0]), null, Strides[0], Padding, DilationRate[0], Groups);
}
