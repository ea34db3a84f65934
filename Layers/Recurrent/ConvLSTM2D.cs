namespace KerasSharp.Layers;

/// <summary>
/// Convolutional LSTM over a sequence of images (Keras 3's ConvLSTM2D): an <see cref="RNN"/> of a
/// <see cref="ConvLSTM2DCell"/>. Input (batch, time, rows, cols, channels), or (batch, time, channels, rows, cols) with
/// <c>dataFormat: "channels_first"</c>; output the last h, (batch, out rows, out cols, filters), or every step's with
/// <c>returnSequences</c>. Weights: "cell/kernel" (kh, kw, channels, 4·filters), "cell/recurrent_kernel"
/// (kh, kw, filters, 4·filters), "cell/bias" (4·filters), gate blocks i, f, c, o. Masks, goBackwards, stateful layers,
/// initial states (h, c) and dropout work as for <see cref="LSTM"/>; the steps run as convolutions (no fused op).
/// </summary>
public sealed class ConvLSTM2D : RNN
{
    /// <summary>Creates the layer with Keras 3's defaults.</summary>
    public ConvLSTM2D(int filters, SpatialSize kernelSize, SpatialSize? strides = null, string padding = "valid",
                      string dataFormat = "channels_last", SpatialSize? dilationRate = null,
                      string? activation = "tanh", string? recurrentActivation = "sigmoid", bool useBias = true,
                      Initializer? kernelInitializer = null, Initializer? recurrentInitializer = null, Initializer? biasInitializer = null,
                      bool unitForgetBias = true,
                      Regularizer? kernelRegularizer = null, Regularizer? recurrentRegularizer = null, Regularizer? biasRegularizer = null,
                      Regularizer? activityRegularizer = null,
                      Constraint? kernelConstraint = null, Constraint? recurrentConstraint = null, Constraint? biasConstraint = null,
                      double dropout = 0, double recurrentDropout = 0, long? seed = null,
                      bool returnSequences = false, bool returnState = false, bool goBackwards = false, bool stateful = false,
                      string? name = null, bool trainable = true)
        : this(dtype => new ConvLSTM2DCell(filters, kernelSize, strides, padding, dataFormat, dilationRate, activation, recurrentActivation, useBias,
                                           kernelInitializer, recurrentInitializer, biasInitializer, unitForgetBias, kernelRegularizer,
                                           recurrentRegularizer, biasRegularizer, kernelConstraint, recurrentConstraint, biasConstraint,
                                           dropout, recurrentDropout, seed, "conv_lstm_cell", trainable) { DType = dtype },
               returnSequences, returnState, goBackwards, stateful, activityRegularizer, name, trainable)
    { }

    private ConvLSTM2D(Func<DType, RnnCell> make, bool returnSequences, bool returnState, bool goBackwards, bool stateful,
                       Regularizer? activityRegularizer, string? name, bool trainable)
        : base(make(DType.Float32), make, returnSequences, returnState, goBackwards, stateful, unroll: false, zeroOutputForMask: false,
               activityRegularizer, name, trainable)
    { }

    /// <summary>The cell.</summary>
    public new ConvLSTM2DCell Cell => (ConvLSTM2DCell)base.Cell;
    /// <summary>The number of channels of the output and the states.</summary>
    public int Filters => Cell.Filters;

    /// <summary>Checks that a step fits the kernel (the error names this layer), then builds as any RNN.</summary>
    public override void Build(IReadOnlyList<int?[]> inputShapes)
    {
        ArgumentNullException.ThrowIfNull(inputShapes);
        if (inputShapes[0].Length == 5) Cell.OutputSpatial([inputShapes[0][0], .. inputShapes[0][2..]], Name);
        base.Build(inputShapes);
    }

    /// <summary>Keras's config: the RNN's keys (without unroll and zero_output_for_mask, which ConvLSTM2D does not take), then the cell's.</summary>
    public override Dictionary<string, object?> GetConfig()
    {
        var c = RecurrentConfig.Merge(base.GetConfig(), Cell.GetConfig());
        c.Remove("unroll");
        c.Remove("zero_output_for_mask");
        return c;
    }
}
