using KerasSharp.Models;

namespace KerasSharp.ModelZoo;

/// <summary>
/// Pretrained vision networks with Keras Applications' arguments, as torchvision builds them, so torchvision's
/// published weights load (<c>weights: "imagenet"</c>, downloaded once and checked):
/// <code>
/// var model = Applications.ResNet50(weights: "imagenet");
/// var probabilities = model.Predict(ImageNet.Preprocess("cat.jpg"));
/// </code>
/// Inputs are RGB images preprocessed as torchvision's ImageNet models expect (<c>ImageNet.Preprocess</c>: resize,
/// centre crop 224, scale to [0, 1], normalise with ImageNet's mean and std). Each model is an ordinary functional
/// <see cref="Model"/>: Summary, Fit, Save, use as a layer.
/// </summary>
public static class Applications
{
    /// <summary>ResNet-18 (11.7M parameters; torchvision's ImageNet top-1 69.758%).</summary>
    /// <param name="weights">"imagenet" for torchvision's published weights, the path of a weights file, or null for random initialisation.</param>
    /// <param name="includeTop">Whether to end with the average pool and the classifier ("fc"); without it the last stage's feature map comes out.</param>
    /// <param name="inputShape">Height, width and channels in <paramref name="dataFormat"/> order; default 224x224x3 with the top, any size without.</param>
    /// <param name="pooling">Without the top: "avg" or "max" pools the feature map to a vector, null keeps it.</param>
    /// <param name="classes">Classes of the classifier (1000 with the published weights).</param>
    /// <param name="classifierActivation">The classifier's activation ("softmax", or null for logits as torchvision gives).</param>
    /// <param name="dataFormat">"channels_last" (Keras's default) or "channels_first" (torchvision's).</param>
    /// <param name="name">The model's name.</param>
    public static Model ResNet18(string? weights = "imagenet", bool includeTop = true, int?[]? inputShape = null, string? pooling = null,
                                 int classes = 1000, string? classifierActivation = "softmax", string dataFormat = "channels_last", string? name = null) =>
        ResNet.Build(ResNetBlock.Basic, [2, 2, 2, 2], weights, includeTop, inputShape, pooling, classes, classifierActivation, dataFormat, name);

    /// <summary>ResNet-34 (21.8M parameters; top-1 73.314%). Arguments as <see cref="ResNet18"/>.</summary>
    public static Model ResNet34(string? weights = "imagenet", bool includeTop = true, int?[]? inputShape = null, string? pooling = null,
                                 int classes = 1000, string? classifierActivation = "softmax", string dataFormat = "channels_last", string? name = null) =>
        ResNet.Build(ResNetBlock.Basic, [3, 4, 6, 3], weights, includeTop, inputShape, pooling, classes, classifierActivation, dataFormat, name);

    /// <summary>ResNet-50 v1.5 (25.6M parameters; top-1 76.130% with "imagenet", 80.858% with "imagenet_v2"). Arguments as <see cref="ResNet18"/>.</summary>
    public static Model ResNet50(string? weights = "imagenet", bool includeTop = true, int?[]? inputShape = null, string? pooling = null,
                                 int classes = 1000, string? classifierActivation = "softmax", string dataFormat = "channels_last", string? name = null) =>
        ResNet.Build(ResNetBlock.Bottleneck, [3, 4, 6, 3], weights, includeTop, inputShape, pooling, classes, classifierActivation, dataFormat, name);

    /// <summary>ResNet-101 v1.5 (44.5M parameters; top-1 77.374%, 81.886% with "imagenet_v2"). Arguments as <see cref="ResNet18"/>.</summary>
    public static Model ResNet101(string? weights = "imagenet", bool includeTop = true, int?[]? inputShape = null, string? pooling = null,
                                  int classes = 1000, string? classifierActivation = "softmax", string dataFormat = "channels_last", string? name = null) =>
        ResNet.Build(ResNetBlock.Bottleneck, [3, 4, 23, 3], weights, includeTop, inputShape, pooling, classes, classifierActivation, dataFormat, name);

    /// <summary>ResNet-152 v1.5 (60.2M parameters; top-1 78.312%, 82.284% with "imagenet_v2"). Arguments as <see cref="ResNet18"/>.</summary>
    public static Model ResNet152(string? weights = "imagenet", bool includeTop = true, int?[]? inputShape = null, string? pooling = null,
                                  int classes = 1000, string? classifierActivation = "softmax", string dataFormat = "channels_last", string? name = null) =>
        ResNet.Build(ResNetBlock.Bottleneck, [3, 8, 36, 3], weights, includeTop, inputShape, pooling, classes, classifierActivation, dataFormat, name);

    /// <summary>
    /// AlexNet as torchvision builds it (61.1M parameters; top-1 56.522%): without the top, the last max-pooled
    /// feature map comes out (or a vector with <paramref name="pooling"/>). Arguments as <see cref="ResNet18"/>.
    /// </summary>
    public static Model AlexNet(string? weights = "imagenet", bool includeTop = true, int?[]? inputShape = null, string? pooling = null,
                                int classes = 1000, string? classifierActivation = "softmax", string dataFormat = "channels_last", string? name = null) =>
        ModelZoo.AlexNet.Build(weights, includeTop, inputShape, pooling, classes, classifierActivation, dataFormat, name);
}
