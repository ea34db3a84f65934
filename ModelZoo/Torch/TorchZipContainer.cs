using KerasSharp.Saving;
namespace KerasSharp.ModelZoo;

/// <summary>
/// A torch zip file (torch 1.6 and later), read through <see cref="KerasArchiveReader"/>, which checks the archive
/// against the project's hostile-zip rules (names, sizes, overlaps, deflate ratio, CRC of inflated entries). The
/// folder the entries sit in varies ("archive", the file's stem, ...): it is the one holding data.pkl.
/// </summary>
internal sealed class TorchZipContainer : TorchContainer
{
    private readonly KerasArchiveReader _archive;
    private Stream? _open;
    private string? _openEntry;

    private TorchZipContainer(string path, KerasArchiveReader archive, List<(string, TorchTensorView)> tensors) : base(path, tensors) =>
        _archive = archive;

    /// <inheritdoc/>
    public override TorchFileFormat Format => TorchFileFormat.Zip;

    /// <summary>Opens the archive, reads its pickle and checks every storage it names against its entry.</summary>
    public static TorchZipContainer Open(string path)
    {
        var archive = KerasArchiveReader.Open(path);
        try
        {
            var folder = FindFolder(archive, path);
            CheckVersion(archive, path, folder);
            var pickleEntry = folder + "/data.pkl";
            var pickle = ReadSmallEntry(archive, path, pickleEntry, TorchLimits.MaxPickleBytes);
            var hooks = new TorchPickleHooks(storageKeysAreEntryNames: true);
            object? root;
            try
            {
                var input = new PickleInput((offset, buffer) => Copy(pickle, offset, buffer), 0, pickle.Length, endIsLimit: false);
                root = new RestrictedUnpickler(input, hooks).Load();
            }
            catch (PickleException e) { throw new ModelFileException(path, pickleEntry, e.Message, e); }
            var sizes = archive.Entries.ToDictionary(e => e.Name, e => e.Size, StringComparer.Ordinal);
            foreach (var storage in hooks.Storages.Values)
            {
                var name = $"{folder}/data/{storage.Key}";
                if (!sizes.TryGetValue(name, out long size)) throw new ModelFileException(path, name, "the pickle names this storage but the archive has no such entry.");
                long needed = storage.Numel * storage.Element.ByteSize();
                if (size != needed)
                    throw new ModelFileException(path, name, $"the storage declares {storage.Numel} {storage.Element.TorchName()} elements ({needed} bytes) but the entry holds {size} bytes.");
                storage.EntryName = name;
            }
            var tensors = StateDictEntries.From(root, path, pickleEntry);
            return new TorchZipContainer(path, archive, tensors);
        }
        catch
        {
            archive.Dispose();
            throw;
        }
    }

    /// <inheritdoc/>
    public override void Read(TorchStorage storage, long byteOffset, Span<byte> destination)
    {
        var entry = storage.EntryName!;
        // Keep the entry open between chunks: a deflated one is inflated once per open.
        var stream = _open;
        if (stream is null || _openEntry != entry)
        {
            _open?.Dispose();
            _open = null;
            _open = stream = _archive.OpenSeekable(entry);
            _openEntry = entry;
        }
        stream.Position = byteOffset;
        try { stream.ReadExactly(destination); }
        catch (EndOfStreamException e) { throw new ModelFileException(FilePath, entry, "the entry ended early (the file changed while it was read?).", e); }
    }

    /// <inheritdoc/>
    public override void Dispose()
    {
        _open?.Dispose();
        _open = null;
        _openEntry = null;
        _archive.Dispose();
    }

    private static string FindFolder(KerasArchiveReader archive, string path)
    {
        var folders = archive.Entries.Select(e => e.Name)
            .Where(n => n.EndsWith("/data.pkl", StringComparison.Ordinal) && n.IndexOf('/') == n.Length - "/data.pkl".Length)
            .Select(n => n[..^"/data.pkl".Length]).ToList();
        if (folders.Count == 1)
        {
            var folder = folders[0];
            if (archive.Contains(folder + "/constants.pkl") || archive.Entries.Any(e => e.Name.StartsWith(folder + "/code/", StringComparison.Ordinal)))
                throw new ModelFileException(path, null, "this is a TorchScript archive (torch.jit.save), not a state dict; save model.state_dict() with torch.save instead.");
            return folder;
        }
        if (folders.Count == 0) throw new ModelFileException(path, null, "the zip archive has no '<folder>/data.pkl' entry: it is not a file torch.save wrote.");
        throw new ModelFileException(path, null, $"the zip archive has {folders.Count} data.pkl entries ({string.Join(", ", folders.Take(3))}/...); torch.save writes one.");
    }

    private static void CheckVersion(KerasArchiveReader archive, string path, string folder)
    {
        var versionEntry = folder + "/version";
        if (archive.Contains(versionEntry))
        {
            var text = System.Text.Encoding.ASCII.GetString(ReadSmallEntry(archive, path, versionEntry, 64)).Trim();
            if (!int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int version) || version < 1)
                throw new ModelFileException(path, versionEntry, "the format version is not a positive integer.");
        }
        var orderEntry = folder + "/byteorder";
        if (archive.Contains(orderEntry))
        {
            var order = System.Text.Encoding.ASCII.GetString(ReadSmallEntry(archive, path, orderEntry, 64)).Trim();
            if (order == "big") throw new ModelFileException(path, orderEntry, "the storages are big-endian, which this reader does not support.");
            if (order != "little") throw new ModelFileException(path, orderEntry, "the byte order is neither 'little' nor 'big'.");
        }
    }

    private static byte[] ReadSmallEntry(KerasArchiveReader archive, string path, string name, long limit)
    {
        var info = archive.Entries.First(e => e.Name == name);
        if (info.Size > limit) throw new ModelFileException(path, name, $"the entry has {info.Size} bytes, over the {limit}-byte limit.");
        var bytes = new byte[info.Size];
        using var stream = archive.OpenSeekable(name);
        try { stream.ReadExactly(bytes); }
        catch (EndOfStreamException e) { throw new ModelFileException(path, name, "the entry ended early.", e); }
        return bytes;
    }

    private static int Copy(byte[] source, long offset, Span<byte> destination)
    {
        if (offset >= source.Length) return 0;
        int n = (int)Math.Min(destination.Length, source.Length - offset);
        source.AsSpan((int)offset, n).CopyTo(destination);
        return n;
    }
}
