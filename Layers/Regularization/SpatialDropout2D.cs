namespace KerasSharp.Layers;

/// <summary>
/// Dropout of whole feature maps: in training, each (sample, channel) map is zeroed with probability
/// <see cref="Rate"/> and the rest scaled by 1 / (1 - rate); inference is the identity.
/// </summary>
public sealed class SpatialDropout2D : Layer
{
    private readonly LayerSeed _seeds;

    /// <summary>Creates the layer.</summary>
    public SpatialDropout2D(double rate, string dataFormat = "channels_last", long? seed = null, string? name = null) : base(name)
    {
        if (!(rate >= 0 && rate <= 1)) throw new ArgumentException($"SpatialDropout2D: rate must be in [0, 1], got {rate}.");
        Rate = rate;
        DataFormat = ConvArgs.DataFormat("SpatialDropout2D", dataFormat);
        Seed = seed;
        _seeds = new LayerSeed(seed);
        InputSpec = new InputSpec { Rank = 4 };
    }

    /// <summary>The fraction of feature maps dropped.</summary>
    public double Rate { get; }
    /// <summary>"channels_last" or "channels_first".</summary>
    public string DataFormat { get; }
    /// <summary>The seed, or null for the global generator.</summary>
    public long? Seed { get; }

    /// <inheritdoc/>
    public override Tensor Call(Tensor inputs, bool training)
    {
        if (!training || Rate == 0) return inputs;
        if (Rate == 1) return Ops.ZerosLike(inputs);
        int channelAxis = ChannelLayout.ChannelAxis(DataFormat, 4);
        var maskShape = new[] { inputs.Shape[0], 1, 1, 1 };
        maskShape[channelAxis] = inputs.Shape[channelAxis];
        var dtype = inputs.DType.IsFloating() ? inputs.DType : DType.Float32;
        var keep = Ops.RandomBernoulli(maskShape, 1 - Rate, dtype, _seeds.Next(), scale: 1 / (1 - Rate), like: inputs);
        return Ops.Multiply(inputs, keep);
    }

    /// <inheritdoc/>
    public override int?[] ComputeOutputShape(int?[] inputShape) => inputShape;

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var c = base.GetConfig();
        // Keras's spatial dropouts write no "trainable" (a weightless layer has nothing to freeze).
        c.Remove("trainable");
        c["rate"] = Rate;
        c["data_format"] = DataFormat;
        c["seed"] = Seed;
        return c;
    }
}
