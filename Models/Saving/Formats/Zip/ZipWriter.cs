using System.Buffers.Binary;
using System.Text;

namespace KerasSharp.Saving;

/// <summary>
/// Writes a zip archive of stored (uncompressed) entries into a file stream, in the order they are added. An entry
/// can be written in place by a callback that needs to seek (PureHDF); its local header then carries a zip64 extra
/// field with the sizes (as Python's zipfile does with force_zip64), since they are unknown when it is written.
/// </summary>
internal sealed class ZipWriter(FileStream file)
{
    private const uint LocalSignature = 0x04034b50, CentralSignature = 0x02014b50, EndSignature = 0x06054b50;
    private const uint Zip64EndSignature = 0x06064b50, Zip64LocatorSignature = 0x07064b50;

    private readonly List<(byte[] Name, uint Crc, long Size, long Offset, ushort Time, ushort Date)> _entries = [];
    private readonly (ushort Time, ushort Date) _stamp = DosTime(DateTime.Now);

    /// <summary>Adds a stored entry holding <paramref name="data"/>.</summary>
    public void Add(string name, ReadOnlySpan<byte> data)
    {
        var nameBytes = Encoding.UTF8.GetBytes(name);
        long offset = file.Position;
        uint crc = Crc32.Compute(data);
        WriteLocalHeader(nameBytes, crc, data.Length, zip64: false);
        file.Write(data);
        _entries.Add((nameBytes, crc, data.Length, offset, _stamp.Time, _stamp.Date));
    }

    /// <summary>Adds a stored entry whose data <paramref name="write"/> writes into a seekable view starting at the data.</summary>
    public void Add(string name, Action<Stream> write)
    {
        var nameBytes = Encoding.UTF8.GetBytes(name);
        long offset = file.Position;
        WriteLocalHeader(nameBytes, crc: 0, size: 0, zip64: true);
        long dataStart = file.Position;
        write(new FileSliceStream(file, dataStart));
        long size = file.Length - dataStart;
        file.Flush();
        uint crc = CrcOfRange(dataStart, size);
        // Now the CRC and sizes are known: fill them into the local header.
        file.Position = offset;
        WriteLocalHeader(nameBytes, crc, size, zip64: true);
        file.Position = dataStart + size;
        _entries.Add((nameBytes, crc, size, offset, _stamp.Time, _stamp.Date));
    }

    /// <summary>Writes the central directory and end records; the archive is complete after this.</summary>
    public void Finish()
    {
        long cdStart = file.Position;
        foreach (var e in _entries) WriteCentral(e.Name, e.Crc, e.Size, e.Offset, e.Time, e.Date);
        long cdSize = file.Position - cdStart;
        bool zip64 = cdStart >= uint.MaxValue || cdSize >= uint.MaxValue || _entries.Count >= ushort.MaxValue;
        if (zip64)
        {
            long recordStart = file.Position;
            Span<byte> r = stackalloc byte[56];
            BinaryPrimitives.WriteUInt32LittleEndian(r, Zip64EndSignature);
            BinaryPrimitives.WriteInt64LittleEndian(r[4..], 44);   // size of the rest of the record
            BinaryPrimitives.WriteUInt16LittleEndian(r[12..], 45);
            BinaryPrimitives.WriteUInt16LittleEndian(r[14..], 45);
            BinaryPrimitives.WriteUInt32LittleEndian(r[16..], 0);
            BinaryPrimitives.WriteUInt32LittleEndian(r[20..], 0);
            BinaryPrimitives.WriteInt64LittleEndian(r[24..], _entries.Count);
            BinaryPrimitives.WriteInt64LittleEndian(r[32..], _entries.Count);
            BinaryPrimitives.WriteInt64LittleEndian(r[40..], cdSize);
            BinaryPrimitives.WriteInt64LittleEndian(r[48..], cdStart);
            file.Write(r);
            Span<byte> l = stackalloc byte[20];
            BinaryPrimitives.WriteUInt32LittleEndian(l, Zip64LocatorSignature);
            BinaryPrimitives.WriteUInt32LittleEndian(l[4..], 0);
            BinaryPrimitives.WriteInt64LittleEndian(l[8..], recordStart);
            BinaryPrimitives.WriteUInt32LittleEndian(l[16..], 1);
            file.Write(l);
        }
        Span<byte> end = stackalloc byte[22];
        BinaryPrimitives.WriteUInt32LittleEndian(end, EndSignature);
        ushort count = (ushort)Math.Min(_entries.Count, ushort.MaxValue);
        BinaryPrimitives.WriteUInt16LittleEndian(end[8..], count);
        BinaryPrimitives.WriteUInt16LittleEndian(end[10..], count);
        BinaryPrimitives.WriteUInt32LittleEndian(end[12..], (uint)Math.Min(cdSize, uint.MaxValue));
        BinaryPrimitives.WriteUInt32LittleEndian(end[16..], (uint)Math.Min(cdStart, uint.MaxValue));
        file.Write(end);
    }

    private void WriteLocalHeader(byte[] name, uint crc, long size, bool zip64)
    {
        Span<byte> h = stackalloc byte[30 + 20];
        h.Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(h, LocalSignature);
        BinaryPrimitives.WriteUInt16LittleEndian(h[4..], (ushort)(zip64 ? 45 : 20));
        BinaryPrimitives.WriteUInt16LittleEndian(h[6..], Flags(name));
        BinaryPrimitives.WriteUInt16LittleEndian(h[10..], _stamp.Time);
        BinaryPrimitives.WriteUInt16LittleEndian(h[12..], _stamp.Date);
        BinaryPrimitives.WriteUInt32LittleEndian(h[14..], crc);
        uint size32 = zip64 ? uint.MaxValue : checked((uint)size);
        BinaryPrimitives.WriteUInt32LittleEndian(h[18..], size32);
        BinaryPrimitives.WriteUInt32LittleEndian(h[22..], size32);
        BinaryPrimitives.WriteUInt16LittleEndian(h[26..], (ushort)name.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(h[28..], (ushort)(zip64 ? 20 : 0));
        file.Write(h[..30]);
        file.Write(name);
        if (zip64)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(h[30..], 0x0001);
            BinaryPrimitives.WriteUInt16LittleEndian(h[32..], 16);
            BinaryPrimitives.WriteInt64LittleEndian(h[34..], size);   // uncompressed
            BinaryPrimitives.WriteInt64LittleEndian(h[42..], size);   // compressed (stored: the same)
            file.Write(h[30..]);
        }
    }

    private void WriteCentral(byte[] name, uint crc, long size, long offset, ushort time, ushort date)
    {
        bool bigSize = size >= uint.MaxValue, bigOffset = offset >= uint.MaxValue;
        int extraLength = (bigSize ? 16 : 0) + (bigOffset ? 8 : 0);
        Span<byte> h = stackalloc byte[46 + 4 + 24];
        h.Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(h, CentralSignature);
        BinaryPrimitives.WriteUInt16LittleEndian(h[4..], (ushort)(3 << 8 | 45));   // made by Unix, spec 4.5
        BinaryPrimitives.WriteUInt16LittleEndian(h[6..], (ushort)(extraLength > 0 ? 45 : 20));
        BinaryPrimitives.WriteUInt16LittleEndian(h[8..], Flags(name));
        BinaryPrimitives.WriteUInt16LittleEndian(h[12..], time);
        BinaryPrimitives.WriteUInt16LittleEndian(h[14..], date);
        BinaryPrimitives.WriteUInt32LittleEndian(h[16..], crc);
        BinaryPrimitives.WriteUInt32LittleEndian(h[20..], bigSize ? uint.MaxValue : (uint)size);
        BinaryPrimitives.WriteUInt32LittleEndian(h[24..], bigSize ? uint.MaxValue : (uint)size);
        BinaryPrimitives.WriteUInt16LittleEndian(h[28..], (ushort)name.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(h[30..], (ushort)(extraLength > 0 ? extraLength + 4 : 0));
        BinaryPrimitives.WriteUInt32LittleEndian(h[38..], 0x81A4u << 16);   // a regular file, rw-r--r--
        BinaryPrimitives.WriteUInt32LittleEndian(h[42..], bigOffset ? uint.MaxValue : (uint)offset);
        file.Write(h[..46]);
        file.Write(name);
        if (extraLength > 0)
        {
            var x = h[46..];
            BinaryPrimitives.WriteUInt16LittleEndian(x, 0x0001);
            BinaryPrimitives.WriteUInt16LittleEndian(x[2..], (ushort)extraLength);
            int q = 4;
            if (bigSize)
            {
                BinaryPrimitives.WriteInt64LittleEndian(x[q..], size);
                BinaryPrimitives.WriteInt64LittleEndian(x[(q + 8)..], size);
                q += 16;
            }
            if (bigOffset) BinaryPrimitives.WriteInt64LittleEndian(x[q..], offset);
            file.Write(x[..(4 + extraLength)]);
        }
    }

    private uint CrcOfRange(long start, long length)
    {
        var buffer = new byte[1 << 20];
        uint crc = 0;
        for (long done = 0; done < length;)
        {
            int n = RandomAccess.Read(file.SafeFileHandle, buffer.AsSpan(0, (int)Math.Min(buffer.Length, length - done)), start + done);
            if (n == 0) throw new IOException("The archive being written is shorter than what was written to it.");
            crc = Crc32.Append(crc, buffer.AsSpan(0, n));
            done += n;
        }
        return crc;
    }

    // Bit 11: the name is UTF-8 (set only when it is not plain ASCII, as Python's zipfile does).
    private static ushort Flags(byte[] name) => (ushort)(name.Any(b => b >= 0x80) ? 0x0800 : 0);

    private static (ushort Time, ushort Date) DosTime(DateTime t)
    {
        if (t.Year < 1980) t = new DateTime(1980, 1, 1);
        return ((ushort)(t.Hour << 11 | t.Minute << 5 | t.Second / 2), (ushort)((t.Year - 1980) << 9 | t.Month << 5 | t.Day));
    }
}
