using System.Text;

namespace KerasSharp.Datasets;

/// <summary>
/// Reads a tar archive (ustar, GNU long names, pax path records) front to back, as a hostile file: header checksums
/// are verified, sizes are parsed strictly (octal or GNU base-256) and bounded, long names and pax records are capped
/// at 64 KiB, and an entry's data is handed out as a bounded stream, never read into memory by the reader.
/// Errors are <see cref="DatasetFormatException"/>s naming the archive.
/// </summary>
internal sealed class TarReader
{
    private const int Block = 512;
    private const int MaxMetadata = 64 * 1024;
    private readonly Stream _stream;
    private readonly string _path;
    private long _position;

    public TarReader(Stream stream, string path)
    {
        _stream = stream;
        _path = path;
    }

    /// <summary>One entry: its name (with any prefix or long name applied), its type flag and its data size.</summary>
    public sealed record Entry(string Name, char Type, long Size)
    {
        /// <summary>A regular file ('0' or NUL).</summary>
        public bool IsFile => Type is '0' or '\0' or '7';

        /// <summary>A directory.</summary>
        public bool IsDirectory => Type == '5';

        /// <summary>A symbolic or hard link.</summary>
        public bool IsLink => Type is '1' or '2';
    }

    /// <summary>
    /// Walks the entries; <paramref name="visit"/> gets each with a stream of exactly its data (it may read all, part
    /// or none of it). Stops at the end-of-archive blocks or the end of the stream.
    /// </summary>
    public void ForEach(Action<Entry, Stream> visit)
    {
        string? longName = null;
        var header = new byte[Block];
        while (true)
        {
            long at = _position;
            int got = ReadBlock(header);
            if (got == 0) return;                               // the stream ended without end blocks: tolerated, like tar
            if (got < Block) throw Bad($"the archive ends inside the header at byte {at} (truncated).");
            if (header.All(b => b == 0)) return;                // end-of-archive marker
            VerifyChecksum(header, at);
            char type = (char)header[156];
            long size = ParseNumber(header.AsSpan(124, 12), "size", at);
            string name = longName ?? HeaderName(header);
            longName = null;
            switch (type)
            {
                case 'L':                                       // GNU long name: the next entry's name
                    longName = ReadMetadata(size, at).TrimEnd('\0');
                    continue;
                case 'x':                                       // pax extended header for the next entry
                    longName = PaxPath(ReadMetadata(size, at));
                    continue;
                case 'g' or 'K':                                // global pax header, GNU long link name: skipped
                    Skip(Padded(size));
                    continue;
            }
            long dataStart = _position;
            using (var data = new BoundedStream(_stream, size))
            {
                visit(new Entry(name, type, type is '5' or '1' or '2' ? 0 : size), data);
                _position += data.Consumed;
            }
            long remaining = Padded(type is '1' or '2' or '5' ? 0 : size) - (_position - dataStart);
            Skip(remaining);
        }
    }

    private static long Padded(long size) => (size + Block - 1) / Block * Block;

    private int ReadBlock(byte[] buffer)
    {
        int total = 0;
        while (total < Block)
        {
            int n = _stream.Read(buffer, total, Block - total);
            if (n == 0) break;
            total += n;
        }
        _position += total;
        return total;
    }

    private void Skip(long count)
    {
        var buffer = new byte[8192];
        while (count > 0)
        {
            int n = _stream.Read(buffer, 0, (int)Math.Min(buffer.Length, count));
            if (n == 0) throw Bad($"the archive ends inside an entry's data at byte {_position} (truncated).");
            count -= n;
            _position += n;
        }
    }

    private string ReadMetadata(long size, long at)
    {
        if (size > MaxMetadata) throw Bad($"the header at byte {at} has a {size}-byte long name or pax record (more than {MaxMetadata}).");
        var bytes = new byte[size];
        int total = 0;
        while (total < size)
        {
            int n = _stream.Read(bytes, total, (int)size - total);
            if (n == 0) throw Bad($"the archive ends inside the long name at byte {at} (truncated).");
            total += n;
        }
        _position += size;
        Skip(Padded(size) - size);
        return Encoding.UTF8.GetString(bytes);
    }

    private string? PaxPath(string records)
    {
        // Records are "<length> <key>=<value>\n"; only path matters here.
        foreach (var line in records.Split('\n'))
        {
            int space = line.IndexOf(' ');
            if (space < 0) continue;
            var kv = line[(space + 1)..];
            if (kv.StartsWith("path=", StringComparison.Ordinal)) return kv[5..];
        }
        return null;
    }

    private static string HeaderName(byte[] h)
    {
        string name = Text(h.AsSpan(0, 100));
        bool ustar = h[257] == 'u' && h[258] == 's' && h[259] == 't' && h[260] == 'a' && h[261] == 'r';
        string prefix = ustar ? Text(h.AsSpan(345, 155)) : "";
        return prefix.Length > 0 ? prefix + "/" + name : name;
    }

    private static string Text(ReadOnlySpan<byte> field)
    {
        int end = field.IndexOf((byte)0);
        return Encoding.UTF8.GetString(end < 0 ? field : field[..end]);
    }

    private void VerifyChecksum(byte[] h, long at)
    {
        long expected = ParseNumber(h.AsSpan(148, 8), "checksum", at);
        long sum = 0;
        for (int i = 0; i < Block; i++) sum += i is >= 148 and < 156 ? (byte)' ' : h[i];
        if (sum != expected) throw Bad($"the header at byte {at} has checksum {expected} but its bytes sum to {sum} (a damaged archive, or not a tar file).");
    }

    private long ParseNumber(ReadOnlySpan<byte> field, string what, long at)
    {
        if ((field[0] & 0x80) != 0)
        {
            // GNU base-256: big-endian two's complement in the remaining bytes; negative or huge values are refused.
            if ((field[0] & 0x40) != 0) throw Bad($"the header at byte {at} has a negative {what}.");
            long v = field[0] & 0x3F;
            for (int i = 1; i < field.Length; i++)
            {
                if (v > (long.MaxValue >> 8)) throw Bad($"the header at byte {at} has a {what} too large to read.");
                v = (v << 8) | field[i];
            }
            return v;
        }
        long value = 0;
        bool digits = false;
        foreach (byte b in field)
        {
            if (b is 0 or (byte)' ') { if (digits) break; continue; }
            if (b < '0' || b > '7') throw Bad($"the header at byte {at} has a {what} field that is not an octal number.");
            if (value > (long.MaxValue >> 3)) throw Bad($"the header at byte {at} has a {what} too large to read.");
            value = value * 8 + (b - '0');
            digits = true;
        }
        return value;
    }

    private DatasetFormatException Bad(string problem) => new(_path, problem);

    /// <summary>A read-only window of the next <c>length</c> bytes of a stream; reading past it gives end-of-stream.</summary>
    private sealed class BoundedStream(Stream inner, long length) : Stream
    {
        public long Consumed { get; private set; }
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => length;
        public override long Position { get => Consumed; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));
        public override int Read(Span<byte> buffer)
        {
            long left = length - Consumed;
            if (left <= 0) return 0;
            int n = inner.Read(buffer[..(int)Math.Min(buffer.Length, left)]);
            Consumed += n;
            return n;
        }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
