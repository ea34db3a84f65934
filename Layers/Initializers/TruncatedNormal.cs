namespace KerasSharp.Layers;

/// <summary>Normal samples within two standard deviations of the mean (Keras defaults mean 0, stddev 0.05).</summary>
public sealed class TruncatedNormal(double mean = 0.0, double stddev = 0.05, long? seed = null) : Initializer
{
    /// <summary>The mean.</summary>
    public double Mean { get; } = mean;
    /// <summary>The standard deviation before truncation.</summary>
    public double Stddev { get; } = stddev >= 0 ? stddev : throw new ArgumentException($"TruncatedNormal: stddev must be >= 0, got {stddev}.");
    /// <summary>The seed; null draws from the global generator.</summary>
    public long? Seed { get; } = seed;

    /// <inheritdoc/>
    public override Tensor Call(int[] shape, DType dtype = DType.Float32) => Ops.TruncatedNormal(shape, Mean, Stddev, dtype, Seed);

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => new() { ["mean"] = Mean, ["stddev"] = Stddev, ["seed"] = Seed };
}
