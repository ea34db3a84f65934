using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace KerasSharp.ModelZoo;

public static partial class ImageNet
{
    /// <summary>
    /// Reads an image file and makes it a network input as torchvision's ImageNet evaluation transform does:
    /// decode (first frame; grey and palette to RGB; alpha dropped as PIL's <c>convert("RGB")</c> drops it), resize
    /// the shorter side to <see cref="ImageNetTransform.ResizeSize"/> (bilinear with antialiasing, PIL's arithmetic),
    /// centre-crop <see cref="ImageNetTransform.CropSize"/>, scale to [0, 1], subtract <see cref="Mean"/> and divide
    /// by <see cref="Std"/>.
    /// </summary>
    /// <param name="path">A JPEG, PNG, BMP, GIF, WebP or TIFF file.</param>
    /// <param name="transform">The sizes; null for <see cref="ImageNetTransform.V1"/> (256, then 224).</param>
    /// <param name="dataFormat">"channels_last" (Keras's default) gives [1, crop, crop, 3]; "channels_first" gives
    /// [1, 3, crop, crop].</param>
    /// <returns>A float32 tensor on the current backend.</returns>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    /// <exception cref="ImageFileException">The file is empty, not an image, truncated, corrupt, or over <see cref="ImageLimits"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="dataFormat"/> is not one of the two.</exception>
    /// <remarks>
    /// The result is bit-identical to torchvision's (<c>pil_loader</c>, then <c>Resize</c>, <c>CenterCrop</c>,
    /// <c>ToTensor</c>, <c>Normalize</c>) for PNG, BMP, GIF, TIFF and WebP files. JPEG files differ by their decoders
    /// (ImageSharp here, libjpeg-turbo in PIL): by up to 3 levels a pixel for 4:4:4 and greyscale files and up to about
    /// 20 at colour edges of 4:2:0 files, which the resize shrinks to at most about 0.2 after normalisation. Other
    /// differences from PIL: a GIF's transparent colour index decodes as black (PIL keeps that palette entry's colour);
    /// 16-bit greyscale is scaled to 8 bits (PIL clips it at 255); animated WebP is refused (ImageSharp 2.1 cannot
    /// decode it); a cut file is refused even where PIL only warns (TIFF metadata). EXIF orientation is ignored, as PIL
    /// and torchvision ignore it.
    /// </remarks>
    public static Tensor Preprocess(string path, ImageNetTransform? transform = null, string dataFormat = "channels_last")
    {
        ArgumentNullException.ThrowIfNull(path);
        return Preprocess([path], transform, dataFormat);
    }

    /// <summary>
    /// As <see cref="Preprocess(string, ImageNetTransform?, string)"/>, for an encoded image read from
    /// <paramref name="stream"/>'s current position; the stream is left open.
    /// </summary>
    /// <param name="stream">The encoded image.</param>
    /// <param name="transform">The sizes; null for <see cref="ImageNetTransform.V1"/>.</param>
    /// <param name="dataFormat">"channels_last" or "channels_first".</param>
    /// <param name="name">Names the stream in error messages; "&lt;stream&gt;" if null.</param>
    /// <exception cref="ImageFileException">The data is not a usable image.</exception>
    public static Tensor Preprocess(Stream stream, ImageNetTransform? transform = null, string dataFormat = "channels_last", string? name = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return Batch([stream], transform, dataFormat, s => (ImageDecoding.Decode(s, name ?? "<stream>"), true));
    }

    /// <summary>
    /// As <see cref="Preprocess(string, ImageNetTransform?, string)"/>, for an image already decoded by ImageSharp
    /// (any pixel type; its first frame; alpha dropped).
    /// </summary>
    /// <param name="image">The image; it is not changed.</param>
    /// <param name="transform">The sizes; null for <see cref="ImageNetTransform.V1"/>.</param>
    /// <param name="dataFormat">"channels_last" or "channels_first".</param>
    public static Tensor Preprocess(Image image, ImageNetTransform? transform = null, string dataFormat = "channels_last")
    {
        ArgumentNullException.ThrowIfNull(image);
        return Preprocess([image], transform, dataFormat);
    }

    /// <summary>
    /// Several image files as one batch, [n, crop, crop, 3] (or [n, 3, crop, crop]); row i is
    /// <see cref="Preprocess(string, ImageNetTransform?, string)"/> of file i. Files are decoded one at a time.
    /// </summary>
    /// <param name="paths">At least one file.</param>
    /// <param name="transform">The sizes; null for <see cref="ImageNetTransform.V1"/>.</param>
    /// <param name="dataFormat">"channels_last" or "channels_first".</param>
    /// <exception cref="ImageFileException">A file is not a usable image (the message names it).</exception>
    public static Tensor Preprocess(IEnumerable<string> paths, ImageNetTransform? transform = null, string dataFormat = "channels_last")
    {
        ArgumentNullException.ThrowIfNull(paths);
        return Batch(paths.ToList(), transform, dataFormat, path =>
        {
            ArgumentNullException.ThrowIfNull(path, nameof(paths));
            return (ImageDecoding.Decode(path), true);
        });
    }

    /// <summary>Several ImageSharp images as one batch; see <see cref="Preprocess(Image, ImageNetTransform?, string)"/>.</summary>
    /// <param name="images">At least one image; none is changed.</param>
    /// <param name="transform">The sizes; null for <see cref="ImageNetTransform.V1"/>.</param>
    /// <param name="dataFormat">"channels_last" or "channels_first".</param>
    public static Tensor Preprocess(IEnumerable<Image> images, ImageNetTransform? transform = null, string dataFormat = "channels_last")
    {
        ArgumentNullException.ThrowIfNull(images);
        return Batch(images.ToList(), transform, dataFormat, image => AsRgb(image ?? throw new ArgumentNullException(nameof(images))));
    }

    private static Tensor Batch<T>(List<T> items, ImageNetTransform? transform, string dataFormat, Func<T, (Image<Rgb24> Image, bool Owned)> open)
    {
        bool channelsFirst = ImageNetPixels.IsChannelsFirst(dataFormat);
        if (items.Count == 0) throw new ArgumentException("ImageNet.Preprocess: the batch is empty; give at least one image.");
        transform ??= ImageNetTransform.V1;
        long sample = Sample(transform);
        if (sample * items.Count > Array.MaxLength)
            throw new ArgumentException($"ImageNet.Preprocess: {items.Count} images of {transform.CropSize}x{transform.CropSize} do not fit in one tensor; use smaller batches.");
        var data = new float[sample * items.Count];
        for (int i = 0; i < items.Count; i++)
        {
            var (image, owned) = open(items[i]);
            try { Write(image.Frames.RootFrame, transform, channelsFirst, data.AsSpan((int)(i * sample), (int)sample)); }
            finally { if (owned) image.Dispose(); }
        }
        return ToTensor(data, items.Count, transform.CropSize, channelsFirst);
    }

    // An Image<Rgb24> is used as it is; other pixel types get a converted copy of the first frame only.
    private static (Image<Rgb24>, bool Owned) AsRgb(Image image)
    {
        if (image is Image<Rgb24> rgb) return (rgb, false);
        if (image.Frames.Count == 1) return (image.CloneAs<Rgb24>(), true);
        using var first = image.Frames.CloneFrame(0);
        return (first.CloneAs<Rgb24>(), true);
    }

    private static long Sample(ImageNetTransform transform) => 3L * transform.CropSize * transform.CropSize;

    private static void Write(ImageFrame<Rgb24> frame, ImageNetTransform transform, bool channelsFirst, Span<float> dest) =>
        ImageNetPixels.Normalize(ResizeCrop.Apply(frame, transform), transform.CropSize, channelsFirst, dest);

    private static Tensor ToTensor(float[] data, int n, int size, bool channelsFirst) =>
        channelsFirst ? Tensor.FromArray(data, n, 3, size, size) : Tensor.FromArray(data, n, size, size, 3);
}
