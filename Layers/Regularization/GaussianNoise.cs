namespace KerasSharp.Layers;

/// <summary>Adds zero-mean Gaussian noise of <see cref="Stddev"/> in training; the identity at inference.</summary>
public sealed class GaussianNoise : Layer
{
    /// <summary>True: the input's mask passes to the output unchanged (the layer works per time step).</summary>
    public override bool SupportsMasking => true;

    private readonly LayerSeed _seeds;

    /// <summary>Creates the layer.</summary>
    public GaussianNoise(double stddev, long? seed = null, string? name = null) : base(name)
    {
        if (!(stddev >= 0)) throw new ArgumentException($"GaussianNoise: stddev must be >= 0, got {stddev}.");
        Stddev = stddev;
        Seed = seed;
        _seeds = new LayerSeed(seed);
    }

    /// <summary>The noise's standard deviation.</summary>
    public double Stddev { get; }
    /// <summary>The seed, or null for the global generator.</summary>
    public long? Seed { get; }

    /// <inheritdoc/>
    public override Tensor Call(Tensor inputs, bool training)
    {
        if (!training || Stddev == 0) return inputs;
        var dtype = inputs.DType.IsFloating() ? inputs.DType : DType.Float32;
        return Ops.Add(inputs, Ops.RandomNormal(inputs.Shape.ToArray(), 0, Stddev, dtype, _seeds.Next(), like: inputs));
    }

    /// <inheritdoc/>
    public override int?[] ComputeOutputShape(int?[] inputShape) => inputShape;

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var c = base.GetConfig();
        c["stddev"] = Stddev;
        c["seed"] = Seed;
        return c;
    }
}
