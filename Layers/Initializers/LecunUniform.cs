namespace KerasSharp.Layers;

/// <summary>LeCun uniform: U(-limit, limit) with limit = sqrt(3 / fan_in); suits SELU networks.</summary>
public sealed class LecunUniform(long? seed = null) : VarianceScaling(1.0, "fan_in", "uniform", seed)
{
    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => new() { ["seed"] = Seed };
}
