using System.Buffers.Binary;

namespace KerasSharp.ModelZoo;

/// <summary>A WebP is whole when the file holds the whole RIFF container its header declares.</summary>
internal static class WebpStructure
{
    public static string? FindProblem(ReadOnlySpan<byte> d)
    {
        if (d.Length < 12) return ImageStructure.Truncated("inside its header");
        long needed = 8L + BinaryPrimitives.ReadUInt32LittleEndian(d[4..]);
        return needed > d.Length ? ImageStructure.Truncated($"after {d.Length} bytes; its RIFF header declares {needed}") : null;
    }
}
