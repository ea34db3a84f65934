namespace KerasSharp.Layers;

/// <summary>
/// Inverted dropout: in training, zeroes each input element with probability <see cref="Rate"/> and scales the
/// rest by 1 / (1 - rate), so inference is the identity.
/// </summary>
public sealed class Dropout : Layer
{
    /// <summary>True: the input's mask passes to the output unchanged (the layer works per time step).</summary>
    public override bool SupportsMasking => true;

    private readonly LayerSeed _seeds;

    /// <summary>Creates the layer. <paramref name="noiseShape"/> (batch axis first; null entries take the input's
    /// size) shares one mask along axes of size 1, e.g. [null, 1, null] for the same mask at every time step.</summary>
    public Dropout(double rate, int?[]? noiseShape = null, long? seed = null, string? name = null) : base(name)
    {
        if (!(rate >= 0 && rate <= 1)) throw new ArgumentException($"Dropout: rate must be in [0, 1], got {rate}.");
        Rate = rate;
        NoiseShape = noiseShape;
        Seed = seed;
        _seeds = new LayerSeed(seed);
    }

    /// <summary>The fraction of inputs dropped.</summary>
    public double Rate { get; }
    /// <summary>The mask's shape, or null for the input's.</summary>
    public int?[]? NoiseShape { get; }
    /// <summary>The seed, or null for the global generator.</summary>
    public long? Seed { get; }

    /// <inheritdoc/>
    public override Tensor Call(Tensor inputs, bool training)
    {
        if (!training || Rate == 0) return inputs;
        if (Rate == 1) return Ops.ZerosLike(inputs);
        var dtype = inputs.DType.IsFloating() ? inputs.DType : DType.Float32;
        // The mask holds 1 / (1 - rate) where kept: one multiply scales and drops.
        var keep = Ops.RandomBernoulli(MaskShape(inputs.Shape), 1 - Rate, dtype, _seeds.Next(), scale: 1 / (1 - Rate), like: inputs);
        return Ops.Multiply(inputs, keep);
    }

    private int[] MaskShape(Shape input)
    {
        if (NoiseShape is null) return input.ToArray();
        if (NoiseShape.Length != input.Rank)
            throw new ArgumentException($"Layer '{Name}': noiseShape {ShapeText.Format(NoiseShape)} does not match input shape {input} in rank.");
        var s = new int[input.Rank];
        for (int i = 0; i < s.Length; i++) s[i] = NoiseShape[i] ?? input[i];
        return s;
    }

    /// <inheritdoc/>
    public override int?[] ComputeOutputShape(int?[] inputShape) => inputShape;

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var c = base.GetConfig();
        c["rate"] = Rate;
        c["noise_shape"] = NoiseShape;
        c["seed"] = Seed;
        return c;
    }
}
