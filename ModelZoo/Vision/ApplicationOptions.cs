using KerasSharp.Layers;

namespace KerasSharp.ModelZoo;

/// <summary>
/// The arguments Keras Applications share (weights, includeTop, inputShape, pooling, classes, classifierActivation,
/// dataFormat), checked together once, and the classification head they describe.
/// </summary>
internal sealed class ApplicationOptions
{
    public ApplicationOptions(string network, string? weights, bool includeTop, int?[]? inputShape, string? pooling, int classes,
                              string? classifierActivation, string dataFormat, int minSize)
    {
        if (dataFormat is not ("channels_last" or "channels_first"))
            throw new ArgumentException($"{network}: dataFormat must be \"channels_last\" or \"channels_first\", got \"{dataFormat}\".");
        if (pooling is not (null or "avg" or "max"))
            throw new ArgumentException($"{network}: pooling must be \"avg\", \"max\" or null, got \"{pooling}\".");
        if (classes < 1) throw new ArgumentException($"{network}: classes must be positive, got {classes}.");
        bool published = weights is "imagenet" or "imagenet_v2";
        if (published && includeTop && classes != 1000)
            throw new ArgumentException($"{network}: the published ImageNet weights have 1000 classes; for {classes} classes build with weights: null, or with includeTop: false and a head of your own.");
        if (weights is not null && !published && !File.Exists(weights))
            throw new ArgumentException($"{network}: weights must be \"imagenet\", \"imagenet_v2\", the path of a weights file or null; '{weights}' is none of these (no such file).");
        DataFormat = dataFormat;
        Network = network;
        Weights = weights;
        IncludeTop = includeTop;
        Pooling = pooling;
        Classes = classes;
        ClassifierActivation = classifierActivation;
        InputShape = CheckShape(network, inputShape ?? DefaultShape(includeTop, dataFormat), dataFormat, minSize, published);
    }

    public string Network { get; }
    public string? Weights { get; }
    public bool IncludeTop { get; }
    public string? Pooling { get; }
    public int Classes { get; }
    public string? ClassifierActivation { get; }
    public string DataFormat { get; }
    public int?[] InputShape { get; }

    /// <summary>Global average pooling and a dense classifier, or (without the top) the requested pooling, if any.</summary>
    public KerasTensor Head(KerasTensor features, string headName, string pooledName)
    {
        if (IncludeTop)
        {
            var pooled = new GlobalAveragePooling2D(DataFormat, name: pooledName).Apply(features);
            return new Dense(Classes, activation: ClassifierActivation, name: headName).Apply(pooled);
        }
        return Pooling switch
        {
            "avg" => new GlobalAveragePooling2D(DataFormat, name: pooledName).Apply(features),
            "max" => new GlobalMaxPooling2D(DataFormat, name: "maxpool_top").Apply(features),
            _ => features,
        };
    }

    // Keras's defaults: 224x224 RGB with the top (the weights' resolution), any size without it.
    private static int?[] DefaultShape(bool includeTop, string dataFormat)
    {
        int? side = includeTop ? 224 : null;
        return dataFormat == "channels_first" ? [3, side, side] : [side, side, 3];
    }

    private static int?[] CheckShape(string network, int?[] shape, string dataFormat, int minSize, bool published)
    {
        string text = ShapeText.Format(shape);
        if (shape.Length != 3) throw new ArgumentException($"{network}: inputShape must have 3 sizes (height, width and channels in {dataFormat} order), got {text}.");
        int? channels = dataFormat == "channels_first" ? shape[0] : shape[2];
        var spatial = dataFormat == "channels_first" ? shape[1..] : shape[..2];
        if (published && channels != 3) throw new ArgumentException($"{network}: the published weights take 3 channels (RGB); inputShape {text} has {channels?.ToString() ?? "an unknown number"}.");
        if (channels is null) throw new ArgumentException($"{network}: the channel count of inputShape {text} must be known.");
        foreach (var side in spatial)
            if (side is int s && s < minSize)
                throw new ArgumentException($"{network}: inputShape {text} is too small; height and width must be at least {minSize}.");
        return shape;
    }
}
