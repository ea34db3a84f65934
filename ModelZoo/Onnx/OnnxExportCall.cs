using KerasSharp.Layers;

namespace KerasSharp.Onnx;

/// <summary>One layer call being exported: the layer, the values it reads, the symbolic outputs it must give, its call options.</summary>
internal sealed record OnnxExportCall(OnnxExportGraph Graph, Layer Layer, OnnxExportValue[] Inputs, IReadOnlyList<KerasTensor> Outputs,
                                     IReadOnlyDictionary<string, object?> Options)
{
    /// <summary>The prefix of the names of the call's nodes (the layer's name).</summary>
    public string Scope => Layer.Name;

    /// <summary>The first input.</summary>
    public OnnxExportValue Input => Inputs[0];

    /// <summary>The first output's Keras shape.</summary>
    public int?[] OutputShape => Outputs[0].Shape;

    /// <summary>A value in the model's layout with the first output's shape and dtype.</summary>
    public OnnxExportValue Out(string name) => new(OutputShape, Outputs[0].DType, name);

    /// <summary>A value made channels-first with the first output's shape and dtype, in <paramref name="dataFormat"/>.</summary>
    public OnnxExportValue OutChannelsFirst(string name, string dataFormat) =>
        OnnxExportGraph.FromChannelsFirst(name, OutputShape, Outputs[0].DType, dataFormat);

    /// <summary>The error for what this layer does that ONNX export cannot write.</summary>
    public NotSupportedException Unsupported(string what) => OnnxExportErrors.Unsupported(Layer, what);
}
