using System.Buffers.Binary;

namespace KerasSharp.ModelZoo;

/// <summary>An uncompressed BMP is whole when its rows, from the pixel-data offset on, fit in the file. Run-length
/// and embedded JPEG/PNG bitmaps have no size known in advance; for them only the offset is checked.</summary>
internal static class BmpStructure
{
    public static string? FindProblem(ReadOnlySpan<byte> d)
    {
        if (d.Length < 26) return ImageStructure.Truncated("inside its header");
        long offset = BinaryPrimitives.ReadUInt32LittleEndian(d[10..]);
        int headerSize = BinaryPrimitives.ReadInt32LittleEndian(d[14..]);
        long width, height;
        int bits, compression = 0;
        if (headerSize == 12)                                 // OS/2 BITMAPCOREHEADER
        {
            width = BinaryPrimitives.ReadUInt16LittleEndian(d[18..]);
            height = BinaryPrimitives.ReadUInt16LittleEndian(d[20..]);
            bits = BinaryPrimitives.ReadUInt16LittleEndian(d[24..]);
        }
        else
        {
            if (d.Length < 34) return ImageStructure.Truncated("inside its header");
            width = BinaryPrimitives.ReadInt32LittleEndian(d[18..]);
            height = Math.Abs((long)BinaryPrimitives.ReadInt32LittleEndian(d[22..]));   // negative: top-down rows
            bits = BinaryPrimitives.ReadUInt16LittleEndian(d[28..]);
            compression = BinaryPrimitives.ReadInt32LittleEndian(d[30..]);
        }
        if (offset >= d.Length) return ImageStructure.Truncated("before its pixel data");
        if (compression is not (0 or 3 or 6)) return null;   // BI_RGB, BI_BITFIELDS, BI_ALPHABITFIELDS are uncompressed
        long stride = (width * bits + 31) / 32 * 4;           // rows are padded to 4 bytes
        long needed = offset + stride * height;
        return needed > d.Length ? ImageStructure.Truncated($"after {d.Length} bytes; its {width}x{height} pixels need {needed}") : null;
    }
}
