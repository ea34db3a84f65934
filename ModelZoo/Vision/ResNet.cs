using KerasSharp.Layers;
using KerasSharp.Models;

namespace KerasSharp.ModelZoo;

/// <summary>
/// torchvision's ResNet (v1.5: the stride sits in the bottleneck's 3x3), built as a functional <see cref="Model"/>
/// whose layers carry torchvision's module names (<c>conv1</c>, <c>bn1</c>, <c>layer3.5.downsample.0</c>, <c>fc</c>),
/// so its published weights load by name. <see cref="Applications"/> has the usual depths.
/// </summary>
public static partial class ResNet
{
    /// <summary>
    /// A ResNet of <paramref name="layers"/> blocks per stage (ResNet-50: Bottleneck, [3, 4, 6, 3]), with Keras
    /// Applications' arguments (see <see cref="Applications.ResNet50"/>).
    /// </summary>
    /// <exception cref="ArgumentException">The arguments do not fit together (the message says which).</exception>
    public static Model Build(ResNetBlock block, int[] layers, string? weights = null, bool includeTop = true, int?[]? inputShape = null,
                              string? pooling = null, int classes = 1000, string? classifierActivation = "softmax",
                              string dataFormat = "channels_last", string? name = null)
    {
        ArgumentNullException.ThrowIfNull(layers);
        if (layers.Length != 4 || layers.Any(n => n < 1))
            throw new ArgumentException($"ResNet.Build: layers must give 4 positive block counts, one per stage, got [{string.Join(", ", layers)}].", nameof(layers));
        var options = new ApplicationOptions("ResNet", weights, includeTop, inputShape, pooling, classes, classifierActivation, dataFormat, minSize: 32);
        var v = new VisionLayers(options.DataFormat);

        var input = new Input(options.InputShape, name: "input");
        var x = v.Conv(input, "conv1", 64, 7, stride: 2, padding: 3);
        x = v.BatchNorm(x, "bn1");
        x = v.Relu(x, "relu");
        x = v.MaxPool(x, "maxpool", 3, 2, padding: 1);
        int channels = 64;
        int[] widths = [64, 128, 256, 512];
        for (int stage = 0; stage < 4; stage++)
            for (int b = 0; b < layers[stage]; b++)
            {
                int stride = stage > 0 && b == 0 ? 2 : 1;
                string prefix = $"layer{stage + 1}.{b}";
                x = block == ResNetBlock.Basic
                    ? BasicBlock(v, x, prefix, channels, widths[stage], stride)
                    : Bottleneck(v, x, prefix, channels, widths[stage], stride);
                channels = widths[stage] * (block == ResNetBlock.Basic ? 1 : 4);
            }
        var output = options.Head(x, headName: "fc", pooledName: "avgpool");
        var model = new Model(inputs: input, outputs: output, name: name ?? DefaultName(block, layers));
        PretrainedWeights.Load(model, options.Weights, Architecture(block, layers), options.DataFormat);
        return model;
    }

    private static KerasTensor BasicBlock(VisionLayers v, KerasTensor x, string prefix, int inChannels, int width, int stride)
    {
        var y = v.Relu(v.BatchNorm(v.Conv(x, $"{prefix}.conv1", width, 3, stride, padding: 1), $"{prefix}.bn1"), $"{prefix}.relu1");
        y = v.BatchNorm(v.Conv(y, $"{prefix}.conv2", width, 3, padding: 1), $"{prefix}.bn2");
        var shortcut = stride != 1 || inChannels != width ? Downsample(v, x, prefix, width, stride) : x;
        return v.Relu(new Add(name: $"{prefix}.add").Apply(y, shortcut), $"{prefix}.relu");
    }

    private static KerasTensor Bottleneck(VisionLayers v, KerasTensor x, string prefix, int inChannels, int width, int stride)
    {
        var y = v.Relu(v.BatchNorm(v.Conv(x, $"{prefix}.conv1", width, 1), $"{prefix}.bn1"), $"{prefix}.relu1");
        y = v.Relu(v.BatchNorm(v.Conv(y, $"{prefix}.conv2", width, 3, stride, padding: 1), $"{prefix}.bn2"), $"{prefix}.relu2");
        y = v.BatchNorm(v.Conv(y, $"{prefix}.conv3", width * 4, 1), $"{prefix}.bn3");
        var shortcut = stride != 1 || inChannels != width * 4 ? Downsample(v, x, prefix, width * 4, stride) : x;
        return v.Relu(new Add(name: $"{prefix}.add").Apply(y, shortcut), $"{prefix}.relu");
    }

    // torchvision's downsample: a strided 1x1 convolution and its batch norm, modules 0 and 1 of a Sequential.
    private static KerasTensor Downsample(VisionLayers v, KerasTensor x, string prefix, int channels, int stride) =>
        v.BatchNorm(v.Conv(x, $"{prefix}.downsample.0", channels, 1, stride), $"{prefix}.downsample.1");

    private static string DefaultName(ResNetBlock block, int[] layers) => Architecture(block, layers) ?? "resnet";

    /// <summary>The torchvision architecture these settings are, for its published weights; null for another depth.</summary>
    private static string? Architecture(ResNetBlock block, int[] layers) => (block, string.Join(",", layers)) switch
    {
        (ResNetBlock.Basic, "2,2,2,2") => "resnet18",
        (ResNetBlock.Basic, "3,4,6,3") => "resnet34",
        (ResNetBlock.Bottleneck, "3,4,6,3") => "resnet50",
        (ResNetBlock.Bottleneck, "3,4,23,3") => "resnet101",
        (ResNetBlock.Bottleneck, "3,8,36,3") => "resnet152",
        _ => null,
    };
}
