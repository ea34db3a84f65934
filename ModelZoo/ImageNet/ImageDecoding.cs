using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.Formats.Bmp;
using SixLabors.ImageSharp.Formats.Gif;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Formats.Tiff;
using SixLabors.ImageSharp.Formats.Webp;
using SixLabors.ImageSharp.Memory;
using SixLabors.ImageSharp.Metadata;
using SixLabors.ImageSharp.PixelFormats;

namespace KerasSharp.ModelZoo;

/// <summary>
/// Decodes untrusted image files to 8-bit RGB with ImageSharp under fixed limits: the header's declared size is
/// checked (<see cref="Image.Identify(Configuration, Stream)"/>) before any pixel buffer exists, the file must be
/// whole (<see cref="ImageStructure"/>), only the first frame of animated or multi-page files is decoded, and the
/// allocator refuses any single buffer over 1 GiB.
/// Every failure of the file itself becomes an <see cref="ImageFileException"/> naming it.
/// </summary>
internal static class ImageDecoding
{
    /// <summary>The formats accepted, as they appear in messages.</summary>
    internal const string SupportedFormats = "JPEG, PNG, BMP, GIF, WebP or TIFF";

    /// <summary>The largest encoded file accepted: a file is read whole into memory to check its structure.</summary>
    internal const long MaxEncodedBytes = 1L << 30;

    // One configuration (and so one pooled allocator, as ImageSharp recommends) for the process; Configuration.Default
    // is left alone so that an application's own ImageSharp settings are not changed by ours.
    private static readonly Configuration Config = CreateConfiguration();

    private static Configuration CreateConfiguration()
    {
        var config = new Configuration(
            new JpegConfigurationModule(), new PngConfigurationModule(), new BmpConfigurationModule(),
            new GifConfigurationModule(), new WebpConfigurationModule(), new TiffConfigurationModule())
        {
            // 100M RGBA pixels are 400 MB; 1 GiB leaves room for a decoder's working buffers and nothing more.
            MemoryAllocator = MemoryAllocator.Create(new MemoryAllocatorOptions { AllocationLimitMegabytes = 1024, MaximumPoolSizeMegabytes = 64 }),
        };
        // PIL (and so torchvision) reads the first frame of a GIF or a multi-page TIFF; never decode the others.
        config.ImageFormatsManager.SetDecoder(GifFormat.Instance, new GifDecoder { DecodingMode = FrameDecodingMode.First, IgnoreMetadata = true });
        config.ImageFormatsManager.SetDecoder(TiffFormat.Instance, new TiffDecoder { DecodingMode = FrameDecodingMode.First, IgnoreMetadata = true });
        return config;
    }

    /// <summary>Decodes the first frame of the file at <paramref name="path"/> to RGB.</summary>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    /// <exception cref="ImageFileException">The file is not a usable image.</exception>
    public static Image<Rgb24> Decode(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var file = File.OpenRead(path);
        return Decode(file, path);
    }

    /// <summary>Decodes the first frame of the image in <paramref name="stream"/> (from its current position) to RGB;
    /// <paramref name="name"/> stands for the stream in messages.</summary>
    public static Image<Rgb24> Decode(Stream stream, string name)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanRead) throw new ArgumentException($"ImageNet: the stream '{name}' cannot be read.", nameof(stream));
        if (!stream.CanSeek)
        {
            using var copy = CopyBounded(stream, name);
            return DecodeSeekable(copy, name);
        }
        return DecodeSeekable(stream, name);
    }

    private static MemoryStream CopyBounded(Stream stream, string name)
    {
        var copy = new MemoryStream();
        var buffer = new byte[81920];
        int n;
        while ((n = stream.Read(buffer)) > 0)
        {
            if (copy.Length + n > MaxEncodedBytes)
                throw new ImageFileException(name, $"the stream holds more than {MaxEncodedBytes} bytes, the most an image may take.");
            copy.Write(buffer, 0, n);
        }
        copy.Position = 0;
        return copy;
    }

    private static Image<Rgb24> DecodeSeekable(Stream stream, string name)
    {
        long start = stream.Position, length = stream.Length - start;
        if (length <= 0) throw new ImageFileException(name, "the file is empty.");
        if (length > MaxEncodedBytes) throw new ImageFileException(name, $"the file holds {length} bytes; an image may take at most {MaxEncodedBytes}.");
        var (info, format) = Identify(stream, name);
        ImageLimits.Check(info.Width, info.Height, name);

        // Only now, with the size known to be sane, read the whole file: the structure check needs it, and the
        // decoder then reads from memory.
        stream.Position = start;
        var data = ReadAll(stream, length, name);
        if (ImageStructure.FindProblem(data, format) is { } problem) throw new ImageFileException(name, problem);
        try
        {
            // Load<Rgb24> converts as PIL's convert("RGB") does: grey is copied to all three channels, a palette is
            // looked up, and alpha is dropped (not composited), leaving the stored colour of each pixel.
            using var memory = new MemoryStream(data.Array!, data.Offset, data.Count, writable: false);
            return Image.Load<Rgb24>(Config, memory);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw Wrap(e, name);
        }
    }

    private static ArraySegment<byte> ReadAll(Stream stream, long length, string name)
    {
        if (stream is MemoryStream m && m.TryGetBuffer(out var buffer))
            return buffer.Slice((int)m.Position, (int)length);
        var data = new byte[length];
        int read = stream.ReadAtLeast(data, data.Length, throwOnEndOfStream: false);
        if (read < data.Length) throw new ImageFileException(name, $"the file shrank while it was read ({read} of {length} bytes).");
        return data;
    }

    private static (IImageInfo Info, IImageFormat Format) Identify(Stream stream, string name)
    {
        IImageInfo? info;
        IImageFormat? format;
        try
        {
            info = Image.Identify(Config, stream, out format);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw Wrap(e, name);
        }
        if (info is null || format is null) throw new ImageFileException(name, $"not an image in a supported format ({SupportedFormats}).");
        return (info, format);
    }

    private static ImageFileException Wrap(Exception e, string name) => e switch
    {
        UnknownImageFormatException => new ImageFileException(name, $"not an image in a supported format ({SupportedFormats}).", e),
        InvalidImageContentException => new ImageFileException(name, $"corrupt or truncated image data ({e.Message}).", e),
        InvalidMemoryOperationException => new ImageFileException(name, $"decoding would need a buffer larger than the 1 GiB limit ({e.Message}).", e),
        NotSupportedException => new ImageFileException(name, $"a kind of image the decoder does not support ({e.Message}).", e),
        _ => new ImageFileException(name, $"the image cannot be decoded ({e.GetType().Name}: {e.Message}).", e),
    };
}
