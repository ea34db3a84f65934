namespace KerasSharp.Layers;

/// <summary>The penalty <c>l1 * sum(|w|) + l2 * sum(w²)</c> (Keras defaults 0 and 0).</summary>
public sealed class L1L2(double l1 = 0.0, double l2 = 0.0) : Regularizer
{
    /// <summary>The L1 factor.</summary>
    public double L1 { get; } = l1 >= 0 ? l1 : throw new ArgumentException($"L1L2: l1 must be >= 0, got {l1}.");
    /// <summary>The L2 factor.</summary>
    public double L2 { get; } = l2 >= 0 ? l2 : throw new ArgumentException($"L1L2: l2 must be >= 0, got {l2}.");

    /// <inheritdoc/>
    public override Tensor Call(Tensor weight) =>
        Ops.Add(Ops.MultiplyScalar(Ops.Sum(Ops.Abs(weight)), L1), Ops.MultiplyScalar(Ops.Sum(Ops.Square(weight)), L2));

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => new() { ["l1"] = L1, ["l2"] = L2 };
}
