using KerasSharp.Layers;
using KerasSharp.Models;
using KerasSharp.Onnx;

namespace KerasSharp.ModelZoo;

public static partial class ResNet
{
    /// <summary>
    /// The torchvision key of each initializer of an ONNX ResNet of basic blocks, found from the graph's structure (see
    /// <see cref="FromOnnx"/>): ML.NET's ResNet-18 featurizer (a CNTK export) names its weights <c>Parameter91</c> and
    /// its statistics <c>Constant98</c>; this map says <c>Parameter91</c> is <c>conv1.weight</c>.
    /// </summary>
    /// <param name="path">The ONNX file.</param>
    /// <param name="layers">Basic blocks per stage ([2, 2, 2, 3] for ML.NET's "ResNet-18").</param>
    /// <exception cref="OnnxFormatException">The file is damaged or is not such a ResNet.</exception>
    public static IReadOnlyDictionary<string, string> OnnxNameMap(string path, int[] layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        return OnnxResNetNames.Map(OnnxModelFile.Read(path).Graph, layers, path);
    }

    /// <summary>
    /// <see cref="Build"/>'s ResNet of basic blocks (without its classifier, average-pooled: <c>includeTop: false,
    /// pooling: "avg"</c>) holding the weights of an ONNX export of that network, renamed through
    /// <see cref="OnnxNameMap"/> and loaded as a torchvision state dict. ML.NET's <c>ResNet18.onnx</c> is
    /// <c>ResNet.FromOnnx(path, [2, 2, 2, 3])</c>: its 512 features equal the file's (its asymmetric paddings pick the
    /// same windows as torchvision's).
    /// </summary>
    /// <param name="path">The ONNX file.</param>
    /// <param name="layers">Basic blocks per stage.</param>
    /// <param name="dataFormat">"channels_last" (images [N, H, W, C]) or "channels_first" ([N, C, H, W], as the file takes them).</param>
    /// <param name="inputShape">The image shape without the batch axis; by default 224x224 RGB in <paramref name="dataFormat"/>.</param>
    /// <exception cref="OnnxFormatException">The file is damaged or is not such a ResNet.</exception>
    /// <exception cref="ArgumentException">The weights do not fit (the message lists the keys).</exception>
    public static Model FromOnnx(string path, int[] layers, string dataFormat = "channels_last", int?[]? inputShape = null)
    {
        ArgumentNullException.ThrowIfNull(layers);
        var map = OnnxNameMap(path, layers);
        var onnx = OnnxModel.ReadInitializers(path);
        try
        {
            var state = new Dictionary<string, Tensor>(StringComparer.Ordinal);
            foreach (var (name, key) in map) state[key] = onnx[name];
            inputShape ??= dataFormat == "channels_first" ? [3, 224, 224] : [224, 224, 3];
            var model = Build(ResNetBlock.Basic, layers, weights: null, includeTop: false, inputShape: inputShape, pooling: "avg",
                              dataFormat: dataFormat, name: Path.GetFileNameWithoutExtension(path));
            TorchVisionWeights.Load(model, state);
            return model;
        }
        finally { foreach (var t in onnx.Values) t.Dispose(); }
    }
}
