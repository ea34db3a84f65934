namespace KerasSharp.ModelZoo;

/// <summary>
/// ImageNet post-processing for the zoo's classifiers: <see cref="DecodePredictions"/> turns a network's output
/// into class names.
/// </summary>
public static partial class ImageNet
{
    /// <summary>Number of ImageNet-1k classes.</summary>
    public const int ClassCount = 1000;
}
