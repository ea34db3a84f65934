using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.Formats.Bmp;
using SixLabors.ImageSharp.Formats.Gif;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Formats.Tiff;
using SixLabors.ImageSharp.Formats.Webp;

namespace KerasSharp.ModelZoo;

/// <summary>
/// Checks that an encoded image is whole before it is decoded. ImageSharp 2.1 decodes most truncated files without
/// complaint (the missing part comes out black or grey), where PIL, and so torchvision, raises "image file is
/// truncated"; a network fed half an image answers confidently and wrongly, so a cut file must be an error here too.
/// Each format's walk reads only the container structure (markers, chunks, blocks, strip extents), never pixels.
/// </summary>
internal static class ImageStructure
{
    /// <summary>What is wrong with <paramref name="data"/> as a file of <paramref name="format"/>, or null when it is whole.</summary>
    public static string? FindProblem(ReadOnlySpan<byte> data, IImageFormat format) => format switch
    {
        JpegFormat => JpegStructure.FindProblem(data),
        PngFormat => PngStructure.FindProblem(data),
        GifFormat => GifStructure.FindProblem(data),
        BmpFormat => BmpStructure.FindProblem(data),
        WebpFormat => WebpStructure.FindProblem(data),
        TiffFormat => TiffStructure.FindProblem(data),
        _ => null,
    };

    /// <summary>The message for a file that stops early.</summary>
    internal static string Truncated(string what) => $"the file is truncated: it ends {what}.";
}
