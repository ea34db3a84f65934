using Google.Protobuf;
using KerasSharp.Models;
using KerasSharp.Saving;

namespace KerasSharp.Onnx;

/// <summary>
/// Writes a model to an ONNX file that any ONNX runtime runs: <c>model.ExportOnnx("model.onnx")</c>.
/// </summary>
public static class OnnxExport
{
    /// <summary>The lowest opset <see cref="ExportOnnx"/> writes.</summary>
    public const int MinOpset = 17;

    /// <summary>The highest opset <see cref="ExportOnnx"/> writes.</summary>
    public const int MaxOpset = 21;

    /// <summary>
    /// Exports a functional or Sequential model (nested models included) to ONNX for inference: graph inputs are the
    /// model's Inputs (by name, batch axis dynamic), outputs are named after the output layers, weights are initializers
    /// (raw little-endian data) named by their state-dict paths. Dropout and noise layers pass their input through;
    /// BatchNormalization uses its moving statistics. The file is written atomically, and only once the whole graph
    /// has been built, so a failure leaves any existing file as it was.
    /// </summary>
    /// <param name="model">The model to export.</param>
    /// <param name="path">The .onnx file to create or replace.</param>
    /// <param name="opset">The ONNX opset to declare, 17 to 21: from 18 reductions take their axes as an input, from 18
    /// Mish is one op, from 20 GELU is one op.</param>
    /// <exception cref="ArgumentOutOfRangeException">The opset is outside 17 to 21.</exception>
    /// <exception cref="NotSupportedException">A layer (or one of its options) has no ONNX form; the message names the
    /// layer, its class and what is unsupported.</exception>
    public static void ExportOnnx(this Model model, string path, int opset = 17)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrEmpty(path);
        var proto = OnnxExporter.Build(model, CheckOpset(opset));
        AtomicFile.Write(path, stream => proto.WriteTo(stream));
    }

    /// <summary>The ONNX file <see cref="ExportOnnx"/> would write, as bytes (to hand to a runtime without a file).</summary>
    /// <inheritdoc cref="ExportOnnx" path="/param[@name='model']"/>
    /// <inheritdoc cref="ExportOnnx" path="/param[@name='opset']"/>
    /// <inheritdoc cref="ExportOnnx" path="/exception"/>
    public static byte[] ToOnnxBytes(this Model model, int opset = 17)
    {
        ArgumentNullException.ThrowIfNull(model);
        return OnnxExporter.Build(model, CheckOpset(opset)).ToByteArray();
    }

    private static int CheckOpset(int opset) =>
        opset is >= MinOpset and <= MaxOpset ? opset
            : throw new ArgumentOutOfRangeException(nameof(opset), opset, $"ExportOnnx: opset must be between {MinOpset} and {MaxOpset}, got {opset}.");
}
