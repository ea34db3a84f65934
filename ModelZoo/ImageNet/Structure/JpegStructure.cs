using System.Buffers.Binary;

namespace KerasSharp.ModelZoo;

/// <summary>A JPEG is whole when its markers, walked from SOI, reach EOI (PIL refuses a file without one too).</summary>
internal static class JpegStructure
{
    public static string? FindProblem(ReadOnlySpan<byte> d)
    {
        int p = 2;                                            // after SOI, which identification has seen
        while (true)
        {
            // libjpeg skips stray bytes and fill bytes (0xFF) before a marker; so do we.
            while (p < d.Length && d[p] != 0xFF) p++;
            while (p < d.Length && d[p] == 0xFF) p++;
            if (p >= d.Length) return ImageStructure.Truncated("before its end-of-image marker");
            byte marker = d[p++];
            if (marker == 0xD9) return null;                  // EOI
            if (marker is 0x01 or 0xD8 or (>= 0xD0 and <= 0xD7)) continue;   // markers without a length
            if (d.Length - p < 2) return ImageStructure.Truncated($"inside the header of marker 0xFF{marker:X2}");
            int length = BinaryPrimitives.ReadUInt16BigEndian(d[p..]);
            if (length < 2) return $"marker 0xFF{marker:X2} at byte {p - 2} has a length of {length}; the least is 2.";
            if (d.Length - p < length) return ImageStructure.Truncated($"inside marker 0xFF{marker:X2}, which needs {length} bytes");
            p += length;
            if (marker == 0xDA && !SkipScan(d, ref p)) return ImageStructure.Truncated("inside the compressed image data, before the end-of-image marker");
        }
    }

    // Entropy-coded data runs to the next marker; 0xFF 0x00 (a stuffed 0xFF) and restart markers are part of it.
    private static bool SkipScan(ReadOnlySpan<byte> d, ref int p)
    {
        while (true)
        {
            int next = d[p..].IndexOf((byte)0xFF);
            if (next < 0) return false;
            p += next + 1;
            while (p < d.Length && d[p] == 0xFF) p++;
            if (p >= d.Length) return false;
            if (d[p] == 0x00 || d[p] is >= 0xD0 and <= 0xD7) { p++; continue; }
            p--;                                              // back on the 0xFF that starts the marker
            return true;
        }
    }
}
