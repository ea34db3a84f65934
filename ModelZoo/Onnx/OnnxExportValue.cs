namespace KerasSharp.Onnx;

/// <summary>
/// A value of the exported graph: its Keras shape and dtype, and the ONNX names that hold it. <see cref="Name"/> holds
/// it in the model's own layout; for a channels-last tensor of rank 3 or more, <see cref="ChannelsFirst"/> may hold
/// the same data with the channel axis moved to 1 (what ONNX's Conv, pooling and BatchNormalization take). Either may
/// be missing until <see cref="OnnxExportGraph.Keras"/> or <see cref="OnnxExportGraph.ChannelsFirst(OnnxExportValue)"/> asks for it, so
/// a chain of channels-last convolutions transposes once on the way in and once on the way out.
/// </summary>
internal sealed class OnnxExportValue(int?[] shape, DType dtype, string? name, string? channelsFirst = null)
{
    /// <summary>Keras's shape, batch axis first (null: known only at run time).</summary>
    public int?[] Shape { get; } = shape;

    /// <summary>The element type.</summary>
    public DType DType { get; } = dtype;

    /// <summary>The ONNX name in the model's layout, once made.</summary>
    public string? Name { get; set; } = name;

    /// <summary>The ONNX name of the channels-first twin (channel axis 1), once made.</summary>
    public string? ChannelsFirst { get; set; } = channelsFirst;

    /// <summary>The ONNX name of the Keras mask the value carries (bool, batch and steps), or null.</summary>
    public string? Mask { get; set; }

    /// <summary>Rank including the batch axis.</summary>
    public int Rank => Shape.Length;
}
