namespace KerasSharp.Layers;

/// <summary>
/// Transposed 2-D convolution ("deconvolution"), the adjoint of <see cref="Conv2D"/>: upsamples by the strides.
/// The kernel has Keras's layout [kh, kw, filters, in]; output sizes follow Keras (see <see cref="Ops.Conv2dTranspose"/>).
/// </summary>
public sealed class Conv2DTranspose : FilterConv
{
    /// <summary>Creates the layer; <paramref name="outputPadding"/> (each smaller than its stride) resolves the output size.</summary>
    public Conv2DTranspose(int filters, SpatialSize kernelSize, SpatialSize? strides = null, string padding = "valid",
                           SpatialSize? outputPadding = null, string dataFormat = "channels_last", SpatialSize? dilationRate = null,
                           string? activation = null, bool useBias = true,
                           Initializer? kernelInitializer = null, Initializer? biasInitializer = null,
                           Regularizer? kernelRegularizer = null, Regularizer? biasRegularizer = null, Regularizer? activityRegularizer = null,
                           Constraint? kernelConstraint = null, Constraint? biasConstraint = null, string? name = null)
        : base(filters, null, 2, kernelSize, strides, padding, dataFormat, dilationRate, activation, useBias, kernelInitializer,
               biasInitializer, kernelRegularizer, biasRegularizer, activityRegularizer, kernelConstraint, biasConstraint, name)
    {
        if (outputPadding is not null)
        {
            OutputPadding = ConvArgs.Tuple("Conv2DTranspose", "outputPadding", outputPadding, 2, allowZero: true);
            if (OutputPadding[0] >= Strides[0] || OutputPadding[1] >= Strides[1])
                throw new ArgumentException($"Conv2DTranspose: outputPadding {ConvArgs.Format(OutputPadding)} must be smaller than the strides {ConvArgs.Format(Strides)}.");
        }
    }

    /// <summary>Extra rows/columns at the end of the output, or null for Keras's default size.</summary>
    public int[]? OutputPadding { get; }

    /// <inheritdoc/>
    protected override int? OutputLength(int i, int? length) => length is int n
        ? Ops.ConvTransposeLength(n, KernelSize[i], Strides[i], DilationRate[i], Padding, OutputPadding?[i] ?? -1)
        : null;

    /// <inheritdoc/>
    /// <remarks>[kh, kw, filters, in].</remarks>
    protected override int[] KernelShape(int inputChannels) => [KernelSize[0], KernelSize[1], Filters, inputChannels];

    /// <inheritdoc/>
    protected override Tensor Convolve(Tensor x) =>
        Ops.Conv2dTranspose(x, Ops.Transpose(Kernel!, [3, 2, 0, 1]), null, Strides, Padding, OutputPadding, DilationRate);

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var c = base.GetConfig();
        c["output_padding"] = OutputPadding;
        return c;
    }
}
