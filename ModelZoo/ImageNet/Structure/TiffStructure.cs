using System.Buffers.Binary;

namespace KerasSharp.ModelZoo;

/// <summary>A TIFF's first page is whole when its directory, every value the directory points to, and every strip or
/// tile lie inside the file. (BigTIFF is left to the decoder.)</summary>
internal static class TiffStructure
{
    private const ushort StripOffsets = 273, StripByteCounts = 279, TileOffsets = 324, TileByteCounts = 325;

    public static string? FindProblem(ReadOnlySpan<byte> d)
    {
        if (d.Length < 8) return ImageStructure.Truncated("inside its header");
        bool little = d[0] == (byte)'I';
        if (U16(d, 2, little) != 42) return null;
        long ifd = U32(d, 4, little);
        if (ifd + 2 > d.Length) return ImageStructure.Truncated("before its first image directory");
        int entries = U16(d, (int)ifd, little);
        if (ifd + 2 + 12L * entries + 4 > d.Length) return ImageStructure.Truncated("inside its first image directory");
        long[]? offsets = null, counts = null;
        for (int i = 0; i < entries; i++)
        {
            int e = (int)ifd + 2 + 12 * i;
            ushort tag = U16(d, e, little);
            long bytes = U32(d, e + 4, little) * TypeSize(U16(d, e + 2, little));
            if (bytes > 4 && U32(d, e + 8, little) + bytes > d.Length) return ImageStructure.Truncated($"inside the values of tag {tag}");
            if (tag is not (StripOffsets or StripByteCounts or TileOffsets or TileByteCounts)) continue;
            var values = Values(d, e, little);
            if (values is null) return ImageStructure.Truncated($"inside the values of tag {tag}");
            if (tag is StripOffsets or TileOffsets) offsets = values;
            else counts = values;
        }
        if (offsets is null || counts is null) return null;   // nothing to check; the decoder reports what is missing
        for (int i = 0; i < Math.Min(offsets.Length, counts.Length); i++)
            if (offsets[i] + counts[i] > d.Length)
                return ImageStructure.Truncated($"after {d.Length} bytes; strip or tile {i} needs bytes {offsets[i]} to {offsets[i] + counts[i]}");
        return null;
    }

    // The SHORT or LONG values of the entry at e: inline when they fit in 4 bytes, else at an offset (checked).
    private static long[]? Values(ReadOnlySpan<byte> d, int e, bool little)
    {
        ushort type = U16(d, e + 2, little);
        long count = U32(d, e + 4, little);
        int size = type == 3 ? 2 : type == 4 ? 4 : 0;
        if (size == 0) return [];
        long at = count * size <= 4 ? e + 8 : U32(d, e + 8, little);
        if (at + count * size > d.Length) return null;        // also bounds the allocation by the file's size
        var values = new long[count];
        for (int i = 0; i < count; i++)
            values[i] = size == 2 ? U16(d, (int)(at + 2 * i), little) : U32(d, (int)(at + 4 * i), little);
        return values;
    }

    // Bytes per value of each TIFF 6.0 field type; 0 for types it does not define (their values are not checked).
    private static long TypeSize(ushort type) => type switch
    {
        1 or 2 or 6 or 7 => 1,
        3 or 8 => 2,
        4 or 9 or 11 or 13 => 4,
        5 or 10 or 12 => 8,
        _ => 0,
    };

    private static ushort U16(ReadOnlySpan<byte> d, int at, bool little) =>
        little ? BinaryPrimitives.ReadUInt16LittleEndian(d[at..]) : BinaryPrimitives.ReadUInt16BigEndian(d[at..]);

    private static uint U32(ReadOnlySpan<byte> d, int at, bool little) =>
        little ? BinaryPrimitives.ReadUInt32LittleEndian(d[at..]) : BinaryPrimitives.ReadUInt32BigEndian(d[at..]);
}
