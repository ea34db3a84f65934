namespace KerasSharp.Layers;

/// <summary>
/// Gated recurrent unit (Keras 3's GRU): an <see cref="RNN"/> of a <see cref="GRUCell"/>. Weights: "cell/kernel"
/// (features, 3·units), "cell/recurrent_kernel" (units, 3·units), "cell/bias" (2, 3·units) with resetAfter (the default)
/// else (3·units), gate blocks z, r, h. With resetAfter, tanh and sigmoid and no recurrent dropout in training, the
/// sequence runs as one fused op (<see cref="Ops.Recurrence"/>).
/// </summary>
public sealed class GRU : RNN
{
    /// <summary>Creates the layer with Keras 3's defaults.</summary>
    public GRU(int units, string? activation = "tanh", string? recurrentActivation = "sigmoid", bool useBias = true,
               Initializer? kernelInitializer = null, Initializer? recurrentInitializer = null, Initializer? biasInitializer = null,
               Regularizer? kernelRegularizer = null, Regularizer? recurrentRegularizer = null, Regularizer? biasRegularizer = null,
               Regularizer? activityRegularizer = null,
               Constraint? kernelConstraint = null, Constraint? recurrentConstraint = null, Constraint? biasConstraint = null,
               double dropout = 0, double recurrentDropout = 0, long? seed = null,
               bool returnSequences = false, bool returnState = false, bool goBackwards = false, bool stateful = false, bool unroll = false,
               bool resetAfter = true, bool zeroOutputForMask = false, string? name = null, bool trainable = true)
        : this(dtype => new GRUCell(units, activation, recurrentActivation, useBias, kernelInitializer, recurrentInitializer, biasInitializer,
                                        kernelRegularizer, recurrentRegularizer, biasRegularizer, kernelConstraint, recurrentConstraint, biasConstraint,
                                        dropout, recurrentDropout, resetAfter, seed, "gru_cell", trainable) { DType = dtype }, returnSequences, returnState, goBackwards, stateful, unroll, zeroOutputForMask,
               activityRegularizer, name, trainable)
    { }

    private GRU(Func<DType, RnnCell> make, bool returnSequences, bool returnState, bool goBackwards, bool stateful, bool unroll,
                  bool zeroOutputForMask, Regularizer? activityRegularizer, string? name, bool trainable)
        : base(make(DType.Float32), make, returnSequences, returnState, goBackwards, stateful, unroll, zeroOutputForMask, activityRegularizer, name, trainable)
    { }

    /// <summary>The cell.</summary>
    public new GRUCell Cell => (GRUCell)base.Cell;
    /// <summary>The size of the state and output.</summary>
    public int Units => Cell.Units;

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => RecurrentConfig.Merge(base.GetConfig(), Cell.GetConfig());
}
