namespace KerasSharp.Layers;

/// <summary>
/// Flattens every axis but the batch axis: (None, 28, 28) becomes (None, 784). With <c>dataFormat: "channels_first"</c>
/// the channel axis moves last first, so the flat order is the one a channels-last input would give (as in Keras).
/// </summary>
public sealed class Flatten : Layer
{
    /// <summary>Creates the layer.</summary>
    public Flatten(string dataFormat = "channels_last", string? name = null) : base(name)
    {
        DataFormat = ConvArgs.DataFormat("Flatten", dataFormat);
        InputSpec = new InputSpec { MinRank = 1 };
    }

    /// <summary>"channels_last" or "channels_first": the layout of the input's non-batch axes.</summary>
    public string DataFormat { get; }

    /// <inheritdoc/>
    public override Tensor Call(Tensor inputs, bool training)
    {
        int rest = 1;
        for (int i = 1; i < inputs.Rank; i++) rest *= inputs.Shape[i];
        var x = DataFormat == "channels_first" && inputs.Rank > 2
            ? Ops.Transpose(inputs, [0, .. Enumerable.Range(2, inputs.Rank - 2), 1])
            : inputs;
        return Ops.Reshape(x, inputs.Shape[0], rest);
    }

    /// <inheritdoc/>
    public override int?[] ComputeOutputShape(int?[] inputShape)
    {
        int? rest = 1;
        for (int i = 1; i < inputShape.Length; i++) rest = rest is int r && inputShape[i] is int d ? r * d : null;
        return [inputShape[0], rest];
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var c = base.GetConfig();
        c["data_format"] = DataFormat;
        return c;
    }
}
