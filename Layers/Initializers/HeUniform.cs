namespace KerasSharp.Layers;

/// <summary>He uniform: U(-limit, limit) with limit = sqrt(6 / fan_in); suits ReLU networks.</summary>
public sealed class HeUniform(long? seed = null) : VarianceScaling(2.0, "fan_in", "uniform", seed)
{
    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => new() { ["seed"] = Seed };
}
