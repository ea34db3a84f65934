namespace KerasSharp.Layers;

/// <summary>Uniform samples in [<see cref="Minval"/>, <see cref="Maxval"/>) (Keras defaults -0.05 and 0.05; Keras name also "uniform").</summary>
public sealed class RandomUniform(double minval = -0.05, double maxval = 0.05, long? seed = null) : Initializer
{
    /// <summary>The lower bound.</summary>
    public double Minval { get; } = minval;
    /// <summary>The upper bound.</summary>
    public double Maxval { get; } = maxval >= minval ? maxval : throw new ArgumentException($"RandomUniform: maxval ({maxval}) must be >= minval ({minval}).");
    /// <summary>The seed; null draws from the global generator.</summary>
    public long? Seed { get; } = seed;

    /// <inheritdoc/>
    public override Tensor Call(int[] shape, DType dtype = DType.Float32) => Ops.RandomUniform(shape, Minval, Maxval, dtype, Seed);

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => new() { ["minval"] = Minval, ["maxval"] = Maxval, ["seed"] = Seed };
}
