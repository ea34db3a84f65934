namespace KerasSharp.Layers;

/// <summary>Glorot (Xavier) normal: truncated normal with stddev sqrt(2 / (fan_in + fan_out)).</summary>
public sealed class GlorotNormal(long? seed = null) : VarianceScaling(1.0, "fan_avg", "truncated_normal", seed)
{
    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => new() { ["seed"] = Seed };
}
