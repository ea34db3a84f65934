namespace KerasSharp.Layers;

/// <summary>
/// Rotates images by a random angle in training (Keras's RandomRotation): per image an angle drawn uniformly from
/// [<c>factor[0]</c>, <c>factor[1]</c>] times 2π (one number f means [-f, f]; positive turns counter-clockwise), about the
/// image centre, sampled with <see cref="Interpolation"/> and filled by <see cref="FillMode"/> (see Keras's
/// <c>affine_transform</c>). Inference passes images through. Output float. Seeded; the state is saved with the weights.
/// </summary>
public sealed class RandomRotation : Layer
{
    private readonly LayerSeed _seeds;

    /// <summary>Creates the layer.</summary>
    public RandomRotation(double[] factor, string fillMode = "reflect", string interpolation = "bilinear", long? seed = null,
        double fillValue = 0.0, string dataFormat = "channels_last", string? name = null) : base(name)
    {
        Factor = ImageAffine.Factor("RandomRotation", "factor", factor, double.NegativeInfinity, double.PositiveInfinity);
        ImageAffine.CheckModes("RandomRotation", fillMode, interpolation);
        FillMode = fillMode;
        Interpolation = interpolation;
        Seed = seed;
        FillValue = fillValue;
        DataFormat = ConvArgs.DataFormat("RandomRotation", dataFormat);
        _seeds = new LayerSeed(seed);
    }

    /// <summary>[lower, upper] of the angle, in turns (fractions of 2π).</summary>
    public double[] Factor { get; }

    /// <summary>"reflect", "wrap", "constant", "nearest" or "mirror".</summary>
    public string FillMode { get; }

    /// <summary>"bilinear" or "nearest".</summary>
    public string Interpolation { get; }

    /// <summary>The seed, or null for the global generator.</summary>
    public long? Seed { get; }

    /// <summary>The value outside the image when <see cref="FillMode"/> is "constant".</summary>
    public double FillValue { get; }

    /// <summary>"channels_last" or "channels_first".</summary>
    public string DataFormat { get; }

    /// <inheritdoc/>
    public override Tensor Call(Tensor inputs, bool training)
    {
        if (!training) return inputs;
        return ImageAffine.OnBatch(this, inputs, DataFormat, x =>
        {
            int b = x.Shape[0], h = x.Shape[1], w = x.Shape[2];
            var turns = ImageAffine.Uniform(_seeds.Next(), b, Factor[0], Factor[1]);
            var t = new double[b * 8];
            for (int n = 0; n < b; n++)
            {
                double angle = turns[n] * 2 * Math.PI, cos = Math.Cos(angle), sin = Math.Sin(angle);
                double xOffset = ((w - 1) - (cos * (w - 1) - sin * (h - 1))) / 2;
                double yOffset = ((h - 1) - (sin * (w - 1) + cos * (h - 1))) / 2;
                double[] row = [cos, -sin, xOffset, sin, cos, yOffset, 0, 0];
                row.CopyTo(t, n * 8);
            }
            return ImageAffine.Transform(x, t, Interpolation, FillMode, FillValue);
        });
    }

    /// <inheritdoc/>
    public override int?[] ComputeOutputShape(int?[] inputShape) => inputShape;

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var c = base.GetConfig();
        c["factor"] = Factor;
        c["fill_mode"] = FillMode;
        c["interpolation"] = Interpolation;
        c["seed"] = Seed;
        c["fill_value"] = FillValue;
        c["data_format"] = DataFormat;
        return c;
    }
}
