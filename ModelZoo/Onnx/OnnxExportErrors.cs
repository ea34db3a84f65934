using KerasSharp.Layers;

namespace KerasSharp.Onnx;

/// <summary>The messages of export failures: the layer, its class and what has no ONNX form.</summary>
internal static class OnnxExportErrors
{
    public static NotSupportedException Unsupported(Layer layer, string what) =>
        new($"ONNX export: layer '{layer.Name}' ({layer.GetType().Name}): {what}.");
}
