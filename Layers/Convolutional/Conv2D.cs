namespace KerasSharp.Layers;

/// <summary>
/// 2-D convolution: <c>activation(conv2d(inputs, kernel) + bias)</c> over (N, H, W, C) inputs (or (N, C, H, W) with
/// <c>dataFormat: "channels_first"</c>). The kernel has Keras's layout [kh, kw, in/groups, filters].
/// </summary>
public sealed class Conv2D : FilterConv
{
    /// <summary>Creates the layer; strides and dilation rate default to 1.</summary>
    public Conv2D(int filters, SpatialSize kernelSize, SpatialSize? strides = null, string padding = "valid",
                  string dataFormat = "channels_last", SpatialSize? dilationRate = null, int groups = 1,
                  string? activation = null, bool useBias = true,
                  Initializer? kernelInitializer = null, Initializer? biasInitializer = null,
                  Regularizer? kernelRegularizer = null, Regularizer? biasRegularizer = null, Regularizer? activityRegularizer = null,
                  Constraint? kernelConstraint = null, Constraint? biasConstraint = null, string? name = null)
        : base(filters, groups, 2, kernelSize, strides, padding, dataFormat, dilationRate, activation, useBias, kernelInitializer,
               biasInitializer, kernelRegularizer, biasRegularizer, activityRegularizer, kernelConstraint, biasConstraint, name)
    {
    }

    /// <inheritdoc/>
    protected override int[] KernelShape(int inputChannels) => [KernelSize[0], KernelSize[1], inputChannels / Groups, Filters];

    /// <inheritdoc/>
    /// <remarks>The Keras kernel as it is, on the channels-last input as it is (no layout changes where the backend fuses).</remarks>
    protected override Tensor? ConvolveChannelsLast(Tensor x, int[] extraPadding, Tensor? scale, Tensor? shift, Tensor? residual, bool relu)
    {
        bool padded = extraPadding.Any(p => p != 0);
        if (padded && Padding != "valid") return null;
        int?[] input = [x.Shape[0], x.Shape[1] + extraPadding[0] + extraPadding[1], x.Shape[2] + extraPadding[2] + extraPadding[3], x.Shape[3]];
        CheckFits(input);
        if (residual is not null && !residual.Shape.ToArray().Select(d => (int?)d).SequenceEqual(ComputeOutputShape(input))) return null;
        return padded
            ? Ops.Conv2dChannelsLast(x, Kernel!, scale, shift, relu, Strides, "explicit", DilationRate, Groups, extraPadding, residual)
            : Ops.Conv2dChannelsLast(x, Kernel!, scale, shift, relu, Strides, Padding, DilationRate, Groups, residual: residual);
    }

    /// <inheritdoc/>
    protected override Tensor Convolve(Tensor x) =>
        Ops.Conv2d(x, Ops.Transpose(Kernel!, [3, 2, 0, 1]), null, Strides, Padding, DilationRate, Groups);
}
