namespace KerasSharp.Layers;

/// <summary>Normal samples with <see cref="Mean"/> and <see cref="Stddev"/> (Keras defaults 0 and 0.05).</summary>
public sealed class RandomNormal(double mean = 0.0, double stddev = 0.05, long? seed = null) : Initializer
{
    /// <summary>The mean.</summary>
    public double Mean { get; } = mean;
    /// <summary>The standard deviation.</summary>
    public double Stddev { get; } = stddev >= 0 ? stddev : throw new ArgumentException($"RandomNormal: stddev must be >= 0, got {stddev}.");
    /// <summary>The seed; null draws from the global generator.</summary>
    public long? Seed { get; } = seed;

    /// <inheritdoc/>
    public override Tensor Call(int[] shape, DType dtype = DType.Float32) => Ops.RandomNormal(shape, Mean, Stddev, dtype, Seed);

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => new() { ["mean"] = Mean, ["stddev"] = Stddev, ["seed"] = Seed };
}
