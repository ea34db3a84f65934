using KerasSharp.Models;

namespace KerasSharp.Onnx;

/// <summary>
/// Imports ONNX models as functional KerasSharp models: each graph node becomes a layer (<see cref="OnnxNode"/>),
/// each float initializer a <see cref="Variable"/> of the layer that reads it, so the model predicts, trains,
/// saves (<c>model.Save</c>, <c>SaveWeights</c>) and loads like any other. Subgraphs that only compute shapes are
/// folded at import when the shapes are known.
/// </summary>
/// <example><code>
/// var model = OnnxModel.Load("resnet18.onnx");
/// var features = model.Predict(images);          // inputs and outputs named as in the file
/// </code></example>
public static class OnnxModel
{
    /// <summary>Imports the ONNX file at <paramref name="path"/>; external data files are read from its folder.</summary>
    /// <exception cref="OnnxFormatException">The file is damaged, or uses operators or types the importer does not support (all are listed).</exception>
    public static Model Load(string path, OnnxImportOptions? options = null)
    {
        var proto = OnnxModelFile.Read(path);
        return new OnnxImporter(proto, path, Path.GetDirectoryName(Path.GetFullPath(path)), options ?? new()).Import();
    }

    /// <summary>Imports an ONNX model from <paramref name="stream"/> (external data files are not allowed).</summary>
    /// <param name="stream">The model's bytes.</param>
    /// <param name="displayName">How errors name the model.</param>
    /// <param name="options">Import choices.</param>
    public static Model Load(Stream stream, string displayName = "stream", OnnxImportOptions? options = null)
    {
        var proto = OnnxModelFile.Read(stream, displayName);
        return new OnnxImporter(proto, displayName, null, options ?? new()).Import();
    }

    /// <summary>Imports an ONNX model from <paramref name="bytes"/> (external data files are not allowed).</summary>
    /// <param name="bytes">The model's bytes.</param>
    /// <param name="displayName">How errors name the model.</param>
    /// <param name="options">Import choices.</param>
    public static Model Load(byte[] bytes, string displayName = "bytes", OnnxImportOptions? options = null)
    {
        var proto = OnnxModelFile.Parse(bytes, displayName);
        return new OnnxImporter(proto, displayName, null, options ?? new()).Import();
    }

    /// <summary>The ONNX operator types the importer converts.</summary>
    public static IReadOnlyList<string> SupportedOperators => OnnxOperators.Supported;

    /// <summary>
    /// The initializers of the ONNX file at <paramref name="path"/> by name, as tensors (float16 widened to float32),
    /// for mapping a file's weights onto a zoo network.
    /// </summary>
    public static Dictionary<string, Tensor> ReadInitializers(string path)
    {
        var proto = OnnxModelFile.Read(path);
        string folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var t in proto.Graph.Initializer) result[t.Name] = OnnxTensorReader.Read(t, path, folder).ToTensor();
        return result;
    }
}
