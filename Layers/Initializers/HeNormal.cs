namespace KerasSharp.Layers;

/// <summary>He normal: truncated normal with stddev sqrt(2 / fan_in); suits ReLU networks.</summary>
public sealed class HeNormal(long? seed = null) : VarianceScaling(2.0, "fan_in", "truncated_normal", seed)
{
    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => new() { ["seed"] = Seed };
}
