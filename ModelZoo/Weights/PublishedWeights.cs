namespace KerasSharp.ModelZoo;

/// <summary>
/// torchvision's published ImageNet weights (the URLs, parameter counts and top-1 accuracies of torchvision 0.14's
/// <c>models/*.py</c>). A file's name carries the first hex digits of its SHA-256, which the download checks, as
/// torch.hub does.
/// </summary>
internal static class PublishedWeights
{
    private const string Base = "https://download.pytorch.org/models/";

    /// <summary>The published file of <paramref name="architecture"/> for <paramref name="weights"/> ("imagenet": IMAGENET1K_V1, "imagenet_v2": IMAGENET1K_V2).</summary>
    /// <exception cref="ArgumentException">torchvision publishes no such weights.</exception>
    public static (string File, long Parameters, double Top1) Of(string architecture, string weights) => (architecture, weights) switch
    {
        ("alexnet", "imagenet") => ("alexnet-owt-7be5be79.pth", 61_100_840, 56.522),
        ("resnet18", "imagenet") => ("resnet18-f37072fd.pth", 11_689_512, 69.758),
        ("resnet34", "imagenet") => ("resnet34-b627a593.pth", 21_797_672, 73.314),
        ("resnet50", "imagenet") => ("resnet50-0676ba61.pth", 25_557_032, 76.130),
        ("resnet50", "imagenet_v2") => ("resnet50-11ad3fa6.pth", 25_557_032, 80.858),
        ("resnet101", "imagenet") => ("resnet101-63fe2227.pth", 44_549_160, 77.374),
        ("resnet101", "imagenet_v2") => ("resnet101-cd907fc2.pth", 44_549_160, 81.886),
        ("resnet152", "imagenet") => ("resnet152-394f9c45.pth", 60_192_808, 78.312),
        ("resnet152", "imagenet_v2") => ("resnet152-f82ba261.pth", 60_192_808, 82.284),
        _ => throw new ArgumentException(
            $"torchvision publishes no '{weights}' weights for {architecture}: ResNet-18, -34 and AlexNet have \"imagenet\"; ResNet-50, -101 and -152 have \"imagenet\" and \"imagenet_v2\"."),
    };

    /// <summary>The URL of a published file.</summary>
    public static string Url(string file) => Base + file;

    /// <summary>The SHA-256 prefix in a published file's name (<c>resnet18-f37072fd.pth</c> → f37072fd).</summary>
    public static string HashPrefix(string file) => Path.GetFileNameWithoutExtension(file).Split('-')[^1];
}
