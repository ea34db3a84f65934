namespace KerasSharp.Layers;

/// <summary>
/// Rotates images by a random angle in training (Keras's RandomRotation): per image an angle drawn uniformly from
/// [<c>factor[0]</c>, <c>factor[1]</c>] times 2π (one number f means [-f, f]; positive turns counter-clockwise), about the
/// image centre, sampled with <see cref="RandomAffineLayer.Interpolation"/> and filled by <see cref="RandomAffineLayer.FillMode"/> (see Keras's
/// <c>affine_transform</c>). Inference passes images through. Output float. Seeded; the state is saved with the weights.
/// </summary>
public sealed class RandomRotation : RandomAffineLayer
{
    /// <summary>Creates the layer.</summary>
    public RandomRotation(double[] factor, string fillMode = "reflect", string interpolation = "bilinear", long? seed = null,
        double fillValue = 0.0, string dataFormat = "channels_last", string? name = null)
        : base("RandomRotation", fillMode, interpolation, seed, fillValue, dataFormat, name) =>
        Factor = ImageAffine.Factor("RandomRotation", "factor", factor, double.NegativeInfinity, double.PositiveInfinity);

    /// <summary>[lower, upper] of the angle, in turns (fractions of 2π).</summary>
    public double[] Factor { get; }

    private protected override double[] Transforms(int batch, int height, int width, long seed)
    {
        var turns = ImageAffine.Uniform(seed, batch, Factor[0], Factor[1]);
        var t = new double[batch * 8];
        for (int n = 0; n < batch; n++)
        {
            double angle = turns[n] * 2 * Math.PI, cos = Math.Cos(angle), sin = Math.Sin(angle);
            double xOffset = ((width - 1) - (cos * (width - 1) - sin * (height - 1))) / 2;
            double yOffset = ((height - 1) - (sin * (width - 1) + cos * (height - 1))) / 2;
            double[] row = [cos, -sin, xOffset, sin, cos, yOffset, 0, 0];
            row.CopyTo(t, n * 8);
        }
        return t;
    }

    private protected override void AddFactors(Dictionary<string, object?> config) => config["factor"] = Factor;
}
