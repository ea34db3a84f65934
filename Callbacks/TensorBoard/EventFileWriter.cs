using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;
using Google.Protobuf;
using KerasSharp.Callbacks.TensorBoardProto;

namespace KerasSharp.Callbacks;

/// <summary>
/// Writes a TensorBoard event file: TFRecord framing (uint64 length, masked CRC-32C of the length, the data, masked
/// CRC-32C of the data, little-endian) around serialized <c>Event</c> messages, the first of them carrying the file
/// version "brain.Event:2". The file is appended to, as TensorFlow's writer does, so that TensorBoard can follow it while
/// it grows (a file replaced by a rename would keep TensorBoard on the old copy); every record carries its own checksums,
/// so a crash costs at most a truncated last record, which readers stop at.
/// </summary>
internal sealed class EventFileWriter : IDisposable
{
    private static int _uid;
    private readonly FileStream _stream;

    public EventFileWriter(string folder)
    {
        Directory.CreateDirectory(folder);
        long seconds = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        string host = SafeHost();
        Path = System.IO.Path.Combine(folder, string.Create(CultureInfo.InvariantCulture,
            $"events.out.tfevents.{seconds}.{host}.{Environment.ProcessId}.{Interlocked.Increment(ref _uid)}.v2"));
        _stream = new FileStream(Path, FileMode.CreateNew, FileAccess.Write, FileShare.Read);
        Write(new Event { WallTime = Now(), FileVersion = "brain.Event:2" });
        Flush();
    }

    /// <summary>The file being written.</summary>
    public string Path { get; }

    public static double Now() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;

    public void Write(Event e) => WriteRecord(_stream, e.ToByteArray());

    public void Flush() => _stream.Flush(flushToDisk: false);

    public void Dispose() => _stream.Dispose();

    /// <summary>One TFRecord: the length, its masked CRC, the data, its masked CRC.</summary>
    public static void WriteRecord(Stream stream, ReadOnlySpan<byte> data)
    {
        Span<byte> header = stackalloc byte[12];
        BinaryPrimitives.WriteUInt64LittleEndian(header, (ulong)data.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(header[8..], MaskedCrc(header[..8]));
        Span<byte> footer = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(footer, MaskedCrc(data));
        stream.Write(header);
        stream.Write(data);
        stream.Write(footer);
    }

    /// <summary>CRC-32C (Castagnoli) of the bytes, masked as TFRecord does: rotate right by 15, add 0xa282ead8.</summary>
    public static uint MaskedCrc(ReadOnlySpan<byte> data)
    {
        uint crc = Crc32C(data);
        return ((crc >> 15) | (crc << 17)) + 0xa282ead8u;
    }

    public static uint Crc32C(ReadOnlySpan<byte> data)
    {
        uint crc = ~0u;
        int i = 0;
        for (; i + 8 <= data.Length; i += 8) crc = BitOperations.Crc32C(crc, BinaryPrimitives.ReadUInt64LittleEndian(data[i..]));
        for (; i < data.Length; i++) crc = BitOperations.Crc32C(crc, data[i]);
        return ~crc;
    }

    // The host name goes into the file name: keep it to characters every file system takes.
    private static string SafeHost()
    {
        string host;
        try { host = Environment.MachineName; } catch (InvalidOperationException) { host = "localhost"; }
        var chars = host.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_').ToArray();
        return chars.Length == 0 ? "localhost" : new string(chars);
    }
}
