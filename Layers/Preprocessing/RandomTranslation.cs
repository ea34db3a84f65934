namespace KerasSharp.Layers;

/// <summary>
/// Shifts images by a random offset in training (Keras's RandomTranslation): per image a vertical shift drawn from
/// [<c>heightFactor[0]</c>, <c>heightFactor[1]</c>] times the height and a horizontal one from <c>widthFactor</c> times the
/// width (one number f means [-f, f]; each within [-1, 1]; positive moves the content down and right), sampled with
/// <see cref="RandomAffineLayer.Interpolation"/> and filled by <see cref="RandomAffineLayer.FillMode"/>. Inference passes images through. Output float.
/// Seeded; the state is saved with the weights.
/// </summary>
public sealed class RandomTranslation : RandomAffineLayer
{
    /// <summary>Creates the layer.</summary>
    public RandomTranslation(double[] heightFactor, double[] widthFactor, string fillMode = "reflect", string interpolation = "bilinear",
        long? seed = null, double fillValue = 0.0, string dataFormat = "channels_last", string? name = null)
        : base("RandomTranslation", fillMode, interpolation, seed, fillValue, dataFormat, name)
    {
        HeightFactor = ImageAffine.Factor("RandomTranslation", "heightFactor", heightFactor, -1, 1);
        WidthFactor = ImageAffine.Factor("RandomTranslation", "widthFactor", widthFactor, -1, 1);
    }

    /// <summary>[lower, upper] of the vertical shift, as a fraction of the height.</summary>
    public double[] HeightFactor { get; }

    /// <summary>[lower, upper] of the horizontal shift, as a fraction of the width.</summary>
    public double[] WidthFactor { get; }

    private protected override double[] Transforms(int batch, int height, int width, long seed)
    {
        var dy = ImageAffine.Uniform(seed, batch, HeightFactor[0], HeightFactor[1]);
        var dx = ImageAffine.Uniform(seed ^ 0x5DEECE66DL, batch, WidthFactor[0], WidthFactor[1]);
        var t = new double[batch * 8];
        for (int n = 0; n < batch; n++)
        {
            double[] row = [1, 0, -dx[n] * width, 0, 1, -dy[n] * height, 0, 0];
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
