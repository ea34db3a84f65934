namespace KerasSharp.Layers;

/// <summary>
/// What the 1-D and 2-D max and average pooling layers share: pool size, strides (defaulting to the pool size),
/// padding, data format, output-size arithmetic and the input checks. Computed with <see cref="Ops.MaxPool2d"/> /
/// <see cref="Ops.AvgPool2d"/> in channels-first layout (1-D as height 1). Average pooling with "same" padding
/// does not count the padded cells, as in Keras.
/// </summary>
public abstract class BasePooling : Layer
{
    private readonly bool _max;

    /// <summary>Checks and stores the arguments; <paramref name="spatialRank"/> is 1 or 2.</summary>
    protected BasePooling(int spatialRank, bool max, SpatialSize poolSize, SpatialSize? strides, string padding, string dataFormat, string? name)
        : base(name)
    {
        string layer = GetType().Name;
        _max = max;
        SpatialRank = spatialRank;
        PoolSize = ConvArgs.Tuple(layer, "poolSize", poolSize, spatialRank);
        Strides = ConvArgs.Tuple(layer, "strides", strides, spatialRank, PoolSize);
        Padding = ConvArgs.Padding(layer, padding);
        DataFormat = ConvArgs.DataFormat(layer, dataFormat);
        InputSpec = new InputSpec { Rank = spatialRank + 2 };
    }

    /// <summary>The number of spatial axes (1 or 2).</summary>
    public int SpatialRank { get; }
    /// <summary>The window size per spatial axis.</summary>
    public int[] PoolSize { get; }
    /// <summary>The strides per spatial axis (default: the pool size).</summary>
    public int[] Strides { get; }
    /// <summary>"valid" or "same".</summary>
    public string Padding { get; }
    /// <summary>"channels_last" or "channels_first".</summary>
    public string DataFormat { get; }

    /// <inheritdoc/>
    public override Tensor Call(Tensor inputs, bool training)
    {
        CheckFits(inputs.Shape.Select(d => (int?)d).ToArray());
        if (SpatialRank == 2 && DataFormat == "channels_last")
        {
            // pooled as it is, with no layout change where the backend has channels-last kernels
            var xl = inputs.DType.IsFloating() ? inputs : Ops.Cast(inputs, DType.Float32);
            return _max ? Ops.MaxPool2dChannelsLast(xl, PoolSize, Strides, Padding) : Ops.AvgPool2dChannelsLast(xl, PoolSize, Strides, Padding);
        }
        var x = ChannelLayout.ToChannelsFirst(inputs, DataFormat);
        if (!x.DType.IsFloating()) x = Ops.Cast(x, DType.Float32);
        Tensor y;
        if (SpatialRank == 1)
        {
            var x4 = Ops.ExpandDims(x, 2);
            int[] pool = [1, PoolSize[0]], strides = [1, Strides[0]];
            y = Ops.Squeeze(_max ? Ops.MaxPool2d(x4, pool, strides, Padding) : Ops.AvgPool2d(x4, pool, strides, Padding), 2);
        }
        else y = _max ? Ops.MaxPool2d(x, PoolSize, Strides, Padding) : Ops.AvgPool2d(x, PoolSize, Strides, Padding);
        return ChannelLayout.FromChannelsFirst(y, DataFormat);
    }

    /// <inheritdoc/>
    public override int?[] ComputeOutputShape(int?[] inputShape)
    {
        CheckFits(inputShape);
        var axes = ChannelLayout.SpatialAxes(DataFormat, inputShape.Length);
        var spatial = axes.Select((a, i) => ConvArgs.OutputLength(inputShape[a], PoolSize[i], Padding, Strides[i])).ToArray();
        return ChannelLayout.WithSpatial(inputShape, DataFormat, spatial, inputShape[ChannelLayout.ChannelAxis(DataFormat, inputShape.Length)]);
    }

    private void CheckFits(int?[] inputShape)
    {
        if (inputShape.Length != SpatialRank + 2) return;
        var axes = ChannelLayout.SpatialAxes(DataFormat, inputShape.Length);
        for (int i = 0; i < axes.Length; i++)
            if (inputShape[axes[i]] is int n && ConvArgs.OutputLength(n, PoolSize[i], Padding, Strides[i]) <= 0)
                throw new ArgumentException(
                    $"Layer '{Name}': input shape {ShapeText.Format(inputShape)} is too small for pool size {ConvArgs.Format(PoolSize)} " +
                    $"(padding \"{Padding}\", data format {DataFormat}): spatial axis {axes[i]} has size {n}.");
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var c = base.GetConfig();
        c["pool_size"] = PoolSize;
        c["strides"] = Strides;
        c["padding"] = Padding;
        c["data_format"] = DataFormat;
        return c;
    }
}
