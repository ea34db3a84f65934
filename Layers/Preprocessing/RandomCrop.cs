namespace KerasSharp.Layers;

/// <summary>
/// Crops images to (<see cref="Height"/>, <see cref="Width"/>) (Keras's RandomCrop): in training a window at a random
/// offset (one offset per batch, as Keras draws it) when the images are at least that large; in inference, or when
/// they are smaller, the largest centred window of the target's aspect ratio resized bilinearly to the target size.
/// Output float. Seeded; the state is saved with the weights.
/// </summary>
public sealed class RandomCrop : Layer
{
    private readonly LayerSeed _seeds;

    /// <summary>Creates the layer.</summary>
    public RandomCrop(int height, int width, long? seed = null, string dataFormat = "channels_last", string? name = null) : base(name)
    {
        if (height <= 0 || width <= 0) throw new ArgumentException($"RandomCrop: height and width must be positive, got {height} and {width}.");
        Height = height;
        Width = width;
        Seed = seed;
        DataFormat = ConvArgs.DataFormat("RandomCrop", dataFormat);
        _seeds = new LayerSeed(seed);
    }

    /// <summary>The output height.</summary>
    public int Height { get; }

    /// <summary>The output width.</summary>
    public int Width { get; }

    /// <summary>The seed, or null for the global generator.</summary>
    public long? Seed { get; }

    /// <summary>"channels_last" or "channels_first".</summary>
    public string DataFormat { get; }

    /// <inheritdoc/>
    public override Tensor Call(Tensor inputs, bool training) => ImageAffine.OnBatch(this, inputs, DataFormat, x =>
    {
        int h = x.Shape[1], w = x.Shape[2];
        if (training && h >= Height && w >= Width)
        {
            var u = ImageAffine.Uniform(_seeds.Next(), 2, 0, 1);
            int top = Math.Min(h - Height, (int)(u[0] * (h - Height + 1)));
            int left = Math.Min(w - Width, (int)(u[1] * (w - Width + 1)));
            return Ops.SliceAxis(Ops.SliceAxis(x, 1, top, Height), 2, left, Width);
        }
        return ImageResize.Resize(ImageResize.CropToAspect(x, Height, Width), Height, Width, "bilinear");
    });

    /// <inheritdoc/>
    public override int?[] ComputeOutputShape(int?[] inputShape)
    {
        var s = (int?[])inputShape.Clone();
        int hAxis = DataFormat == "channels_last" ? s.Length - 3 : s.Length - 2;
        s[hAxis] = Height;
        s[hAxis + 1] = Width;
        return s;
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var c = base.GetConfig();
        c["height"] = Height;
        c["width"] = Width;
        c["seed"] = Seed;
        c["data_format"] = DataFormat;
        return c;
    }
}
