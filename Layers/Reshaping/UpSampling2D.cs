namespace KerasSharp.Layers;

/// <summary>
/// Repeats image rows and columns by <see cref="Size"/>: "nearest" copies each pixel into a size block; "bilinear"
/// interpolates as TensorFlow's resize does (half-pixel centres, edges clamped).
/// </summary>
public sealed class UpSampling2D : Layer
{
    /// <summary>Creates the layer; size defaults to 2 on both axes.</summary>
    public UpSampling2D(SpatialSize? size = null, string dataFormat = "channels_last", string interpolation = "nearest", string? name = null)
        : base(name)
    {
        Size = ConvArgs.Tuple("UpSampling2D", "size", size, 2, [2, 2]);
        DataFormat = ConvArgs.DataFormat("UpSampling2D", dataFormat);
        Interpolation = (interpolation ?? throw new ArgumentNullException(nameof(interpolation))).ToLowerInvariant();
        if (Interpolation is not ("nearest" or "bilinear"))
            throw new ArgumentException($"UpSampling2D: interpolation must be \"nearest\" or \"bilinear\", got \"{interpolation}\".");
        InputSpec = new InputSpec { Rank = 4 };
    }

    /// <summary>The (rows, columns) factors.</summary>
    public int[] Size { get; }
    /// <summary>"channels_last" or "channels_first".</summary>
    public string DataFormat { get; }
    /// <summary>"nearest" or "bilinear".</summary>
    public string Interpolation { get; }

    /// <inheritdoc/>
    public override Tensor Call(Tensor inputs, bool training)
    {
        var x = ChannelLayout.ToChannelsFirst(inputs, DataFormat);
        int n = x.Shape[0], c = x.Shape[1], h = x.Shape[2], w = x.Shape[3];
        Tensor y;
        if (Interpolation == "nearest")
        {
            var expanded = Ops.Reshape(x, n, c, h, 1, w, 1);
            y = Ops.Reshape(Ops.BroadcastTo(expanded, [n, c, h, Size[0], w, Size[1]]), n, c, h * Size[0], w * Size[1]);
        }
        else
        {
            if (!x.DType.IsFloating()) x = Ops.Cast(x, DType.Float32);
            var rows = Ops.Cast(BilinearMatrix(h, Size[0], false), x.DType);
            var cols = Ops.Cast(BilinearMatrix(w, Size[1], true), x.DType);
            y = Ops.MatMul(Ops.MatMul(rows, x), cols);
        }
        return ChannelLayout.FromChannelsFirst(y, DataFormat);
    }

    // [n*scale, n] weights (or their transpose) of the linear interpolation at half-pixel centres.
    private static Tensor BilinearMatrix(int n, int scale, bool transposed)
    {
        int outN = n * scale;
        var m = new double[outN * n];
        for (int o = 0; o < outN; o++)
        {
            double src = Math.Clamp((o + 0.5) / scale - 0.5, 0, n - 1);
            int lo = (int)Math.Floor(src), hi = Math.Min(lo + 1, n - 1);
            double frac = src - lo;
            void Set(int i, double v) { if (transposed) m[i * outN + o] += v; else m[o * n + i] += v; }
            Set(lo, 1 - frac);
            Set(hi, frac);
        }
        return transposed ? Tensor.FromArray(m, n, outN) : Tensor.FromArray(m, outN, n);
    }

    /// <inheritdoc/>
    public override int?[] ComputeOutputShape(int?[] inputShape)
    {
        var axes = ChannelLayout.SpatialAxes(DataFormat, 4);
        var s = (int?[])inputShape.Clone();
        s[axes[0]] *= Size[0];
        s[axes[1]] *= Size[1];
        return s;
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var c = base.GetConfig();
        c["size"] = Size;
        c["data_format"] = DataFormat;
        c["interpolation"] = Interpolation;
        return c;
    }
}
