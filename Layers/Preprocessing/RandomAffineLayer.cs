namespace KerasSharp.Layers;

/// <summary>
/// What RandomRotation, RandomZoom and RandomTranslation share: in training each image of the batch goes through its
/// own random affine map (drawn by the subclass from the layer's seed), sampled with <see cref="Interpolation"/> and
/// filled by <see cref="FillMode"/> (Keras's <c>affine_transform</c>); inference passes images through. Output float.
/// The seed's state is saved with the weights.
/// </summary>
public abstract class RandomAffineLayer : Layer
{
    private readonly LayerSeed _seeds;

    /// <summary>Checks and stores the shared arguments; <paramref name="layer"/> names the class in errors.</summary>
    private protected RandomAffineLayer(string layer, string fillMode, string interpolation, long? seed, double fillValue, string dataFormat, string? name)
        : base(name)
    {
        ImageAffine.CheckModes(layer, fillMode, interpolation);
        FillMode = fillMode;
        Interpolation = interpolation;
        Seed = seed;
        FillValue = fillValue;
        DataFormat = ConvArgs.DataFormat(layer, dataFormat);
        _seeds = new LayerSeed(seed);
    }

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

    /// <summary>
    /// The maps of a batch of <paramref name="batch"/> images of <paramref name="height"/> x <paramref name="width"/>, eight
    /// numbers each (Keras's transform rows: output pixel to input pixel), drawn from <paramref name="seed"/>.
    /// </summary>
    private protected abstract double[] Transforms(int batch, int height, int width, long seed);

    /// <summary>The layer's own config keys (its factors), written before the shared ones.</summary>
    private protected abstract void AddFactors(Dictionary<string, object?> config);

    /// <inheritdoc/>
    public override Tensor Call(Tensor inputs, bool training)
    {
        if (!training) return inputs;
        return ImageAffine.OnBatch(this, inputs, DataFormat, x =>
            ImageAffine.Transform(x, Transforms(x.Shape[0], x.Shape[1], x.Shape[2], _seeds.Next()), Interpolation, FillMode, FillValue));
    }

    /// <inheritdoc/>
    public override int?[] ComputeOutputShape(int?[] inputShape) => inputShape;

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var c = base.GetConfig();
        AddFactors(c);
        c["fill_mode"] = FillMode;
        c["interpolation"] = Interpolation;
        c["seed"] = Seed;
        c["fill_value"] = FillValue;
        c["data_format"] = DataFormat;
        return c;
    }
}
