namespace KerasSharp.Layers;

/// <summary>
/// Keras's VarianceScaling: samples with variance <c>scale / fan</c>, where fan is fan_in, fan_out or their
/// average. The Glorot, He and LeCun initializers are fixed settings of it.
/// </summary>
public class VarianceScaling : Initializer
{
    // Standard deviation of a unit normal truncated to [-2, 2]: dividing by it restores the asked-for variance.
    private const double TruncatedStd = 0.87962566103423978;

    /// <summary>Creates the initializer; <paramref name="mode"/> is "fan_in", "fan_out" or "fan_avg",
    /// <paramref name="distribution"/> "truncated_normal", "untruncated_normal" (or "normal") or "uniform".</summary>
    public VarianceScaling(double scale = 1.0, string mode = "fan_in", string distribution = "truncated_normal", long? seed = null)
    {
        if (!(scale > 0)) throw new ArgumentException($"VarianceScaling: scale must be positive, got {scale}.");
        if (mode is not ("fan_in" or "fan_out" or "fan_avg"))
            throw new ArgumentException($"VarianceScaling: mode must be one of fan_in, fan_out, fan_avg; got '{mode}'.");
        if (distribution == "normal") distribution = "untruncated_normal";
        if (distribution is not ("truncated_normal" or "untruncated_normal" or "uniform"))
            throw new ArgumentException($"VarianceScaling: distribution must be one of truncated_normal, untruncated_normal, uniform; got '{distribution}'.");
        Scale = scale;
        Mode = mode;
        Distribution = distribution;
        Seed = seed;
    }

    /// <summary>The variance factor.</summary>
    public double Scale { get; }
    /// <summary>"fan_in", "fan_out" or "fan_avg".</summary>
    public string Mode { get; }
    /// <summary>"truncated_normal", "untruncated_normal" or "uniform".</summary>
    public string Distribution { get; }
    /// <summary>The seed; null draws from the global generator.</summary>
    public long? Seed { get; }

    /// <inheritdoc/>
    public override Tensor Call(int[] shape, DType dtype = DType.Float32)
    {
        var (fanIn, fanOut) = Fans.Of(shape);
        double fan = Mode switch { "fan_in" => fanIn, "fan_out" => fanOut, _ => (fanIn + fanOut) / 2 };
        double variance = Scale / Math.Max(1.0, fan);
        return Distribution switch
        {
            "truncated_normal" => Ops.TruncatedNormal(shape, 0, Math.Sqrt(variance) / TruncatedStd, dtype, Seed),
            "untruncated_normal" => Ops.RandomNormal(shape, 0, Math.Sqrt(variance), dtype, Seed),
            _ => Ops.RandomUniform(shape, -Math.Sqrt(3 * variance), Math.Sqrt(3 * variance), dtype, Seed),
        };
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() =>
        new() { ["scale"] = Scale, ["mode"] = Mode, ["distribution"] = Distribution, ["seed"] = Seed };
}
