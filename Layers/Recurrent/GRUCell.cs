using KerasSharp.Backends;

namespace KerasSharp.Layers;

/// <summary>
/// The cell of <see cref="GRU"/>, with Keras's gate order z, r, h in the kernels' columns. With <see cref="ResetAfter"/>
/// (Keras 3's default, and PyTorch's formula) the reset gate multiplies the recurrent product:
/// <c>z = σ(x_z + u_z)</c>, <c>r = σ(x_r + u_r)</c>, <c>ĥ = tanh(x_h + r · u_h)</c>, <c>h = z · h_prev + (1 - z) · ĥ</c>,
/// where x = x · kernel + bias[0] and u = h_prev · recurrent_kernel + bias[1] (the bias is (2, 3 · units)). Without it the
/// reset gate multiplies the state first: <c>ĥ = tanh(x_h + (r · h_prev) · recurrent_kernel_h)</c>, one bias of (3 · units).
/// </summary>
public sealed class GRUCell : KernelRnnCell
{
    /// <summary>Creates the cell with Keras 3's defaults (tanh, sigmoid, glorot_uniform, orthogonal, zeros, resetAfter).</summary>
    public GRUCell(int units, string? activation = "tanh", string? recurrentActivation = "sigmoid", bool useBias = true,
                   Initializer? kernelInitializer = null, Initializer? recurrentInitializer = null, Initializer? biasInitializer = null,
                   Regularizer? kernelRegularizer = null, Regularizer? recurrentRegularizer = null, Regularizer? biasRegularizer = null,
                   Constraint? kernelConstraint = null, Constraint? recurrentConstraint = null, Constraint? biasConstraint = null,
                   double dropout = 0, double recurrentDropout = 0, bool resetAfter = true, long? seed = null, string? name = null, bool trainable = true)
        : base("GRUCell", 3, units, activation, recurrentActivation, useBias, kernelInitializer, recurrentInitializer, biasInitializer,
               kernelRegularizer, recurrentRegularizer, biasRegularizer, kernelConstraint, recurrentConstraint, biasConstraint,
               dropout, recurrentDropout, seed, name, trainable) =>
        ResetAfter = resetAfter;

    /// <summary>Whether the reset gate applies after the recurrent product (Keras 3's default; PyTorch's formula).</summary>
    public bool ResetAfter { get; }

    /// <summary>One state, (batch, units).</summary>
    public override int[] StateSize => [Units];

    private protected override int[] BiasShape => ResetAfter ? [2, 3 * Units] : [3 * Units];

    private protected override Tensor? InputBias => Bias is null || !ResetAfter ? Bias : Ops.Reshape(Ops.SliceAxis(Bias, 0, 0, 1), 3 * Units);

    private protected override Tensor? RecurrentBias => Bias is null || !ResetAfter ? null : Ops.Reshape(Ops.SliceAxis(Bias, 0, 1, 1), 3 * Units);

    internal override (Tensor Output, Tensor[] States) StepPrepared(Tensor prepared, IReadOnlyList<Tensor> states, bool training)
    {
        var hPrev = states[0];
        var x = Ops.Split(prepared, 3, axis: 1);
        Tensor z, r, candidate;
        if (ResetAfter)
        {
            var inner = RecurrentProduct(hPrev, RecurrentKernel!, training);
            if (RecurrentBias is { } rb) inner = Ops.Add(inner, rb);
            var u = Ops.Split(inner, 3, axis: 1);
            z = RecurrentAct(Ops.Add(x[0], u[0]));
            r = RecurrentAct(Ops.Add(x[1], u[1]));
            candidate = Act(Ops.Add(x[2], Ops.Multiply(r, u[2])));
        }
        else
        {
            var dropped = RecurrentDropoutMask(hPrev, training) is { } m ? Ops.Multiply(hPrev, m) : hPrev;
            var u = Ops.Split(Ops.MatMul(dropped, Ops.SliceAxis(RecurrentKernel!, 1, 0, 2 * Units)), 2, axis: 1);
            z = RecurrentAct(Ops.Add(x[0], u[0]));
            r = RecurrentAct(Ops.Add(x[1], u[1]));
            var uh = Ops.MatMul(Ops.Multiply(r, dropped), Ops.SliceAxis(RecurrentKernel!, 1, 2 * Units, Units));
            candidate = Act(Ops.Add(x[2], uh));
        }
        // h = z · h_prev + (1 - z) · ĥ, written as ĥ + z · (h_prev - ĥ).
        var h = Ops.Add(candidate, Ops.Multiply(z, Ops.Subtract(hPrev, candidate)));
        return (h, [h]);
    }

    private protected override RecurrentCellKind Kind => RecurrentCellKind.Gru;

    private protected override bool Fusable(bool training) => ResetAfter && base.Fusable(training);

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var c = SharedConfig(withRecurrentActivation: true);
        c["reset_after"] = ResetAfter;
        return c;
    }
}
