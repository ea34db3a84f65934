using KerasSharp.Backends;

namespace KerasSharp.Layers;

/// <summary>
/// The cell of <see cref="LSTM"/>, with Keras's gate order i, f, c, o in the kernels' columns:
/// <c>z = x · kernel + h_prev · recurrent_kernel + bias</c>; <c>i = σ(z_i)</c>, <c>f = σ(z_f)</c>,
/// <c>c = f · c_prev + i · tanh(z_c)</c>, <c>o = σ(z_o)</c>, <c>h = o · tanh(c)</c> (σ the recurrent activation, tanh the
/// activation). States: h, then c; the output is h.
/// </summary>
public sealed class LSTMCell : KernelRnnCell
{
    /// <summary>Creates the cell with Keras 3's defaults (tanh, sigmoid, glorot_uniform, orthogonal, zeros, unitForgetBias).</summary>
    public LSTMCell(int units, string? activation = "tanh", string? recurrentActivation = "sigmoid", bool useBias = true,
                    Initializer? kernelInitializer = null, Initializer? recurrentInitializer = null, Initializer? biasInitializer = null,
                    bool unitForgetBias = true,
                    Regularizer? kernelRegularizer = null, Regularizer? recurrentRegularizer = null, Regularizer? biasRegularizer = null,
                    Constraint? kernelConstraint = null, Constraint? recurrentConstraint = null, Constraint? biasConstraint = null,
                    double dropout = 0, double recurrentDropout = 0, long? seed = null, string? name = null, bool trainable = true)
        : base("LSTMCell", 4, units, activation, recurrentActivation, useBias, kernelInitializer, recurrentInitializer, biasInitializer,
               kernelRegularizer, recurrentRegularizer, biasRegularizer, kernelConstraint, recurrentConstraint, biasConstraint,
               dropout, recurrentDropout, seed, name, trainable) =>
        UnitForgetBias = unitForgetBias;

    /// <summary>Whether the forget gate's bias starts at one (the rest from the bias initializer), as Keras's unit_forget_bias.</summary>
    public bool UnitForgetBias { get; }

    /// <summary>Two states, h and c, (batch, units) each.</summary>
    public override int[] StateSize => [Units, Units];

    private protected override Initializer BiasInitialValue => UnitForgetBias ? new ForgetGateOnes(BiasInitializer, Units) : BiasInitializer;

    internal override (Tensor Output, Tensor[] States) StepPrepared(Tensor prepared, IReadOnlyList<Tensor> states, bool training)
    {
        var z = Ops.Add(prepared, RecurrentProduct(states[0], RecurrentKernel!, training));
        var g = Ops.Split(z, 4, axis: 1);
        var i = RecurrentAct(g[0]);
        var f = RecurrentAct(g[1]);
        var c = Ops.Add(Ops.Multiply(f, states[1]), Ops.Multiply(i, Act(g[2])));
        var o = RecurrentAct(g[3]);
        var h = Ops.Multiply(o, Act(c));
        return (h, [h, c]);
    }

    private protected override RecurrentCellKind Kind => RecurrentCellKind.Lstm;

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var c = SharedConfig(withRecurrentActivation: true);
        c["unit_forget_bias"] = UnitForgetBias;
        return c;
    }

    /// <summary>The bias initializer's values with ones in the forget gate's block, as Keras builds unit_forget_bias.</summary>
    private sealed class ForgetGateOnes(Initializer inner, int units) : Initializer
    {
        public override Tensor Call(int[] shape, DType dtype = DType.Float32)
        {
            using var scope = new TensorScope();
            var value = Ops.Concatenate([inner.Call([units], dtype), Ops.Ones([units], dtype), inner.Call([2 * units], dtype)], 0);
            return scope.Keep(value);
        }
    }
}
