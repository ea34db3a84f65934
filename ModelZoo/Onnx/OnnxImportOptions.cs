namespace KerasSharp.Onnx;

/// <summary>Choices for <see cref="OnnxModel.Load(string, OnnxImportOptions?)"/>.</summary>
public sealed record OnnxImportOptions
{
    /// <summary>
    /// Make the first axis of every input a free batch axis (None), even where the file fixes it (CNTK and some
    /// PyTorch exports fix it at 1). On by default; when the graph itself depends on the fixed size (a Reshape to
    /// [1, -1]) the file's size is kept.
    /// </summary>
    public bool DynamicBatch { get; init; } = true;

    /// <summary>The model's name; by default the ONNX graph's name (made safe), or "onnx_model".</summary>
    public string? Name { get; init; }
}
