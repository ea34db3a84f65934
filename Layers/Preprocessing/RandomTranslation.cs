namespace KerasSharp.Layers;

/// <summary>
/// Shifts images by a random offset in training (Keras's RandomTranslation): per image a vertical shift drawn from
/// [<c>heightFactor[0]</c>, <c>heightFactor[1]</c>] times the height and a horizontal one from <c>widthFactor</c> times the
/// width (one number f means [-f, f]; each within [-1, 1]; positive moves the content down and right), sampled with
/// <see cref="Interpolation"/> and filled by <see cref="FillMode"/>. Inference passes images through. Output float.
/// Seeded; the state is saved with the weights.
/// </summary>
public sealed class RandomTranslation : Layer
{
    private readonly LayerSeed _seeds;

    /// <summary>Creates the layer.</summary>
    public RandomTranslation(double[] heightFactor, double[] widthFactor, string fillMode = "reflect", string interpolation = "bilinear",
        long? seed = null, double fillValue = 0.0, string dataFormat = "channels_last", string? name = null) : base(name)
    {
        HeightFactor = ImageAffine.Factor("RandomTranslation", "heightFactor", heightFactor, -1, 1);
        WidthFactor = ImageAffine.Factor("RandomTranslation", "widthFactor", widthFactor, -1, 1);
        ImageAffine.CheckModes("RandomTranslation", fillMode, interpolation);
        FillMode = fillMode;
        Interpolation = interpolation;
        Seed = seed;
        FillValue = fillValue;
        DataFormat = ConvArgs.DataFormat("RandomTranslation", dataFormat);
        _seeds = new LayerSeed(seed);
    }

    /// <summary>[lower, upper] of the vertical shift, as a fraction of the height.</summary>
    public double[] HeightFactor { get; }

    /// <summary>[lower, upper] of the horizontal shift, as a fraction of the width.</summary>
    public double[] WidthFactor { get; }

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
            long seed = _seeds.Next();
            var dy = ImageAffine.Uniform(seed, b, HeightFactor[0], HeightFactor[1]);
            var dx = ImageAffine.Uniform(seed ^ 0x5DEECE66DL, b, WidthFactor[0], WidthFactor[1]);
            var t = new double[b * 8];
            for (int n = 0; n < b; n++)
            {
                double[] row = [1, 0, -dx[n] * w, 0, 1, -dy[n] * h, 0, 0];
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
        c["height_factor"] = HeightFactor;
        c["width_factor"] = WidthFactor;
        c["fill_mode"] = FillMode;
        c["interpolation"] = Interpolation;
        c["seed"] = Seed;
        c["fill_value"] = FillValue;
        c["data_format"] = DataFormat;
        return c;
    }
}
