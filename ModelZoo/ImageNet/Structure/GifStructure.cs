namespace KerasSharp.ModelZoo;

/// <summary>A GIF is whole enough when its first image's data blocks are all there: only the first frame is decoded,
/// as PIL does (a cut later frame does not matter to either).</summary>
internal static class GifStructure
{
    public static string? FindProblem(ReadOnlySpan<byte> d)
    {
        if (d.Length < 13) return ImageStructure.Truncated("inside its header");
        int p = 13 + ColourTableBytes(d[10]);
        while (true)
        {
            if (p >= d.Length) return ImageStructure.Truncated("before its first image");
            byte block = d[p++];
            switch (block)
            {
                case 0x21:                                    // extension: a label, then data sub-blocks
                    if (p >= d.Length || !SkipSubBlocks(d, ref p, p + 1)) return ImageStructure.Truncated("inside an extension block");
                    break;
                case 0x2C:                                    // image: descriptor, local colour table, LZW size, data
                    if (d.Length - p < 9) return ImageStructure.Truncated("inside the first image's descriptor");
                    p += 9 + ColourTableBytes(d[p + 8]);
                    return SkipSubBlocks(d, ref p, p + 1) ? null : ImageStructure.Truncated("inside the first image's data");
                case 0x3B:
                    return "the file ends (trailer block) without an image.";
                default:
                    return $"unknown block 0x{block:X2} at byte {p - 1} before the first image.";
            }
        }
    }

    private static int ColourTableBytes(byte flags) => (flags & 0x80) != 0 ? 3 << ((flags & 7) + 1) : 0;

    // Sub-blocks start at `start`: a size byte then that many bytes, until a size of 0.
    private static bool SkipSubBlocks(ReadOnlySpan<byte> d, ref int p, int start)
    {
        long q = start;
        while (true)
        {
            if (q >= d.Length) return false;
            int size = d[(int)q];
            q += 1 + size;
            if (size == 0) { p = (int)q; return true; }
        }
    }
}
