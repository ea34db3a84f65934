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
        var (h, c) = GateStep(Ops.Add(prepared, RecurrentProduct(states[0], RecurrentKernel!, training)), states[1], 1, Act, RecurrentAct);
        return (h, [h, c]);
    }

    /// <summary>The new h and c from the gates' pre-activations z (blocks i, f, c, o along <paramref name="axis"/>) and the previous c.</summary>
    internal static (Tensor H, Tensor C) GateStep(Tensor z, Tensor cPrev, int axis, Func<Tensor, Tensor> activation, Func<Tensor, Tensor> recurrentActivation)
    {
        var g = Ops.Split(z, 4, axis: axis);
        var i = recurrentActivation(g[0]);
        var f = recurrentActivation(g[1]);
        var c = Ops.Add(Ops.Multiply(f, cPrev), Ops.Multiply(i, activation(g[2])));
        var o = recurrentActivation(g[3]);
        return (Ops.Multiply(o, activation(c)), c);
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
    internal sealed class ForgetGateOnes(Initializer inner, int units) : Initializer
    {
        public override Tensor Call(int[] shape, DType dtype = DType.Float32)
        {
            using var scope = new TensorScope();
            var value = Ops.Concatenate([inner.Call([units], dtype), Ops.Ones([units], dtype), inner.Call([2 * units], dtype)], 0);
            return scope.Keep(value);
        }
    }
}
