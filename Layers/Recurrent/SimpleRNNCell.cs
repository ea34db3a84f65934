using KerasSharp.Backends;

namespace KerasSharp.Layers;

/// <summary>
/// The cell of <see cref="SimpleRNN"/>: <c>h = activation(x · kernel + bias + h_prev · recurrent_kernel)</c>, one state
/// of <see cref="KernelRnnCell.Units"/>, which is also the output.
/// </summary>
public sealed class SimpleRNNCell : KernelRnnCell
{
    /// <summary>Creates the cell with Keras 3's defaults (tanh, glorot_uniform, orthogonal, zeros).</summary>
    public SimpleRNNCell(int units, string? activation = "tanh", bool useBias = true,
                         Initializer? kernelInitializer = null, Initializer? recurrentInitializer = null, Initializer? biasInitializer = null,
                         Regularizer? kernelRegularizer = null, Regularizer? recurrentRegularizer = null, Regularizer? biasRegularizer = null,
                         Constraint? kernelConstraint = null, Constraint? recurrentConstraint = null, Constraint? biasConstraint = null,
                         double dropout = 0, double recurrentDropout = 0, long? seed = null, string? name = null, bool trainable = true)
        : base("SimpleRNNCell", 1, units, activation, null, useBias, kernelInitializer, recurrentInitializer, biasInitializer,
               kernelRegularizer, recurrentRegularizer, biasRegularizer, kernelConstraint, recurrentConstraint, biasConstraint,
               dropout, recurrentDropout, seed, name, trainable)
    { }

    /// <summary>One state, (batch, units).</summary>
    public override int[] StateSize => [Units];

    internal override (Tensor Output, Tensor[] States) StepPrepared(Tensor prepared, IReadOnlyList<Tensor> states, bool training)
    {
        var h = Act(Ops.Add(prepared, RecurrentProduct(states[0], RecurrentKernel!, training)));
        return (h, [h]);
    }

    private protected override RecurrentCellKind Kind => RecurrentCellKind.SimpleRnn;

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => SharedConfig(withRecurrentActivation: false);
}
