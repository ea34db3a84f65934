using System.IO.Compression;

namespace KerasSharp.Datasets;

/// <summary>
/// Extracts .tar, .tar.gz/.tgz and .zip archives as hostile files: entry names may not be absolute or climb out with
/// "..", links and device entries are refused, the number of entries and the bytes written are capped, and the result
/// appears only when complete (extracted into a temporary folder, then renamed).
/// </summary>
internal static class ArchiveExtractor
{
    public const int MaxEntries = 200_000;

    public static bool IsArchive(string path) => Kind(path) is not null;

    private static string? Kind(string path)
    {
        var name = path.ToLowerInvariant();
        return name.EndsWith(".tar.gz") || name.EndsWith(".tgz") ? "tar.gz" : name.EndsWith(".tar") ? "tar" : name.EndsWith(".zip") ? "zip" : null;
    }

    /// <summary>The folder an archive extracts into: its path without the archive extension.</summary>
    public static string TargetFolder(string archive)
    {
        var name = archive;
        foreach (var ext in new[] { ".tar.gz", ".tgz", ".tar", ".zip" })
            if (name.EndsWith(ext, StringComparison.OrdinalIgnoreCase)) return name[..^ext.Length];
        return name + "_extracted";
    }

    public static string Extract(string archive, long maxBytes)
    {
        var kind = Kind(archive) ?? throw new ArgumentException($"GetFile: cannot extract {archive}: only .tar, .tar.gz, .tgz and .zip archives are extracted.");
        var target = TargetFolder(archive);
        if (Directory.Exists(target)) return target;
        var temp = $"{target}.{Guid.NewGuid():N}.partial";
        Directory.CreateDirectory(temp);
        try
        {
            if (kind == "zip") ExtractZip(archive, temp, maxBytes);
            else ExtractTar(archive, temp, maxBytes, gzip: kind == "tar.gz");
            try { Directory.Move(temp, target); }
            catch (IOException) when (Directory.Exists(target)) { /* another process finished first */ }
            return target;
        }
        finally
        {
            if (Directory.Exists(temp)) Directory.Delete(temp, recursive: true);
        }
    }

    /// <summary>The full path of an entry inside <paramref name="root"/>, or an error naming the archive and the entry.</summary>
    internal static string SafePath(string archive, string root, string entryName)
    {
        var name = entryName.Replace('\\', '/');
        if (name.Length == 0 || name.Contains('\0'))
            throw new DatasetFormatException(archive, $"an entry has an empty or invalid name ('{entryName}').");
        if (name.StartsWith('/') || (name.Length > 1 && name[1] == ':'))
            throw new DatasetFormatException(archive, $"entry '{entryName}' has an absolute path; refusing to extract outside the target folder.");
        var parts = name.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Any(p => p == ".."))
            throw new DatasetFormatException(archive, $"entry '{entryName}' climbs out of the target folder with '..'; refusing to extract it.");
        var full = Path.GetFullPath(Path.Combine([root, .. parts.Where(p => p != ".")]));
        var rootFull = Path.GetFullPath(root) + Path.DirectorySeparatorChar;
        if (!full.StartsWith(rootFull, StringComparison.Ordinal) && full + Path.DirectorySeparatorChar != rootFull)
            throw new DatasetFormatException(archive, $"entry '{entryName}' resolves outside the target folder; refusing to extract it.");
        return full;
    }

    private static void ExtractTar(string archive, string root, long maxBytes, bool gzip)
    {
        using var file = File.OpenRead(archive);
        using Stream stream = gzip ? new GZipStream(file, CompressionMode.Decompress) : file;
        long written = 0;
        int entries = 0;
        try
        {
            new TarReader(stream, archive).ForEach((entry, data) =>
            {
                if (++entries > MaxEntries) throw new DatasetFormatException(archive, $"more than {MaxEntries} entries; refusing to extract.");
                if (entry.IsLink)
                    throw new DatasetFormatException(archive, $"entry '{entry.Name}' is a {(entry.Type == '1' ? "hard" : "symbolic")} link; links are not extracted (they could point outside the target folder).");
                var path = SafePath(archive, root, entry.Name);
                if (entry.IsDirectory) { Directory.CreateDirectory(path); return; }
                if (!entry.IsFile) throw new DatasetFormatException(archive, $"entry '{entry.Name}' is of type '{entry.Type}' (a device, a fifo, ...); only files and folders are extracted.");
                if (written + entry.Size > maxBytes)
                    throw new DatasetFormatException(archive, $"extracting '{entry.Name}' would write more than {maxBytes} bytes in all; refusing (raise maxExtractedBytes if the archive is genuine).");
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                using var output = new FileStream(path, FileMode.Create, FileAccess.Write);
                data.CopyTo(output);
                written += entry.Size;
            });
        }
        catch (InvalidDataException e)
        {
            throw new DatasetFormatException(archive, $"not a readable gzip file: {e.Message}", e);
        }
    }

    private static void ExtractZip(string archive, string root, long maxBytes)
    {
        ZipArchive zip;
        try { zip = ZipFile.OpenRead(archive); }
        catch (InvalidDataException e) { throw new DatasetFormatException(archive, $"not a readable zip file: {e.Message}", e); }
        using (zip)
        {
            System.Collections.ObjectModel.ReadOnlyCollection<ZipArchiveEntry> entries;
            try { entries = zip.Entries; }
            catch (InvalidDataException e) { throw new DatasetFormatException(archive, $"the zip directory is damaged: {e.Message}", e); }
            if (entries.Count > MaxEntries) throw new DatasetFormatException(archive, $"{entries.Count} entries (more than {MaxEntries}); refusing to extract.");
            long written = 0;
            var buffer = new byte[1 << 16];
            foreach (var entry in entries)
            {
                var path = SafePath(archive, root, entry.FullName);
                if (entry.FullName.EndsWith('/')) { Directory.CreateDirectory(path); continue; }
                // Unix symlinks stored in zips carry S_IFLNK in the external attributes' high 16 bits.
                if (((entry.ExternalAttributes >> 16) & 0xF000) == 0xA000)
                    throw new DatasetFormatException(archive, $"entry '{entry.FullName}' is a symbolic link; links are not extracted.");
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                try
                {
                    using var input = entry.Open();
                    using var output = new FileStream(path, FileMode.Create, FileAccess.Write);
                    int n;
                    while ((n = input.Read(buffer)) > 0)
                    {
                        written += n;
                        if (written > maxBytes)
                            throw new DatasetFormatException(archive, $"extracting '{entry.FullName}' would write more than {maxBytes} bytes in all; refusing (raise maxExtractedBytes if the archive is genuine).");
                        output.Write(buffer, 0, n);
                    }
                }
                catch (InvalidDataException e)
                {
                    throw new DatasetFormatException(archive, $"entry '{entry.FullName}' cannot be read: {e.Message}", e);
                }
            }
        }
    }
}
