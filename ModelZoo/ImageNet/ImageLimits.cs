namespace KerasSharp.ModelZoo;

/// <summary>
/// The largest image the zoo decodes. A file whose header declares more is refused before any pixel buffer is
/// allocated, so a small crafted file cannot make the process allocate gigabytes.
/// </summary>
public static class ImageLimits
{
    /// <summary>Most pixels (width x height) in an image: 100 million, about a 12000 x 8000 photo; PIL warns at
    /// 89 million and refuses at twice that.</summary>
    public const long MaxPixels = 100_000_000;

    /// <summary>Longest side of an image: 65535, the most a JPEG or WebP header can state.</summary>
    public const int MaxSide = 65_535;

    /// <summary>Throws <see cref="ImageFileException"/> naming <paramref name="name"/> when the size is over a limit.</summary>
    internal static void Check(int width, int height, string name)
    {
        if (width <= 0 || height <= 0)
            throw new ImageFileException(name, $"the image declares a size of {width}x{height} pixels.");
        long pixels = (long)width * height;
        if (width > MaxSide || height > MaxSide || pixels > MaxPixels)
            throw new ImageFileException(name,
                $"the image declares {width}x{height} pixels ({pixels:N0}); the limits are {MaxSide} pixels a side and " +
                $"{MaxPixels:N0} pixels in all, so it is not decoded.");
    }
}
