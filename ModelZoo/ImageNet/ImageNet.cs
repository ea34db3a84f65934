namespace KerasSharp.ModelZoo;

/// <summary>
/// ImageNet pre- and post-processing for the zoo's classifiers, matching torchvision's published evaluation
/// transforms: <see cref="Preprocess(string, ImageNetTransform?, string)"/> turns image files into the network's input,
/// <see cref="DecodePredictions"/> turns its output into class names.
/// </summary>
/// <example><code>
/// using var x = ImageNet.Preprocess("cat.jpg");                    // [1, 224, 224, 3], float32
/// var top5 = ImageNet.DecodePredictions(model.Predict(x))[0];       // (index, label, probability), best first
/// Console.WriteLine(top5[0].Label);
/// </code></example>
public static partial class ImageNet
{
    /// <summary>Number of ImageNet-1k classes.</summary>
    public const int ClassCount = 1000;

    /// <summary>Per-channel mean (R, G, B) subtracted from pixel values scaled to [0, 1].</summary>
    public static IReadOnlyList<float> Mean { get; } = [0.485f, 0.456f, 0.406f];

    /// <summary>Per-channel standard deviation (R, G, B) the centred values are divided by.</summary>
    public static IReadOnlyList<float> Std { get; } = [0.229f, 0.224f, 0.225f];
}
