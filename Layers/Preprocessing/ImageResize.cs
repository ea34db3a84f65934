namespace KerasSharp.Layers;

/// <summary>
/// Resizing of channels-last image batches [batch, height, width, channels] built from Take and elementwise ops (so it
/// runs on every backend and is differentiable): "bilinear" with half-pixel centres (tf.image.resize and PyTorch's
/// interpolate with align_corners=False, no antialiasing) and "nearest". Sampling positions are computed on the host
/// once per call from the sizes alone.
/// </summary>
internal static class ImageResize
{
    public static Tensor Resize(Tensor images, int height, int width, string interpolation)
    {
        var x = Axis(images, 1, height, interpolation);
        return Axis(x, 2, width, interpolation);
    }

    private static Tensor Axis(Tensor x, int axis, int size, string interpolation)
    {
        int n = x.Shape[axis];
        if (n == size) return x;
        double scale = (double)n / size;
        if (interpolation == "nearest")
        {
            // Half-pixel centres, rounded down: floor((i + 0.5) * scale).
            var idx = Enumerable.Range(0, size).Select(i => (long)Math.Min(n - 1, Math.Floor((i + 0.5) * scale))).ToArray();
            return Ops.Take(x, Indices(x, idx), axis);
        }
        var lo = new long[size];
        var hi = new long[size];
        var frac = new float[size];
        for (int i = 0; i < size; i++)
        {
            double src = Math.Max(0, (i + 0.5) * scale - 0.5);
            long i0 = Math.Min(n - 1, (long)Math.Floor(src));
            lo[i] = i0;
            hi[i] = Math.Min(n - 1, i0 + 1);
            frac[i] = (float)(src - i0);
        }
        var shape = Enumerable.Repeat(1, x.Rank).ToArray();
        shape[axis] = size;
        var w = Ops.Reshape(Ops.Cast(x.Backend.FromHost(frac, new Shape(size), DType.Float32, x.Device), x.DType), shape);
        var a = Ops.Take(x, Indices(x, lo), axis);
        var b = Ops.Take(x, Indices(x, hi), axis);
        return Ops.Add(a, Ops.Multiply(Ops.Subtract(b, a), w));
    }

    private static Tensor Indices(Tensor like, long[] idx) => like.Backend.FromHost(idx, new Shape(idx.Length), DType.Int64, like.Device);

    /// <summary>The largest centred window of <paramref name="images"/> with the aspect ratio height:width.</summary>
    public static Tensor CropToAspect(Tensor images, int height, int width)
    {
        int h = images.Shape[1], w = images.Shape[2];
        double target = (double)width / height;
        int cropW = Math.Max(1, Math.Min(w, (int)(h * target)));
        int cropH = Math.Max(1, Math.Min(h, (int)(w / target)));
        var x = cropH == h ? images : Ops.SliceAxis(images, 1, (h - cropH) / 2, cropH);
        return cropW == w ? x : Ops.SliceAxis(x, 2, (w - cropW) / 2, cropW);
    }
}

/// <summary>
/// Resizes channels-last images [batch, height, width, channels] (or one image [height, width, channels]) to
/// (<see cref="Height"/>, <see cref="Width"/>) with "bilinear" or "nearest" interpolation, optionally cropping the largest
/// centred window of the target's aspect ratio first. Output float.
/// </summary>
public sealed class Resizing : Layer
{
    /// <summary>Creates the layer.</summary>
    public Resizing(int height, int width, string interpolation = "bilinear", bool cropToAspectRatio = false, string? name = null) : base(name)
    {
        if (height <= 0 || width <= 0) throw new ArgumentOutOfRangeException(nameof(height), $"Resizing: height and width must be positive, got ({height}, {width}).");
        if (interpolation is not ("bilinear" or "nearest"))
            throw new ArgumentException($"Resizing: interpolation must be \"bilinear\" or \"nearest\", got \"{interpolation}\".");
        Height = height;
        Width = width;
        Interpolation = interpolation;
        CropToAspectRatio = cropToAspectRatio;
    }

    /// <summary>The output height.</summary>
    public int Height { get; }

    /// <summary>The output width.</summary>
    public int Width { get; }

    /// <summary>"bilinear" or "nearest".</summary>
    public string Interpolation { get; }

    /// <summary>Whether the largest centred window of the target's aspect ratio is cropped first.</summary>
    public bool CropToAspectRatio { get; }

    /// <inheritdoc/>
    public override Tensor Call(Tensor inputs, bool training)
    {
        bool single = inputs.Rank == 3;
        if (inputs.Rank is not (3 or 4))
            throw new ArgumentException($"Layer '{Name}': expects images (height, width, channels) or batches (batch, height, width, channels), received shape {inputs.Shape}.");
        var x = single ? Ops.ExpandDims(inputs, 0) : inputs;
        if (!x.DType.IsFloating()) x = Ops.Cast(x, DType);
        if (CropToAspectRatio) x = ImageResize.CropToAspect(x, Height, Width);
        var y = ImageResize.Resize(x, Height, Width, Interpolation);
        return single ? Ops.Squeeze(y, 0) : y;
    }

    /// <inheritdoc/>
    public override int?[] ComputeOutputShape(int?[] inputShape) =>
        inputShape.Length == 3 ? [Height, Width, inputShape[2]] : [inputShape[0], Height, Width, inputShape[^1]];

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var c = base.GetConfig();
        c["height"] = Height;
        c["width"] = Width;
        c["interpolation"] = Interpolation;
        c["crop_to_aspect_ratio"] = CropToAspectRatio;
        return c;
    }
}

/// <summary>
/// Crops the centre (<see cref="Height"/>, <see cref="Width"/>) of channels-last images. An image smaller than the
/// target on a side is first cropped to the target's aspect ratio and resized (bilinear), as Keras does.
/// </summary>
public sealed class CenterCrop : Layer
{
    /// <summary>Creates the layer.</summary>
    public CenterCrop(int height, int width, string? name = null) : base(name)
    {
        if (height <= 0 || width <= 0) throw new ArgumentOutOfRangeException(nameof(height), $"CenterCrop: height and width must be positive, got ({height}, {width}).");
        Height = height;
        Width = width;
    }

    /// <summary>The output height.</summary>
    public int Height { get; }

    /// <summary>The output width.</summary>
    public int Width { get; }

    /// <inheritdoc/>
    public override Tensor Call(Tensor inputs, bool training)
    {
        bool single = inputs.Rank == 3;
        if (inputs.Rank is not (3 or 4))
            throw new ArgumentException($"Layer '{Name}': expects images (height, width, channels) or batches (batch, height, width, channels), received shape {inputs.Shape}.");
        var x = single ? Ops.ExpandDims(inputs, 0) : inputs;
        if (!x.DType.IsFloating()) x = Ops.Cast(x, DType);
        int h = x.Shape[1], w = x.Shape[2];
        Tensor y;
        if (h >= Height && w >= Width)
            y = Ops.SliceAxis(Ops.SliceAxis(x, 1, (h - Height) / 2, Height), 2, (w - Width) / 2, Width);
        else
            y = ImageResize.Resize(ImageResize.CropToAspect(x, Height, Width), Height, Width, "bilinear");
        return single ? Ops.Squeeze(y, 0) : y;
    }

    /// <inheritdoc/>
    public override int?[] ComputeOutputShape(int?[] inputShape) =>
        inputShape.Length == 3 ? [Height, Width, inputShape[2]] : [inputShape[0], Height, Width, inputShape[^1]];

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var c = base.GetConfig();
        c["height"] = Height;
        c["width"] = Width;
        return c;
    }
}
