using System.IO.Compression;

namespace KerasSharp.Datasets;

/// <summary>
/// NumPy's <c>.npz</c> archives (a zip of <c>.npy</c> files, as <c>np.savez</c> and <c>np.savez_compressed</c> write
/// them). Read as hostile: at most 4096 entries, each entry's claimed size checked against the archive's before reading.
/// </summary>
public static class Npz
{
    private const int MaxEntries = 4096;

    /// <summary>The arrays in the archive, by name (the entry name without <c>.npy</c>), in the archive's order.</summary>
    /// <exception cref="DatasetFormatException">The file is not a zip, or an entry is not a readable .npy array; the message names the file and entry.</exception>
    public static Dictionary<string, Tensor> Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var result = new Dictionary<string, Tensor>();
        try
        {
            foreach (var (name, array) in Read(path)) result[name] = array.ToTensor();
            return result;
        }
        catch
        {
            foreach (var t in result.Values) t.Dispose();
            throw;
        }
    }

    /// <summary>Writes the arrays to <paramref name="path"/> as an .npz archive (deflated when <paramref name="compressed"/>), atomically.</summary>
    public static void Save(string path, IReadOnlyDictionary<string, Tensor> arrays, bool compressed = false)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(arrays);
        foreach (var name in arrays.Keys)
            if (string.IsNullOrEmpty(name) || name.Contains('/') || name.Contains('\\'))
                throw new ArgumentException($"Npz.Save: '{name}' is not a usable array name (empty or with a path separator).");
        AtomicWrite.Write(path, stream =>
        {
            using var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
            foreach (var (name, tensor) in arrays)
            {
                var entry = zip.CreateEntry(name + ".npy", compressed ? CompressionLevel.Optimal : CompressionLevel.NoCompression);
                using var s = entry.Open();
                Npy.Save(s, tensor);
            }
        });
    }

    /// <summary>The raw arrays of an archive (host memory), for loaders that convert before making tensors.</summary>
    internal static List<(string Name, Npy.HostArray Array)> Read(string path, Func<string, bool>? wanted = null)
    {
        var result = new List<(string, Npy.HostArray)>();
        ForEachEntry(path, wanted, (name, stream, display, length) => result.Add((name, Npy.Read(stream, display, length))));
        return result;
    }

    /// <summary>
    /// Calls <paramref name="read"/> for each wanted entry with its stream, its name for errors and its claimed length,
    /// after checking the archive's entry count and the entry's claimed size.
    /// </summary>
    internal static void ForEachEntry(string path, Func<string, bool>? wanted, Action<string, Stream, string, long> read)
    {
        using var file = File.OpenRead(path);
        ZipArchive zip;
        try { zip = new ZipArchive(file, ZipArchiveMode.Read); }
        catch (InvalidDataException e) { throw new DatasetFormatException(path, $"not a readable .npz (zip) archive: {e.Message}", e); }
        using (zip)
        {
            System.Collections.ObjectModel.ReadOnlyCollection<ZipArchiveEntry> entries;
            try { entries = zip.Entries; }
            catch (InvalidDataException e) { throw new DatasetFormatException(path, $"the zip directory is damaged: {e.Message}", e); }
            if (entries.Count > MaxEntries) throw new DatasetFormatException(path, $"the archive has {entries.Count} entries (more than {MaxEntries}).");
            foreach (var entry in entries)
            {
                var name = entry.FullName.EndsWith(".npy", StringComparison.Ordinal) ? entry.FullName[..^4] : entry.FullName;
                if (wanted is not null && !wanted(name)) continue;
                // A deflated entry can claim any size; the reader checks the data against this claim, and the claim
                // against a compression ratio no real array exceeds by much (zip bombs).
                if (entry.Length > Math.Max(1L << 20, entry.CompressedLength * 1100L) || entry.Length > int.MaxValue)
                    throw new DatasetFormatException(path, $"entry '{entry.FullName}' claims {entry.Length} bytes from {entry.CompressedLength} compressed (not a plausible array).");
                var display = $"{path}, entry '{entry.FullName}'";
                try
                {
                    using var s = entry.Open();
                    read(name, s, display, entry.Length);
                }
                catch (DatasetFormatException e) when (e.FilePath == display)
                {
                    throw new DatasetFormatException(path, $"entry '{entry.FullName}': {e.Message[(display.Length + 2)..]}", e);
                }
                catch (Exception e) when (e is InvalidDataException or EndOfStreamException or IOException and not DatasetFormatException)
                {
                    throw new DatasetFormatException(path, $"entry '{entry.FullName}' cannot be read: {e.Message}", e);
                }
            }
        }
    }
}
