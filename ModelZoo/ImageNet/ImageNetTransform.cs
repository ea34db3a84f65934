namespace KerasSharp.ModelZoo;

/// <summary>
/// The sizes of torchvision's ImageNet evaluation transform: resize so the shorter side is <see cref="ResizeSize"/>
/// (bilinear with antialiasing, as PIL does), then take the centre <see cref="CropSize"/> x <see cref="CropSize"/>.
/// Each set of published weights names its own sizes; <see cref="V1"/> and <see cref="ResNetV2"/> are the two the
/// zoo's ResNets and AlexNet use.
/// </summary>
/// <example><code>var x = ImageNet.Preprocess("cat.jpg", ImageNetTransform.ResNetV2);   // 232, then 224</code></example>
public sealed record ImageNetTransform
{
    /// <summary>The largest resize or crop size accepted (far above any published weights' sizes).</summary>
    public const int MaxSize = 8192;

    /// <summary>Creates a transform with the given sizes.</summary>
    /// <param name="resizeSize">Length of the shorter side after resizing (torchvision's <c>resize_size</c>).</param>
    /// <param name="cropSize">Side of the square centre crop (torchvision's <c>crop_size</c>). A crop larger than the
    /// resized image is padded with black (zeros before normalisation), as torchvision's <c>CenterCrop</c> does.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is not in 1..<see cref="MaxSize"/>.</exception>
    public ImageNetTransform(int resizeSize = 256, int cropSize = 224)
    {
        if (resizeSize < 1 || resizeSize > MaxSize)
            throw new ArgumentOutOfRangeException(nameof(resizeSize), resizeSize, $"ImageNetTransform: resizeSize must be in 1..{MaxSize}, got {resizeSize}.");
        if (cropSize < 1 || cropSize > MaxSize)
            throw new ArgumentOutOfRangeException(nameof(cropSize), cropSize, $"ImageNetTransform: cropSize must be in 1..{MaxSize}, got {cropSize}.");
        ResizeSize = resizeSize;
        CropSize = cropSize;
    }

    /// <summary>Length of the shorter side after resizing.</summary>
    public int ResizeSize { get; }

    /// <summary>Side of the square centre crop, and so of the output.</summary>
    public int CropSize { get; }

    /// <summary>Resize 256, crop 224: torchvision's <c>IMAGENET1K_V1</c> weights (AlexNet, every ResNet) and the
    /// classic <c>Resize(256), CenterCrop(224)</c> recipe. The default.</summary>
    public static ImageNetTransform V1 { get; } = new(256, 224);

    /// <summary>Resize 232, crop 224: torchvision's <c>IMAGENET1K_V2</c> weights of ResNet-50, -101 and -152 (their
    /// published transforms say <c>resize_size=232</c>).</summary>
    public static ImageNetTransform ResNetV2 { get; } = new(232, 224);
}
