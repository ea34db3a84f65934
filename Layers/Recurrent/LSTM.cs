namespace KerasSharp.Layers;

/// <summary>
/// Long short-term memory (Keras 3's LSTM): an <see cref="RNN"/> of an <see cref="LSTMCell"/>, with the cell's arguments
/// and the layer's. Weights: "cell/kernel" (features, 4·units), "cell/recurrent_kernel" (units, 4·units), "cell/bias"
/// (4·units), gate blocks i, f, c, o. With tanh and sigmoid (the defaults) and no recurrent dropout in training, the
/// whole sequence runs as one fused op (<see cref="Ops.Recurrence"/>).
/// </summary>
public sealed class LSTM : RNN
{
    /// <summary>Creates the layer with Keras 3's defaults.</summary>
    public LSTM(int units, string? activation = "tanh", string? recurrentActivation = "sigmoid", bool useBias = true,
                Initializer? kernelInitializer = null, Initializer? recurrentInitializer = null, Initializer? biasInitializer = null,
                bool unitForgetBias = true,
                Regularizer? kernelRegularizer = null, Regularizer? recurrentRegularizer = null, Regularizer? biasRegularizer = null,
                Regularizer? activityRegularizer = null,
                Constraint? kernelConstraint = null, Constraint? recurrentConstraint = null, Constraint? biasConstraint = null,
                double dropout = 0, double recurrentDropout = 0, long? seed = null,
                bool returnSequences = false, bool returnState = false, bool goBackwards = false, bool stateful = false, bool unroll = false,
                bool zeroOutputForMask = false, string? name = null, bool trainable = true)
        : this(dtype => new LSTMCell(units, activation, recurrentActivation, useBias, kernelInitializer, recurrentInitializer, biasInitializer,
                                         unitForgetBias, kernelRegularizer, recurrentRegularizer, biasRegularizer, kernelConstraint, recurrentConstraint,
                                         biasConstraint, dropout, recurrentDropout, seed, "lstm_cell", trainable) { DType = dtype }, returnSequences, returnState, goBackwards, stateful, unroll, zeroOutputForMask,
               activityRegularizer, name, trainable)
    { }

    private LSTM(Func<DType, RnnCell> make, bool returnSequences, bool returnState, bool goBackwards, bool stateful, bool unroll,
                  bool zeroOutputForMask, Regularizer? activityRegularizer, string? name, bool trainable)
        : base(make(DType.Float32), make, returnSequences, returnState, goBackwards, stateful, unroll, zeroOutputForMask, activityRegularizer, name, trainable)
    { }

    /// <summary>The cell.</summary>
    public new LSTMCell Cell => (LSTMCell)base.Cell;
    /// <summary>The size of the state and output.</summary>
    public int Units => Cell.Units;

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => RecurrentConfig.Merge(base.GetConfig(), Cell.GetConfig());
}

/// <summary>Keras's config of SimpleRNN, LSTM and GRU: the RNN's keys, then the cell's arguments.</summary>
internal static class RecurrentConfig
{
    public static Dictionary<string, object?> Merge(Dictionary<string, object?> layer, Dictionary<string, object?> cell)
    {
        foreach (var (key, value) in cell)
            if (key is not ("name" or "trainable" or "dtype")) layer[key] = value;
        return layer;
    }
}
