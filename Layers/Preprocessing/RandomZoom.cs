namespace KerasSharp.Layers;

/// <summary>
/// Zooms images by a random amount in training (Keras's RandomZoom): per image a vertical zoom 1 + z, z drawn from
/// [<c>heightFactor[0]</c>, <c>heightFactor[1]</c>] (one number f means [-f, f]; each above -1; positive zooms out, negative
/// in), and a horizontal one from <c>widthFactor</c>, or the vertical one when <c>widthFactor</c> is null (the aspect
/// ratio kept), about the image centre, sampled with <see cref="Interpolation"/> and filled by <see cref="FillMode"/>.
/// Inference passes images through. Output float. Seeded; the state is saved with the weights.
/// </summary>
public sealed class RandomZoom : Layer
{
    private readonly LayerSeed _seeds;

    /// <summary>Creates the layer.</summary>
    public RandomZoom(double[] heightFactor, double[]? widthFactor = null, string fillMode = "reflect", string interpolation = "bilinear",
        long? seed = null, double fillValue = 0.0, string dataFormat = "channels_last", string? name = null) : base(name)
    {
        HeightFactor = ImageAffine.Factor("RandomZoom", "heightFactor", heightFactor, -1, double.PositiveInfinity);
        WidthFactor = widthFactor is null ? null : ImageAffine.Factor("RandomZoom", "widthFactor", widthFactor, -1, double.PositiveInfinity);
        ImageAffine.CheckModes("RandomZoom", fillMode, interpolation);
        FillMode = fillMode;
        Interpolation = interpolation;
        Seed = seed;
        FillValue = fillValue;
        DataFormat = ConvArgs.DataFormat("RandomZoom", dataFormat);
        _seeds = new LayerSeed(seed);
    }

    /// <summary>[lower, upper] of the vertical zoom minus one.</summary>
    public double[] HeightFactor { get; }

    /// <summary>[lower, upper] of the horizontal zoom minus one, or null for the vertical zoom.</summary>
    public double[]? WidthFactor { get; }

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
            var zy = ImageAffine.Uniform(seed, b, 1 + HeightFactor[0], 1 + HeightFactor[1]);
            var zx = WidthFactor is null ? zy : ImageAffine.Uniform(seed ^ 0x5DEECE66DL, b, 1 + WidthFactor[0], 1 + WidthFactor[1]);
            var t = new double[b * 8];
            for (int n = 0; n < b; n++)
            {
                double[] row = [zx[n], 0, (w - 1) / 2.0 * (1 - zx[n]), 0, zy[n], (h - 1) / 2.0 * (1 - zy[n]), 0, 0];
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
