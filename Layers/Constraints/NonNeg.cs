namespace KerasSharp.Layers;

/// <summary>Sets negative weights to zero.</summary>
public sealed class NonNeg : Constraint
{
    /// <inheritdoc/>
    public override Tensor Call(Tensor weight) => Ops.Multiply(weight, Ops.Cast(Ops.GreaterEqual(weight, Ops.ZerosLike(weight)), weight.DType));
}
