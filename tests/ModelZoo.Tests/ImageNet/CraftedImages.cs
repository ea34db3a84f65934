using System.Buffers.Binary;
using System.Text;

namespace KerasSharp.ModelZoo.Tests.ImageNet;

/// <summary>Small hand-made files whose headers claim what a hostile file would: a valid header, a huge size, no pixels.</summary>
internal static class CraftedImages
{
    /// <summary>PNG signature, an IHDR of <paramref name="width"/> x <paramref name="height"/> 8-bit RGB, an empty IDAT, IEND.</summary>
    public static byte[] Png(uint width, uint height)
    {
        var s = new MemoryStream();
        s.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        var ihdr = new byte[13];
        BinaryPrimitives.WriteUInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteUInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = 8;        // bit depth
        ihdr[9] = 2;        // colour type: RGB
        PngChunk(s, "IHDR", ihdr);
        PngChunk(s, "IDAT", [0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]);   // zlib of nothing
        PngChunk(s, "IEND", []);
        return s.ToArray();
    }

    private static void PngChunk(Stream s, string type, byte[] data)
    {
        Span<byte> u32 = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(u32, (uint)data.Length);
        s.Write(u32);
        var typed = Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        s.Write(typed);
        BinaryPrimitives.WriteUInt32BigEndian(u32, Crc32(typed));
        s.Write(u32);
    }

    // PNG's CRC-32 (polynomial 0xEDB88320, reflected), bit by bit: a few chunks need no table.
    private static uint Crc32(byte[] data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (var b in data)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++) crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320 : crc >> 1;
        }
        return ~crc;
    }

    /// <summary>A GIF89a whose logical screen and one frame are <paramref name="width"/> x <paramref name="height"/>.</summary>
    public static byte[] Gif(ushort width, ushort height)
    {
        var s = new MemoryStream();
        s.Write("GIF89a"u8);
        Span<byte> u16 = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(u16, width); s.Write(u16);
        BinaryPrimitives.WriteUInt16LittleEndian(u16, height); s.Write(u16);
        s.Write([0x80, 0, 0]);                        // global colour table of 2 entries
        s.Write([0, 0, 0, 255, 255, 255]);
        s.WriteByte(0x2C);                            // image descriptor
        s.Write([0, 0, 0, 0]);
        BinaryPrimitives.WriteUInt16LittleEndian(u16, width); s.Write(u16);
        BinaryPrimitives.WriteUInt16LittleEndian(u16, height); s.Write(u16);
        s.WriteByte(0);
        s.Write([2, 2, 0x4C, 0x01, 0]);               // LZW minimum code size 2, one tiny block
        s.WriteByte(0x3B);
        return s.ToArray();
    }

    /// <summary>A BMP (BITMAPINFOHEADER, 24 bits) of <paramref name="width"/> x <paramref name="height"/> with no pixel data.</summary>
    public static byte[] Bmp(int width, int height)
    {
        var b = new byte[54];
        b[0] = (byte)'B'; b[1] = (byte)'M';
        BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(2), b.Length);
        BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(10), 54);
        BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(14), 40);
        BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(18), width);
        BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(22), height);
        BinaryPrimitives.WriteInt16LittleEndian(b.AsSpan(26), 1);
        BinaryPrimitives.WriteInt16LittleEndian(b.AsSpan(28), 24);
        return b;
    }

    /// <summary>The start of a baseline JPEG: SOI, one quantisation table, SOF0 of <paramref name="width"/> x
    /// <paramref name="height"/> with three components, EOI.</summary>
    public static byte[] Jpeg(ushort width, ushort height)
    {
        var s = new MemoryStream();
        s.Write([0xFF, 0xD8]);
        s.Write([0xFF, 0xDB, 0x00, 0x43, 0x00]);
        s.Write(Enumerable.Repeat((byte)1, 64).ToArray());
        s.Write([0xFF, 0xC0, 0x00, 0x11, 0x08]);
        Span<byte> u16 = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(u16, height); s.Write(u16);
        BinaryPrimitives.WriteUInt16BigEndian(u16, width); s.Write(u16);
        s.Write([0x03, 0x01, 0x22, 0x00, 0x02, 0x11, 0x00, 0x03, 0x11, 0x00]);
        s.Write([0xFF, 0xD9]);
        return s.ToArray();
    }

    /// <summary>A little-endian TIFF with one IFD: <paramref name="width"/> x <paramref name="height"/>, 8-bit grey,
    /// uncompressed, one strip pointing past the end of the file.</summary>
    public static byte[] Tiff(uint width, uint height)
    {
        var entries = new (ushort Tag, ushort Type, uint Value)[]
        {
            (256, 4, width), (257, 4, height), (258, 3, 8), (259, 3, 1), (262, 3, 1),
            (273, 4, 200), (277, 3, 1), (278, 4, height), (279, 4, width * 1),
        };
        var b = new byte[8 + 2 + entries.Length * 12 + 4];
        b[0] = (byte)'I'; b[1] = (byte)'I'; b[2] = 42;
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(4), 8);
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(8), (ushort)entries.Length);
        for (int i = 0; i < entries.Length; i++)
        {
            var e = b.AsSpan(10 + i * 12);
            BinaryPrimitives.WriteUInt16LittleEndian(e, entries[i].Tag);
            BinaryPrimitives.WriteUInt16LittleEndian(e[2..], entries[i].Type);
            BinaryPrimitives.WriteUInt32LittleEndian(e[4..], 1);
            if (entries[i].Type == 3) BinaryPrimitives.WriteUInt16LittleEndian(e[8..], (ushort)entries[i].Value);
            else BinaryPrimitives.WriteUInt32LittleEndian(e[8..], entries[i].Value);
        }
        return b;
    }
}
