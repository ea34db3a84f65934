using System.IO.Compression;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace KerasSharp.Saving;

/// <summary>
/// Reads a <c>.keras</c> archive (a zip holding metadata.json, config.json and model.weights.h5). The central
/// directory is validated on open (see <see cref="ZipDirectory"/>); text entries are read with a size cap and a CRC
/// check; the weights entry opens as a seekable stream over the archive file itself when it is stored (no copy), or
/// as a bounded, CRC-checked copy when it is deflated.
/// </summary>
/// <example><code>
/// using var archive = KerasArchive.Open("model.keras");
/// var config = archive.ReadText(KerasArchive.ConfigEntry);
/// using var weights = archive.OpenWeights();
/// </code></example>
public sealed class KerasArchiveReader : IDisposable
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly SharedFileHandle _file;
    private bool _disposed;
    private readonly ZipLimits _limits;
    private readonly Dictionary<string, ZipEntry> _byName;

    private KerasArchiveReader(SafeFileHandle handle, string path, List<ZipEntry> entries, ZipLimits limits)
    {
        _file = new SharedFileHandle(handle);
        _limits = limits;
        FilePath = path;
        _byName = entries.ToDictionary(e => e.Info.Name, StringComparer.Ordinal);
        Entries = entries.Select(e => e.Info).ToArray();
    }

    /// <summary>The archive's path.</summary>
    public string FilePath { get; }

    /// <summary>The archive's entries in its directory order.</summary>
    public IReadOnlyList<ZipEntryInfo> Entries { get; }

    /// <summary>Opens and validates the archive at <paramref name="path"/>.</summary>
    public static KerasArchiveReader Open(string path) => Open(path, ZipLimits.Default);

    internal static KerasArchiveReader Open(string path, ZipLimits limits)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        SafeFileHandle handle;
        try { handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read); }
        catch (FileNotFoundException e) { throw new ModelFileException(path, null, "the file does not exist.", e); }
        catch (DirectoryNotFoundException e) { throw new ModelFileException(path, null, "the file's folder does not exist.", e); }
        try { return new KerasArchiveReader(handle, path, ZipDirectory.Read(handle, path, limits), limits); }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>True when the archive has an entry called <paramref name="name"/>.</summary>
    public bool Contains(string name) => _byName.ContainsKey(name);

    /// <summary>Reads entry <paramref name="name"/> as UTF-8 text (at most 64 MiB), checking its CRC.</summary>
    public string ReadText(string name)
    {
        var entry = Find(name);
        if (entry.Info.Size > _limits.MaxTextBytes)
            throw new ModelFileException(FilePath, name, $"the entry declares {entry.Info.Size} bytes, over the {_limits.MaxTextBytes}-byte limit for text.");
        var bytes = new byte[entry.Info.Size];
        using (var source = OpenRaw(entry))
        using (Stream data = entry.Method == 0 ? source : new DeflateStream(source, CompressionMode.Decompress))
            ReadCounted(data, entry, new MemoryStream(bytes, writable: true));
        CheckCrc(entry, Crc32.Compute(bytes));
        try { return StrictUtf8.GetString(bytes); }
        catch (DecoderFallbackException e) { throw new ModelFileException(FilePath, name, "the entry is not valid UTF-8 text.", e); }
    }

    /// <summary>
    /// Opens entry <paramref name="name"/> as a read-only seekable stream. A stored entry is a window over the archive
    /// file (no copy; its CRC is not checked, as that would mean reading it all); a deflated one is inflated into memory
    /// or a temporary file, counting the bytes against its declared size and checking its CRC. The stream shares this
    /// reader's file handle and keeps it open, so it stays usable after this reader is disposed.
    /// </summary>
    public Stream OpenSeekable(string name)
    {
        var entry = Find(name);
        if (entry.Method == 0) return OpenRaw(entry);
        if (entry.Info.Size > _limits.MaxInflatedBytes)
            throw new ModelFileException(FilePath, name, $"the entry declares {entry.Info.Size} bytes, over the {_limits.MaxInflatedBytes}-byte limit.");
        Stream copy = entry.Info.Size <= _limits.InMemoryInflateBytes
            ? new MemoryStream()
            : new FileStream(Path.Combine(Path.GetTempPath(), $".keras-sharp-{Guid.NewGuid():N}.tmp"), FileMode.CreateNew,
                FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose);
        try
        {
            using (var source = OpenRaw(entry))
            using (var inflate = new DeflateStream(source, CompressionMode.Decompress))
                CheckCrc(entry, ReadCounted(inflate, entry, copy));
            copy.Position = 0;
            return copy;
        }
        catch
        {
            copy.Dispose();
            throw;
        }
    }

    /// <summary>Opens the weights entry (<see cref="KerasArchive.WeightsEntry"/>) as an <see cref="H5Reader"/>; errors name the archive and the entry.</summary>
    public H5Reader OpenWeights()
    {
        var stream = OpenSeekable(KerasArchive.WeightsEntry);
        return H5Reader.Open(stream, FilePath, KerasArchive.WeightsEntry + ":", leaveOpen: false);
    }

    /// <summary>Closes the archive.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _file.Release();
    }

    private ZipEntry Find(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _byName.TryGetValue(name, out var entry) ? entry : throw new ModelFileException(FilePath, name, "the archive has no such entry.");
    }

    // The entry's bytes as they lie in the archive (the file validated on open, shared with the stream).
    private FileWindowStream OpenRaw(ZipEntry entry) => new(_file, entry.DataStart, entry.Info.CompressedSize);

    // Copies exactly the declared size: more output is a lying header (stopped at once), less is a truncated entry.
    private uint ReadCounted(Stream source, ZipEntry entry, Stream destination)
    {
        var name = entry.Info.Name;
        long expected = entry.Info.Size, total = 0;
        uint crc = 0;
        var buffer = new byte[Math.Min(1 << 20, Math.Max(1, expected + 1))];
        try
        {
            while (true)
            {
                int want = (int)Math.Min(buffer.Length, expected - total + 1);
                int n = source.Read(buffer, 0, want);
                if (n == 0) break;
                total += n;
                if (total > expected)
                    throw new ModelFileException(FilePath, name, $"the entry holds more than its declared {expected} bytes.");
                crc = Crc32.Append(crc, buffer.AsSpan(0, n));
                destination.Write(buffer, 0, n);
            }
        }
        catch (InvalidDataException e) { throw new ModelFileException(FilePath, name, $"the compressed data is corrupt: {e.Message}", e); }
        if (total != expected)
            throw new ModelFileException(FilePath, name, $"the entry ends after {total} of its declared {expected} bytes.");
        return crc;
    }

    private void CheckCrc(ZipEntry entry, uint actual)
    {
        if (actual != entry.Crc)
            throw new ModelFileException(FilePath, entry.Info.Name, $"CRC mismatch: the directory says {entry.Crc:x8}, the data gives {actual:x8}.");
    }
}
