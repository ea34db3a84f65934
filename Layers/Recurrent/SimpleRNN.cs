namespace KerasSharp.Layers;

/// <summary>
/// A fully connected recurrence (Keras 3's SimpleRNN): an <see cref="RNN"/> of a <see cref="SimpleRNNCell"/>. Weights:
/// "cell/kernel" (features, units), "cell/recurrent_kernel" (units, units), "cell/bias" (units).
/// </summary>
public sealed class SimpleRNN : RNN
{
    /// <summary>Creates the layer with Keras 3's defaults.</summary>
    public SimpleRNN(int units, string? activation = "tanh", bool useBias = true,
                     Initializer? kernelInitializer = null, Initializer? recurrentInitializer = null, Initializer? biasInitializer = null,
                     Regularizer? kernelRegularizer = null, Regularizer? recurrentRegularizer = null, Regularizer? biasRegularizer = null,
                     Regularizer? activityRegularizer = null,
                     Constraint? kernelConstraint = null, Constraint? recurrentConstraint = null, Constraint? biasConstraint = null,
                     double dropout = 0, double recurrentDropout = 0, long? seed = null,
                     bool returnSequences = false, bool returnState = false, bool goBackwards = false, bool stateful = false, bool unroll = false,
                     bool zeroOutputForMask = false, string? name = null, bool trainable = true)
        : this(dtype => new SimpleRNNCell(units, activation, useBias, kernelInitializer, recurrentInitializer, biasInitializer,
                                              kernelRegularizer, recurrentRegularizer, biasRegularizer, kernelConstraint, recurrentConstraint, biasConstraint,
                                              dropout, recurrentDropout, seed, "simple_rnn_cell", trainable) { DType = dtype }, returnSequences, returnState, goBackwards, stateful, unroll, zeroOutputForMask,
               activityRegularizer, name, trainable)
    { }

    private SimpleRNN(Func<DType, RnnCell> make, bool returnSequences, bool returnState, bool goBackwards, bool stateful, bool unroll,
                  bool zeroOutputForMask, Regularizer? activityRegularizer, string? name, bool trainable)
        : base(make(DType.Float32), make, returnSequences, returnState, goBackwards, stateful, unroll, zeroOutputForMask, activityRegularizer, name, trainable)
    { }

    /// <summary>The cell.</summary>
    public new SimpleRNNCell Cell => (SimpleRNNCell)base.Cell;
    /// <summary>The size of the state and output.</summary>
    public int Units => Cell.Units;

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => RecurrentConfig.Merge(base.GetConfig(), Cell.GetConfig());
}
