using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace KerasSharp.Models.Tests.Saving.Formats;

/// <summary>Builds zip archives byte by byte, with knobs to make them lie (for the hostile-archive tests).</summary>
internal static class ZipBuilder
{
    internal sealed record Entry(byte[] Name, byte[] Data, int Method, uint Crc, long DeclaredSize)
    {
        public int Flags { get; init; }
        public long? CompressedOverride { get; init; }
        public byte[]? LocalName { get; init; }
        public long? LocalOffsetOverride { get; init; }
    }

    public static Entry Stored(string name, byte[] content) =>
        new(Encoding.UTF8.GetBytes(name), content, 0, Crc(content), content.Length);

    public static Entry Deflated(string name, byte[] content)
    {
        using var buffer = new MemoryStream();
        using (var deflate = new DeflateStream(buffer, CompressionLevel.Optimal, leaveOpen: true)) deflate.Write(content);
        return new(Encoding.UTF8.GetBytes(name), buffer.ToArray(), 8, Crc(content), content.Length);
    }

    public static byte[] Build(params Entry[] entries)
    {
        using var zip = new MemoryStream();
        var w = new BinaryWriter(zip);
        var offsets = new long[entries.Length];
        for (int i = 0; i < entries.Length; i++)
        {
            var e = entries[i];
            offsets[i] = zip.Position;
            var localName = e.LocalName ?? e.Name;
            w.Write(0x04034b50u); w.Write((ushort)20); w.Write((ushort)e.Flags); w.Write((ushort)e.Method);
            w.Write(0u); w.Write(e.Crc); w.Write((uint)e.Data.Length); w.Write((uint)e.DeclaredSize);
            w.Write((ushort)localName.Length); w.Write((ushort)0); w.Write(localName); w.Write(e.Data);
        }
        long cdStart = zip.Position;
        for (int i = 0; i < entries.Length; i++)
        {
            var e = entries[i];
            w.Write(0x02014b50u); w.Write((ushort)20); w.Write((ushort)20); w.Write((ushort)e.Flags); w.Write((ushort)e.Method);
            w.Write(0u); w.Write(e.Crc); w.Write((uint)(e.CompressedOverride ?? e.Data.Length)); w.Write((uint)e.DeclaredSize);
            w.Write((ushort)e.Name.Length); w.Write((ushort)0); w.Write((ushort)0); w.Write((ushort)0); w.Write((ushort)0); w.Write(0u);
            w.Write((uint)(e.LocalOffsetOverride ?? offsets[i])); w.Write(e.Name);
        }
        long cdSize = zip.Position - cdStart;
        w.Write(0x06054b50u); w.Write((ushort)0); w.Write((ushort)0); w.Write((ushort)entries.Length); w.Write((ushort)entries.Length);
        w.Write((uint)cdSize); w.Write((uint)cdStart); w.Write((ushort)0);
        w.Flush();
        return zip.ToArray();
    }

    /// <summary>The standard zip CRC-32, computed bit by bit (independent of the library's table version).</summary>
    public static uint Crc(ReadOnlySpan<byte> data)
    {
        uint c = 0xFFFFFFFF;
        foreach (var b in data)
        {
            c ^= b;
            for (int k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1;
        }
        return ~c;
    }

    /// <summary>A local header followed by data, as bytes (to hide one entry inside another's data).</summary>
    public static byte[] LocalRecord(string name, byte[] data)
    {
        var n = Encoding.UTF8.GetBytes(name);
        var r = new byte[30 + n.Length + data.Length];
        BinaryPrimitives.WriteUInt32LittleEndian(r, 0x04034b50);
        BinaryPrimitives.WriteUInt32LittleEndian(r.AsSpan(14), Crc(data));
        BinaryPrimitives.WriteUInt32LittleEndian(r.AsSpan(18), (uint)data.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(r.AsSpan(22), (uint)data.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(r.AsSpan(26), (ushort)n.Length);
        n.CopyTo(r, 30);
        data.CopyTo(r, 30 + n.Length);
        return r;
    }
}
