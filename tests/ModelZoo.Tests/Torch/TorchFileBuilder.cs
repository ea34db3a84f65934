using System.Buffers.Binary;
using System.IO.Compression;

namespace KerasSharp.ModelZoo.Tests.Torch;

/// <summary>Writes torch files around crafted pickles: the zip layout and the legacy stream, with any bytes as storages.</summary>
internal static class TorchFileBuilder
{
    /// <summary>A zip with &lt;folder&gt;/data.pkl, &lt;folder&gt;/data/&lt;key&gt; per storage, &lt;folder&gt;/version and any <paramref name="extra"/> entries.</summary>
    public static void WriteZip(string path, byte[] pickle, IEnumerable<(string Key, byte[] Data)> storages,
        string folder = "archive", IEnumerable<(string Name, byte[] Data)>? extra = null)
    {
        using var file = File.Create(path);
        using var zip = new ZipArchive(file, ZipArchiveMode.Create);
        void Add(string name, byte[] data)
        {
            using var s = zip.CreateEntry(name, CompressionLevel.NoCompression).Open();
            s.Write(data);
        }
        Add(folder + "/data.pkl", pickle);
        foreach (var (key, data) in storages) Add($"{folder}/data/{key}", data);
        Add(folder + "/version", "3\n"u8.ToArray());
        foreach (var (name, data) in extra ?? []) Add(name, data);
    }

    /// <summary>
    /// A legacy stream: the magic number, protocol version and system info pickles, <paramref name="pickle"/>, the
    /// pickled key list, then each storage as an int64 element count and its bytes.
    /// </summary>
    public static void WriteLegacy(string path, byte[] pickle, IEnumerable<(string Key, long Numel, byte[] Data)> storages)
    {
        var list = storages.ToList();
        using var file = File.Create(path);
        // 0x1950a86a20f9469cfc6c as LONG1, then 1001 as BININT2, then {'protocol_version': 1001, 'little_endian': True}.
        file.Write([0x80, 0x02, 0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19, 0x2e]);
        file.Write([0x80, 0x02, (byte)'M', 0xe9, 0x03, 0x2e]);
        file.Write(new PickleBuilder().Proto().EmptyDict().Mark().Str("protocol_version").Int(1001).Str("little_endian").Raw(0x88).SetItems().Stop().ToArray());
        file.Write(pickle);
        var keys = new PickleBuilder().Proto().EmptyList().Mark();
        foreach (var (key, _, _) in list) keys.Str(key);
        file.Write(keys.Op('e').Stop().ToArray());
        var count = new byte[8];
        foreach (var (_, numel, data) in list)
        {
            BinaryPrimitives.WriteInt64LittleEndian(count, numel);
            file.Write(count);
            file.Write(data);
        }
    }

    /// <summary>The little-endian bytes of <paramref name="values"/>.</summary>
    public static byte[] Floats(params float[] values)
    {
        var bytes = new byte[values.Length * 4];
        for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(4 * i), values[i]);
        return bytes;
    }
}
