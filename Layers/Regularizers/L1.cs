namespace KerasSharp.Layers;

/// <summary>The penalty <c>l1 * sum(|w|)</c> (Keras default l1 = 0.01).</summary>
public sealed class L1(double l1 = 0.01) : Regularizer
{
    /// <summary>The factor.</summary>
    public double Factor { get; } = l1 >= 0 ? l1 : throw new ArgumentException($"L1: l1 must be >= 0, got {l1}.");

    /// <inheritdoc/>
    public override Tensor Call(Tensor weight) => Ops.MultiplyScalar(Ops.Sum(Ops.Abs(weight)), Factor);

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => new() { ["l1"] = Factor };
}
