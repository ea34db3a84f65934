namespace KerasSharp.Layers;

/// <summary>
/// What the global pooling layers share: the max or mean over every spatial axis, giving (N, C), or with
/// <see cref="Keepdims"/> the input's rank with spatial sizes 1.
/// </summary>
public abstract class BaseGlobalPooling : Layer
{
    private readonly bool _max;

    /// <summary>Stores the arguments; <paramref name="spatialRank"/> is 1 or 2.</summary>
    protected BaseGlobalPooling(int spatialRank, bool max, string dataFormat, bool keepdims, string? name) : base(name)
    {
        _max = max;
        SpatialRank = spatialRank;
        DataFormat = ConvArgs.DataFormat(GetType().Name, dataFormat);
        Keepdims = keepdims;
        InputSpec = new InputSpec { Rank = spatialRank + 2 };
    }

    /// <summary>The number of spatial axes (1 or 2).</summary>
    public int SpatialRank { get; }
    /// <summary>"channels_last" or "channels_first".</summary>
    public string DataFormat { get; }
    /// <summary>Whether the spatial axes stay, with size 1.</summary>
    public bool Keepdims { get; }

    /// <inheritdoc/>
    public override Tensor Call(Tensor inputs, bool training)
    {
        var axes = ChannelLayout.SpatialAxes(DataFormat, inputs.Rank);
        foreach (var a in axes)
            if (inputs.Shape[a] == 0)
                throw new ArgumentException($"Layer '{Name}': input shape {inputs.Shape} has an empty spatial axis {a}.");
        var x = inputs.DType.IsFloating() ? inputs : Ops.Cast(inputs, DType.Float32);
        return _max ? Ops.Max(x, axes, Keepdims) : Ops.Mean(x, axes, Keepdims);
    }

    /// <inheritdoc/>
    public override int?[] ComputeOutputShape(int?[] inputShape)
    {
        int channelAxis = ChannelLayout.ChannelAxis(DataFormat, inputShape.Length);
        if (!Keepdims) return [inputShape[0], inputShape[channelAxis]];
        var s = (int?[])inputShape.Clone();
        foreach (var a in ChannelLayout.SpatialAxes(DataFormat, inputShape.Length)) s[a] = 1;
        return s;
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var c = base.GetConfig();
        c["data_format"] = DataFormat;
        c["keepdims"] = Keepdims;
        return c;
    }
}
