using System.Buffers.Binary;

namespace KerasSharp.ModelZoo;

/// <summary>A TIFF's first page is whole when its directory, every value the directory points to, and every strip or
/// tile lie inside the file. (BigTIFF is left to the decoder.)</summary>
internal static class TiffStructure
{
    private const ushort StripOffsets = 273, StripByteCounts = 279, TileOffsets = 324, TileByteCounts = 325;

    /// <summary>Where an entry's values are: their type size (2 or 4), count and first byte.</summary>
    private readonly record struct ValueArray(int Size, long Count, long At);

    public static string? FindProblem(ReadOnlySpan<byte> d)
    {
        if (d.Length < 8) return ImageStructure.Truncated("inside its header");
        bool little = d[0] == (byte)'I';
        if (U16(d, 2, little) != 42) return null;
        long ifd = U32(d, 4, little);
        if (ifd + 2 > d.Length) return ImageStructure.Truncated("before its first image directory");
        int entries = U16(d, (int)ifd, little);
        if (ifd + 2 + 12L * entries + 4 > d.Length) return ImageStructure.Truncated("inside its first image directory");
        ValueArray? offsets = null, counts = null;
        for (int i = 0; i < entries; i++)
        {
            int e = (int)ifd + 2 + 12 * i;
            ushort tag = U16(d, e, little), type = U16(d, e + 2, little);
            long count = U32(d, e + 4, little), bytes = count * TypeSize(type);
            long at = bytes > 4 ? U32(d, e + 8, little) : e + 8;   // values that fit in 4 bytes sit in the entry
            if (at + bytes > d.Length) return ImageStructure.Truncated($"inside the values of tag {tag}");
            if (type is not (3 or 4)) continue;
            var values = new ValueArray(type == 3 ? 2 : 4, count, at);
            if (tag is StripOffsets or TileOffsets) offsets = values;
            else if (tag is StripByteCounts or TileByteCounts) counts = values;
        }
        if (offsets is not { } o || counts is not { } c) return null;   // the decoder reports what is missing
        // Read pair by pair rather than into arrays: a hostile count costs time bounded by the file, not memory.
        for (long i = 0; i < Math.Min(o.Count, c.Count); i++)
        {
            long start = Value(d, o, i, little), end = start + Value(d, c, i, little);
            if (end > d.Length) return ImageStructure.Truncated($"after {d.Length} bytes; strip or tile {i} needs bytes {start} to {end}");
        }
        return null;
    }

    private static long Value(ReadOnlySpan<byte> d, ValueArray a, long i, bool little) =>
        a.Size == 2 ? U16(d, (int)(a.At + 2 * i), little) : U32(d, (int)(a.At + 4 * i), little);

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
