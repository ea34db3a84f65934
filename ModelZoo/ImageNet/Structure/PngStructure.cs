using System.Buffers.Binary;

namespace KerasSharp.ModelZoo;

/// <summary>A PNG is whole when its chunks, each complete, run from the signature to IEND.</summary>
internal static class PngStructure
{
    public static string? FindProblem(ReadOnlySpan<byte> d)
    {
        long p = 8;                                           // after the signature
        while (true)
        {
            if (d.Length - p < 8) return ImageStructure.Truncated("before its IEND chunk");
            uint length = BinaryPrimitives.ReadUInt32BigEndian(d[(int)p..]);
            var type = d.Slice((int)p + 4, 4);
            if (length > int.MaxValue) return $"the chunk at byte {p} declares {length} bytes; PNG allows at most 2^31 - 1.";
            long end = p + 12 + length;                       // length, type, data, CRC
            if (end > d.Length) return ImageStructure.Truncated($"inside a chunk at byte {p} that needs {length} bytes");
            if (type.SequenceEqual("IEND"u8)) return null;
            p = end;
        }
    }
}
