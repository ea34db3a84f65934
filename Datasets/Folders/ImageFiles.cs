using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.Formats.Bmp;
using SixLabors.ImageSharp.Formats.Gif;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Memory;
using SixLabors.ImageSharp.Metadata;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;
using SixLabors.ImageSharp.Processing.Processors.Transforms;

namespace KerasSharp.Datasets;

/// <summary>
/// Decodes image files as hostile input with ImageSharp 2.1.13: the declared size is checked with
/// <c>Image.Identify</c> before any pixel buffer exists (at most 65535 a side and 100 million pixels), the allocator
/// refuses buffers over 1 GiB, only the first frame of a GIF is decoded, and every failure becomes a
/// <see cref="DatasetFormatException"/> naming the file. Then resizes (optionally cropping to the target's aspect ratio)
/// and converts to float32 [height, width, channels] values 0-255, as Keras's loaders give them: bilinear and nearest as
/// <c>tf.image.resize</c> computes them (half-pixel centres, no antialiasing), the other interpolations with ImageSharp's
/// resamplers.
/// </summary>
internal static class ImageFiles
{
    public const long MaxPixels = 100_000_000;
    public const int MaxSide = 65_535;
    public static readonly string[] Extensions = [".bmp", ".gif", ".jpeg", ".jpg", ".png"];

    private static readonly Configuration Config = Create();

    private static Configuration Create()
    {
        var config = new Configuration(new JpegConfigurationModule(), new PngConfigurationModule(), new BmpConfigurationModule(), new GifConfigurationModule())
        {
            MemoryAllocator = MemoryAllocator.Create(new MemoryAllocatorOptions { AllocationLimitMegabytes = 1024, MaximumPoolSizeMegabytes = 64 }),
            // The pipeline decodes several files at once (Map's parallel calls): one thread per image is enough.
            MaxDegreeOfParallelism = 1,
        };
        config.ImageFormatsManager.SetDecoder(GifFormat.Instance, new GifDecoder { DecodingMode = FrameDecodingMode.First, IgnoreMetadata = true });
        return config;
    }

    public static IResampler Resampler(string interpolation) => interpolation switch
    {
        "bilinear" => KnownResamplers.Triangle,
        "nearest" => KnownResamplers.NearestNeighbor,
        "bicubic" => KnownResamplers.Bicubic,
        "area" => KnownResamplers.Box,
        "lanczos3" => KnownResamplers.Lanczos3,
        "lanczos5" => KnownResamplers.Lanczos5,
        "mitchellcubic" => KnownResamplers.MitchellNetravali,
        _ => throw new ArgumentException($"interpolation must be one of bilinear, nearest, bicubic, area, lanczos3, lanczos5, mitchellcubic; got \"{interpolation}\"."),
    };

    public static int Channels(string colorMode) => colorMode switch
    {
        "grayscale" => 1,
        "rgb" => 3,
        "rgba" => 4,
        _ => throw new ArgumentException($"colorMode must be \"grayscale\", \"rgb\" or \"rgba\", got \"{colorMode}\"."),
    };

    // Each decoding thread converts into its own buffer, which Tensor.FromArray copies into the backend's (pooled)
    // storage: an image costs no large-object allocation of its own, so a pipeline does not run the GC at every batch.
    [ThreadStatic] private static float[]? _pixels;

    private static float[] Buffer(int length) => _pixels is { } b && b.Length == length ? b : _pixels = new float[length];

    /// <summary>Decodes, crops, resizes and converts one file to a float32 tensor [height, width, channels].</summary>
    public static Tensor Load(string path, int height, int width, int channels, IResampler resampler, bool cropToAspectRatio) =>
        Tensor.FromArray(Convert(path, height, width, channels, resampler, cropToAspectRatio), height, width, channels);

    /// <summary>The pixels of one file in this thread's buffer (valid until the thread's next call).</summary>
    private static float[] Convert(string path, int height, int width, int channels, IResampler resampler, bool cropToAspectRatio)
    {
        // RGB and grayscale decode to 3 bytes a pixel: no alpha channel to convert, resize (premultiplied) and skip.
        if (channels == 4)
        {
            using var rgba = Decode<Rgba32>(path);
            return Pixels(rgba, 4, grey: false, height, width, resampler, cropToAspectRatio);
        }
        using var image = Decode<Rgb24>(path);
        return Pixels(image, 3, grey: channels == 1, height, width, resampler, cropToAspectRatio);
    }

    /// <summary>
    /// Crops and resizes to float32 [height, width, channels] in this thread's buffer. Bilinear and nearest are Keras's
    /// (<see cref="PixelResample"/>, straight from the decoded pixels); the other interpolations resize with ImageSharp first.
    /// </summary>
    private static float[] Pixels<TPixel>(Image<TPixel> image, int sourceChannels, bool grey, int height, int width, IResampler resampler,
                                          bool cropToAspectRatio) where TPixel : unmanaged, IPixel<TPixel>
    {
        var window = cropToAspectRatio ? CropWindow(image.Width, image.Height, height, width) : new Rectangle(0, 0, image.Width, image.Height);
        if (!PixelResample.Supports(resampler))
        {
            if (cropToAspectRatio) image.Mutate(c => c.Crop(window));
            if (image.Width != width || image.Height != height)
                image.Mutate(c => c.Resize(new ResizeOptions { Size = new Size(width, height), Mode = ResizeMode.Stretch, Sampler = resampler, Compand = false }));
            window = new Rectangle(0, 0, width, height);
            resampler = KnownResamplers.NearestNeighbor;   // same size: a plain conversion
        }
        var result = Buffer(height * width * (grey ? 1 : sourceChannels));
        image.ProcessPixelRows(accessor =>
        {
            var rows = new AccessorRows<TPixel>(accessor);   // in place, however many buffers ImageSharp split the image into
            PixelResample.Run(ref rows, sourceChannels, window, grey, resampler, result, height, width);
        });
        return result;
    }

    /// <summary>The largest centred window with the target's aspect ratio (Keras's crop_to_aspect_ratio).</summary>
    private static Rectangle CropWindow(int imageWidth, int imageHeight, int height, int width)
    {
        double target = (double)width / height;
        int cropW = Math.Max(1, Math.Min(imageWidth, (int)(imageHeight * target)));
        int cropH = Math.Max(1, Math.Min(imageHeight, (int)(imageWidth / target)));
        return new Rectangle((imageWidth - cropW) / 2, (imageHeight - cropH) / 2, cropW, cropH);
    }

    private static Image<TPixel> Decode<TPixel>(string path) where TPixel : unmanaged, IPixel<TPixel>
    {
        try
        {
            using var stream = File.OpenRead(path);
            if (stream.Length == 0) throw new DatasetFormatException(path, "the image file is empty.");
            var info = Image.Identify(Config, stream, out var format);
            if (info is null || format is null) throw new DatasetFormatException(path, "not an image in a supported format (JPEG, PNG, BMP or GIF).");
            long pixels = (long)info.Width * info.Height;
            if (info.Width <= 0 || info.Height <= 0 || info.Width > MaxSide || info.Height > MaxSide || pixels > MaxPixels)
                throw new DatasetFormatException(path, $"the image declares {info.Width}x{info.Height} pixels; the limits are {MaxSide} a side and {MaxPixels:N0} in all, so it is not decoded.");
            stream.Position = 0;
            return Image.Load<TPixel>(Config, stream);
        }
        catch (Exception e) when (e is UnknownImageFormatException or InvalidImageContentException or InvalidMemoryOperationException
                                       or NotSupportedException or ImageFormatException)
        {
            throw new DatasetFormatException(path, $"the image cannot be decoded ({e.Message}).", e);
        }
    }
}
