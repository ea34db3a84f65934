using System.Buffers.Binary;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace KerasSharp.Saving;

/// <summary>A validated entry: where its data lies in the archive and how it is encoded.</summary>
internal sealed record ZipEntry(ZipEntryInfo Info, int Method, uint Crc, long LocalHeaderOffset, long DataStart);

/// <summary>
/// Reads a zip archive's central directory (zip64 included) and checks it against the archive before anything is
/// trusted: entry count, names (no "..", absolute paths, backslashes, drive letters or NUL; no duplicates), sizes
/// (stored: equal and inside the archive; deflated: within a ratio of the compressed size), local headers that
/// agree with the directory, and entries that neither overlap each other nor the directory.
/// </summary>
internal static class ZipDirectory
{
    private const uint EndSignature = 0x06054b50, Zip64EndSignature = 0x06064b50, Zip64LocatorSignature = 0x07064b50;
    private const uint CentralSignature = 0x02014b50, LocalSignature = 0x04034b50;
    private const int EndSize = 22, CentralSize = 46, LocalSize = 30;

    /// <summary>The archive's entries in directory order; errors are <see cref="ModelFileException"/> naming <paramref name="path"/>.</summary>
    public static List<ZipEntry> Read(SafeFileHandle handle, string path, ZipLimits limits)
    {
        long length = RandomAccess.GetLength(handle);
        var (count, cdOffset, cdSize, cdLimit) = ReadEnd(handle, length, path);
        if (count > limits.MaxEntries) throw new ModelFileException(path, null, $"the archive lists {count} entries, over the limit of {limits.MaxEntries}.");
        if (cdSize > limits.MaxCentralDirectoryBytes) throw new ModelFileException(path, null, $"the central directory has {cdSize} bytes, over the limit of {limits.MaxCentralDirectoryBytes}.");
        if (cdOffset < 0 || cdSize < 0 || cdOffset > cdLimit || cdSize > cdLimit - cdOffset)
            throw new ModelFileException(path, null, "the central directory lies outside the archive (truncated or corrupt).");

        var cd = new byte[cdSize];
        ReadExactly(handle, cd, cdOffset, path, null);
        var entries = new List<ZipEntry>((int)count);
        var names = new HashSet<string>(StringComparer.Ordinal);
        int p = 0;
        for (long i = 0; i < count; i++)
        {
            var entry = ParseCentral(cd, ref p, path, cdOffset, limits);
            if (!names.Add(entry.Info.Name)) throw new ModelFileException(path, entry.Info.Name, "the name appears twice in the archive.");
            entries.Add(ResolveLocal(handle, entry, path, cdOffset));
        }
        if (p != cd.Length) throw new ModelFileException(path, null, "the central directory has bytes after its last entry.");
        CheckNoOverlap(entries, path);
        return entries;
    }

    private static (long Count, long CdOffset, long CdSize, long CdLimit) ReadEnd(SafeFileHandle handle, long length, string path)
    {
        if (length < EndSize) throw new ModelFileException(path, null, $"the file has {length} bytes, too short for a zip archive.");
        int tailLength = (int)Math.Min(length, EndSize + ushort.MaxValue);
        var tail = new byte[tailLength];
        ReadExactly(handle, tail, length - tailLength, path, null);
        // The record is 22 bytes plus a comment that must end exactly at the end of the file.
        int at = -1;
        for (int i = tailLength - EndSize; i >= 0; i--)
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(i)) == EndSignature
                && i + EndSize + BinaryPrimitives.ReadUInt16LittleEndian(tail.AsSpan(i + 20)) == tailLength)
            {
                at = i;
                break;
            }
        }
        if (at < 0) throw new ModelFileException(path, null, "not a zip archive, or a truncated one (no end-of-central-directory record).");
        var end = tail.AsSpan(at);
        long endOffset = length - tailLength + at;
        int disk = BinaryPrimitives.ReadUInt16LittleEndian(end[4..]), cdDisk = BinaryPrimitives.ReadUInt16LittleEndian(end[6..]);
        long onDisk = BinaryPrimitives.ReadUInt16LittleEndian(end[8..]), count = BinaryPrimitives.ReadUInt16LittleEndian(end[10..]);
        long cdSize = BinaryPrimitives.ReadUInt32LittleEndian(end[12..]), cdOffset = BinaryPrimitives.ReadUInt32LittleEndian(end[16..]);
        long cdLimit = endOffset;
        if (count == 0xFFFF || cdSize == 0xFFFFFFFF || cdOffset == 0xFFFFFFFF)
        {
            // Zip64: a locator just before the record points at the zip64 end record.
            if (endOffset < 20) throw new ModelFileException(path, null, "the zip64 locator is missing.");
            Span<byte> locator = stackalloc byte[20];
            ReadExactly(handle, locator, endOffset - 20, path, null);
            if (BinaryPrimitives.ReadUInt32LittleEndian(locator) != Zip64LocatorSignature)
                throw new ModelFileException(path, null, "the zip64 locator is missing.");
            long recordOffset = BinaryPrimitives.ReadInt64LittleEndian(locator[8..]);
            if (recordOffset < 0 || recordOffset > endOffset - 20 - 56) throw new ModelFileException(path, null, "the zip64 end record lies outside the archive.");
            Span<byte> record = stackalloc byte[56];
            ReadExactly(handle, record, recordOffset, path, null);
            if (BinaryPrimitives.ReadUInt32LittleEndian(record) != Zip64EndSignature)
                throw new ModelFileException(path, null, "the zip64 end record has a wrong signature.");
            disk = (int)BinaryPrimitives.ReadUInt32LittleEndian(record[16..]);
            cdDisk = (int)BinaryPrimitives.ReadUInt32LittleEndian(record[20..]);
            onDisk = BinaryPrimitives.ReadInt64LittleEndian(record[24..]);
            count = BinaryPrimitives.ReadInt64LittleEndian(record[32..]);
            cdSize = BinaryPrimitives.ReadInt64LittleEndian(record[40..]);
            cdOffset = BinaryPrimitives.ReadInt64LittleEndian(record[48..]);
            cdLimit = recordOffset;
        }
        if (disk != 0 || cdDisk != 0 || onDisk != count) throw new ModelFileException(path, null, "multi-part (spanned) archives are not supported.");
        if (count < 0) throw new ModelFileException(path, null, "the entry count is negative.");
        return (count, cdOffset, cdSize, cdLimit);
    }

    private static ZipEntry ParseCentral(byte[] cd, ref int p, string path, long cdOffset, ZipLimits limits)
    {
        if (cd.Length - p < CentralSize || BinaryPrimitives.ReadUInt32LittleEndian(cd.AsSpan(p)) != CentralSignature)
            throw new ModelFileException(path, null, "a central directory entry is missing or cut off.");
        var h = cd.AsSpan(p, CentralSize);
        int flags = BinaryPrimitives.ReadUInt16LittleEndian(h[8..]);
        int method = BinaryPrimitives.ReadUInt16LittleEndian(h[10..]);
        uint crc = BinaryPrimitives.ReadUInt32LittleEndian(h[16..]);
        long compressed = BinaryPrimitives.ReadUInt32LittleEndian(h[20..]);
        long size = BinaryPrimitives.ReadUInt32LittleEndian(h[24..]);
        int nameLength = BinaryPrimitives.ReadUInt16LittleEndian(h[28..]);
        int extraLength = BinaryPrimitives.ReadUInt16LittleEndian(h[30..]);
        int commentLength = BinaryPrimitives.ReadUInt16LittleEndian(h[32..]);
        int startDisk = BinaryPrimitives.ReadUInt16LittleEndian(h[34..]);
        long local = BinaryPrimitives.ReadUInt32LittleEndian(h[42..]);
        int variable = nameLength + extraLength + commentLength;
        if (cd.Length - p - CentralSize < variable) throw new ModelFileException(path, null, "a central directory entry is cut off.");
        var nameBytes = cd.AsSpan(p + CentralSize, nameLength);
        var extra = cd.AsSpan(p + CentralSize + nameLength, extraLength);
        p += CentralSize + variable;

        var name = DecodeName(nameBytes, path);
        ApplyZip64(extra, ref size, ref compressed, ref local, ref startDisk, path, name);
        if (startDisk != 0) throw new ModelFileException(path, name, "multi-part (spanned) archives are not supported.");
        if ((flags & 0x0001) != 0) throw new ModelFileException(path, name, "the entry is encrypted.");
        if (method is not (0 or 8)) throw new ModelFileException(path, name, $"unsupported compression method {method} (only stored and deflated).");
        if (size < 0 || compressed < 0 || local < 0 || local > cdOffset - LocalSize)
            throw new ModelFileException(path, name, "the entry's sizes or offset lie outside the archive.");
        if (compressed > cdOffset - local) throw new ModelFileException(path, name, $"the entry claims {compressed} bytes, more than the archive holds before its directory.");
        if (method == 0 && size != compressed)
            throw new ModelFileException(path, name, $"the stored entry declares {size} bytes but occupies {compressed}.");
        if (method == 8 && size / limits.MaxDeflateRatio > compressed + 4096)
            throw new ModelFileException(path, name, $"the entry declares {size} bytes from {compressed} compressed (over the {limits.MaxDeflateRatio}:1 ratio cap: a zip bomb?).");
        var info = new ZipEntryInfo(name, size, compressed, method == 0);
        return new ZipEntry(info, method, crc, local, DataStart: -1);
    }

    private static void ApplyZip64(ReadOnlySpan<byte> extra, ref long size, ref long compressed, ref long local, ref int disk, string path, string name)
    {
        bool needSize = size == 0xFFFFFFFF, needCompressed = compressed == 0xFFFFFFFF, needLocal = local == 0xFFFFFFFF, needDisk = disk == 0xFFFF;
        if (!(needSize || needCompressed || needLocal || needDisk)) return;
        while (extra.Length >= 4)
        {
            int id = BinaryPrimitives.ReadUInt16LittleEndian(extra), dataLength = BinaryPrimitives.ReadUInt16LittleEndian(extra[2..]);
            if (dataLength > extra.Length - 4) break;
            var data = extra.Slice(4, dataLength);
            if (id == 0x0001)
            {
                // Only the fields whose 32-bit values overflowed are present, in this order.
                int q = 0;
                if (needSize) size = Read64(data, ref q, path, name);
                if (needCompressed) compressed = Read64(data, ref q, path, name);
                if (needLocal) local = Read64(data, ref q, path, name);
                if (needDisk)
                {
                    if (data.Length - q < 4) throw new ModelFileException(path, name, "the zip64 extra field is too short.");
                    disk = (int)BinaryPrimitives.ReadUInt32LittleEndian(data[q..]);
                }
                return;
            }
            extra = extra[(4 + dataLength)..];
        }
        throw new ModelFileException(path, name, "the entry needs a zip64 extra field and has none.");
    }

    private static long Read64(ReadOnlySpan<byte> data, ref int q, string path, string name)
    {
        if (data.Length - q < 8) throw new ModelFileException(path, name, "the zip64 extra field is too short.");
        long v = BinaryPrimitives.ReadInt64LittleEndian(data[q..]);
        q += 8;
        return v;
    }

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private static string DecodeName(ReadOnlySpan<byte> bytes, string path)
    {
        string name;
        // Names are ASCII or UTF-8 in practice (Python's zipfile flags the latter); anything else is refused.
        try { name = StrictUtf8.GetString(bytes); }
        catch (DecoderFallbackException e) { throw new ModelFileException(path, null, "an entry name is not valid UTF-8.", e); }
        if (name.Length == 0) throw new ModelFileException(path, null, "an entry has an empty name.");
        if (name.Contains('\0')) throw new ModelFileException(path, name.Replace("\0", "\\0"), "the entry name contains a NUL.");
        if (name.Contains('\\')) throw new ModelFileException(path, name, "the entry name contains a backslash.");
        if (name.StartsWith('/') || (name.Length >= 2 && name[1] == ':')) throw new ModelFileException(path, name, "the entry name is an absolute path.");
        foreach (var segment in name.Split('/'))
            if (segment == "..") throw new ModelFileException(path, name, "the entry name climbs out of the archive ('..').");
        return name;
    }

    private static ZipEntry ResolveLocal(SafeFileHandle handle, ZipEntry entry, string path, long cdOffset)
    {
        var name = entry.Info.Name;
        Span<byte> h = stackalloc byte[LocalSize];
        ReadExactly(handle, h, entry.LocalHeaderOffset, path, name);
        if (BinaryPrimitives.ReadUInt32LittleEndian(h) != LocalSignature) throw new ModelFileException(path, name, "no local header where the directory says the entry starts.");
        int method = BinaryPrimitives.ReadUInt16LittleEndian(h[8..]);
        int nameLength = BinaryPrimitives.ReadUInt16LittleEndian(h[26..]);
        int extraLength = BinaryPrimitives.ReadUInt16LittleEndian(h[28..]);
        if (method != entry.Method) throw new ModelFileException(path, name, "the local header and the directory disagree on the compression method.");
        var localName = new byte[nameLength];
        ReadExactly(handle, localName, entry.LocalHeaderOffset + LocalSize, path, name);
        if (!localName.AsSpan().SequenceEqual(Encoding.UTF8.GetBytes(name)))
            throw new ModelFileException(path, name, "the local header names a different entry.");
        long dataStart = entry.LocalHeaderOffset + LocalSize + nameLength + extraLength;
        if (dataStart > cdOffset || entry.Info.CompressedSize > cdOffset - dataStart)
            throw new ModelFileException(path, name, "the entry's data runs into the central directory (truncated or corrupt).");
        return entry with { DataStart = dataStart };
    }

    // Overlapping entries let a small archive expand many times over (a known zip-bomb construction).
    private static void CheckNoOverlap(List<ZipEntry> entries, string path)
    {
        long end = 0;
        foreach (var e in entries.OrderBy(e => e.LocalHeaderOffset))
        {
            if (e.LocalHeaderOffset < end) throw new ModelFileException(path, e.Info.Name, "the entry overlaps another entry.");
            end = e.DataStart + e.Info.CompressedSize;
        }
    }

    /// <summary>Fills <paramref name="buffer"/> from <paramref name="offset"/> or throws naming the archive.</summary>
    public static void ReadExactly(SafeFileHandle handle, Span<byte> buffer, long offset, string path, string? entry)
    {
        int total = 0;
        while (total < buffer.Length)
        {
            int n = RandomAccess.Read(handle, buffer[total..], offset + total);
            if (n == 0) throw new ModelFileException(path, entry, $"the archive ended early: {buffer.Length} bytes needed at offset {offset}.");
            total += n;
        }
    }
}
