namespace KerasSharp.Layers;

/// <summary>
/// Zooms images by a random amount in training (Keras's RandomZoom): per image a vertical zoom 1 + z, z drawn from
/// [<c>heightFactor[0]</c>, <c>heightFactor[1]</c>] (one number f means [-f, f]; each above -1; positive zooms out, negative
/// in), and a horizontal one from <c>widthFactor</c>, or the vertical one when <c>widthFactor</c> is null (the aspect
/// ratio kept), about the image centre, sampled with <see cref="RandomAffineLayer.Interpolation"/> and filled by <see cref="RandomAffineLayer.FillMode"/>.
/// Inference passes images through. Output float. Seeded; the state is saved with the weights.
/// </summary>
public sealed class RandomZoom : RandomAffineLayer
{
    /// <summary>Creates the layer.</summary>
    public RandomZoom(double[] heightFactor, double[]? widthFactor = null, string fillMode = "reflect", string interpolation = "bilinear",
        long? seed = null, double fillValue = 0.0, string dataFormat = "channels_last", string? name = null)
        : base("RandomZoom", fillMode, interpolation, seed, fillValue, dataFormat, name)
    {
        HeightFactor = ImageAffine.Factor("RandomZoom", "heightFactor", heightFactor, -1, double.PositiveInfinity);
        WidthFactor = widthFactor is null ? null : ImageAffine.Factor("RandomZoom", "widthFactor", widthFactor, -1, double.PositiveInfinity);
    }

    /// <summary>[lower, upper] of the vertical zoom minus one.</summary>
    public double[] HeightFactor { get; }

    /// <summary>[lower, upper] of the horizontal zoom minus one, or null for the vertical zoom.</summary>
    public double[]? WidthFactor { get; }

    private protected override double[] Transforms(int batch, int height, int width, long seed)
    {
        var zy = ImageAffine.Uniform(seed, batch, 1 + HeightFactor[0], 1 + HeightFactor[1]);
        var zx = WidthFactor is null ? zy : ImageAffine.Uniform(seed ^ 0x5DEECE66DL, batch, 1 + WidthFactor[0], 1 + WidthFactor[1]);
        var t = new double[batch * 8];
        for (int n = 0; n < batch; n++)
        {
            double[] row = [zx[n], 0, (width - 1) / 2.0 * (1 - zx[n]), 0, zy[n], (height - 1) / 2.0 * (1 - zy[n]), 0, 0];
            row.CopyTo(t, n * 8);
        }
        return t;
    }

    private protected override void AddFactors(Dictionary<string, object?> config)
    {
        config["height_factor"] = HeightFactor;
        config["width_factor"] = WidthFactor;
    }
}
