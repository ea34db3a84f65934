namespace KerasSharp.Layers;

/// <summary>Shared checks of the random image layers (channels-last batches, training-only randomness).</summary>
internal static class RandomImage
{
    public static Tensor Batch(Layer layer, Tensor inputs, out bool single)
    {
        single = inputs.Rank == 3;
        if (inputs.Rank is not (3 or 4))
            throw new ArgumentException($"Layer '{layer.Name}': expects images (height, width, channels) or batches (batch, height, width, channels), received shape {inputs.Shape}.");
        var x = single ? Ops.ExpandDims(inputs, 0) : inputs;
        return x.DType.IsFloating() ? x : Ops.Cast(x, DType.Float32);
    }

    public static (double Low, double High) Range(string layer, double[] valueRange)
    {
        if (valueRange is not { Length: 2 } || !(valueRange[0] < valueRange[1]))
            throw new ArgumentException($"{layer}: valueRange must be [low, high] with low < high, got [{string.Join(", ", valueRange ?? [])}].");
        return (valueRange[0], valueRange[1]);
    }

    /// <summary>Uniform values of shape [batch, 1, 1, 1] in [low, high), on the device of <paramref name="like"/>.</summary>
    public static Tensor PerImage(Tensor like, double low, double high, long seed)
    {
        return Ops.RandomUniform([like.Shape[0], 1, 1, 1], low, high, like.DType, seed, like);
    }
}

/// <summary>
/// Flips images at random in training (each image and each axis with probability 1/2): <see cref="Mode"/> is
/// "horizontal" (left-right), "vertical" (up-down) or "horizontal_and_vertical". Inference passes images through.
/// Seeded by <see cref="Seed"/>; the generator's state is saved with the weights.
/// </summary>
public sealed class RandomFlip : Layer
{
    private readonly LayerSeed _seeds;

    /// <summary>Creates the layer.</summary>
    public RandomFlip(string mode = "horizontal_and_vertical", long? seed = null, string? name = null) : base(name)
    {
        if (mode is not ("horizontal" or "vertical" or "horizontal_and_vertical"))
            throw new ArgumentException($"RandomFlip: mode must be \"horizontal\", \"vertical\" or \"horizontal_and_vertical\", got \"{mode}\".");
        Mode = mode;
        Seed = seed;
        _seeds = new LayerSeed(seed);
    }

    /// <summary>Which flips may happen.</summary>
    public string Mode { get; }

    /// <summary>The seed, or null for the global generator.</summary>
    public long? Seed { get; }

    /// <inheritdoc/>
    public override Tensor Call(Tensor inputs, bool training)
    {
        if (!training) return inputs;
        var x = RandomImage.Batch(this, inputs, out bool single);
        if (Mode != "vertical") x = Flip(x, 2);
        if (Mode != "horizontal") x = Flip(x, 1);
        return single ? Ops.Squeeze(x, 0) : x;
    }

    private Tensor Flip(Tensor x, int axis)
    {
        int n = x.Shape[axis];
        var reversed = x.Backend.FromHost(Enumerable.Range(0, n).Select(i => (long)(n - 1 - i)).ToArray(), new Shape(n), DType.Int64, x.Device);
        var flipped = Ops.Take(x, reversed, axis);
        var draw = RandomImage.PerImage(x, 0, 1, _seeds.Next());
        return Ops.Where(Ops.Less(draw, Ops.FullLike(draw, 0.5)), flipped, x);
    }

    /// <inheritdoc/>
    public override int?[] ComputeOutputShape(int?[] inputShape) => inputShape;

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var c = base.GetConfig();
        c["mode"] = Mode;
        c["seed"] = Seed;
        return c;
    }
}

/// <summary>
/// Adds a random brightness offset per image in training: a factor drawn uniformly from [<c>factor[0]</c>, <c>factor[1]</c>]
/// (each in [-1, 1]; one number f means [-f, f]) times the width of <see cref="ValueRange"/>, added to every pixel, then
/// clipped to the range. Inference passes images through. Seeded; the state is saved with the weights.
/// </summary>
public sealed class RandomBrightness : Layer
{
    private readonly LayerSeed _seeds;

    /// <summary>Creates the layer.</summary>
    public RandomBrightness(double[] factor, double[]? valueRange = null, long? seed = null, string? name = null) : base(name)
    {
        ArgumentNullException.ThrowIfNull(factor);
        Factor = factor.Length == 1 ? [-Math.Abs(factor[0]), Math.Abs(factor[0])] : factor;
        if (Factor.Length != 2 || Factor[0] > Factor[1] || Factor.Any(f => f < -1 || f > 1))
            throw new ArgumentException($"RandomBrightness: factor must be one number or [lower, upper] within [-1, 1], got [{string.Join(", ", factor)}].");
        ValueRange = valueRange ?? [0, 255];
        RandomImage.Range("RandomBrightness", ValueRange);
        Seed = seed;
        _seeds = new LayerSeed(seed);
    }

    /// <summary>[lower, upper] of the brightness factor.</summary>
    public double[] Factor { get; }

    /// <summary>[low, high] of the pixel values.</summary>
    public double[] ValueRange { get; }

    /// <summary>The seed, or null for the global generator.</summary>
    public long? Seed { get; }

    /// <inheritdoc/>
    public override Tensor Call(Tensor inputs, bool training)
    {
        if (!training) return inputs;
        var x = RandomImage.Batch(this, inputs, out bool single);
        double width = ValueRange[1] - ValueRange[0];
        var delta = RandomImage.PerImage(x, Factor[0] * width, Factor[1] * width, _seeds.Next());
        var y = Ops.Clip(Ops.Add(x, delta), ValueRange[0], ValueRange[1]);
        return single ? Ops.Squeeze(y, 0) : y;
    }

    /// <inheritdoc/>
    public override int?[] ComputeOutputShape(int?[] inputShape) => inputShape;

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var c = base.GetConfig();
        c["factor"] = Factor;
        c["value_range"] = ValueRange;
        c["seed"] = Seed;
        return c;
    }
}

/// <summary>
/// Changes contrast at random in training: per image a factor c drawn from [1 - lower, 1 + upper] (one number f: [1 - f,
/// 1 + f]), and each channel becomes (x - mean) * c + mean, the mean over the image's pixels, clipped to
/// <see cref="ValueRange"/>. Inference passes images through. Seeded; the state is saved with the weights.
/// </summary>
public sealed class RandomContrast : Layer
{
    private readonly LayerSeed _seeds;

    /// <summary>Creates the layer.</summary>
    public RandomContrast(double[] factor, double[]? valueRange = null, long? seed = null, string? name = null) : base(name)
    {
        ArgumentNullException.ThrowIfNull(factor);
        Factor = factor.Length == 1 ? [factor[0], factor[0]] : factor;
        if (Factor.Length != 2 || Factor.Any(f => f < 0) || Factor[0] > 1)
            throw new ArgumentException($"RandomContrast: factor must be one number or [lower, upper], each >= 0 and lower <= 1, got [{string.Join(", ", factor)}].");
        ValueRange = valueRange ?? [0, 255];
        RandomImage.Range("RandomContrast", ValueRange);
        Seed = seed;
        _seeds = new LayerSeed(seed);
    }

    /// <summary>[lower, upper]: the factor lies in [1 - lower, 1 + upper].</summary>
    public double[] Factor { get; }

    /// <summary>[low, high] of the pixel values.</summary>
    public double[] ValueRange { get; }

    /// <summary>The seed, or null for the global generator.</summary>
    public long? Seed { get; }

    /// <inheritdoc/>
    public override Tensor Call(Tensor inputs, bool training)
    {
        if (!training) return inputs;
        var x = RandomImage.Batch(this, inputs, out bool single);
        var c = RandomImage.PerImage(x, 1 - Factor[0], 1 + Factor[1], _seeds.Next());
        var mean = Ops.Mean(x, [1, 2], keepDims: true);
        var y = Ops.Clip(Ops.Add(Ops.Multiply(Ops.Subtract(x, mean), c), mean), ValueRange[0], ValueRange[1]);
        return single ? Ops.Squeeze(y, 0) : y;
    }

    /// <inheritdoc/>
    public override int?[] ComputeOutputShape(int?[] inputShape) => inputShape;

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var c = base.GetConfig();
        c["factor"] = Factor;
        c["value_range"] = ValueRange;
        c["seed"] = Seed;
        return c;
    }
}
