namespace KerasSharp.Layers;

/// <summary>The penalty <c>l2 * sum(w²)</c> (Keras default l2 = 0.01; no factor 1/2, as Keras).</summary>
public sealed class L2(double l2 = 0.01) : Regularizer
{
    /// <summary>The factor.</summary>
    public double Factor { get; } = l2 >= 0 ? l2 : throw new ArgumentException($"L2: l2 must be >= 0, got {l2}.");

    /// <inheritdoc/>
    public override Tensor Call(Tensor weight) => Ops.MultiplyScalar(Ops.Sum(Ops.Square(weight)), Factor);

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => new() { ["l2"] = Factor };
}
