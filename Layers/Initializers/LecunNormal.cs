namespace KerasSharp.Layers;

/// <summary>LeCun normal: truncated normal with stddev sqrt(1 / fan_in); suits SELU networks.</summary>
public sealed class LecunNormal(long? seed = null) : VarianceScaling(1.0, "fan_in", "truncated_normal", seed)
{
    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => new() { ["seed"] = Seed };
}
