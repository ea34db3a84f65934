namespace KerasSharp.ModelZoo;

/// <summary>
/// Reads what <c>torch.save(model.state_dict(), path)</c> writes: the zip format of torch 1.6 and later and the
/// legacy format of older files (torchvision's published weights among them). The pickle inside is read by a
/// restricted unpickler that accepts only the globals a state dict needs (tensor rebuilding, storage types,
/// <c>collections.OrderedDict</c>) and plain containers: loading never runs code from the file, and every size is
/// checked against the bytes the file holds before anything is allocated. A bad file is a
/// <see cref="ModelFileException"/> naming the file and the entry or tensor.
/// </summary>
/// <example><code>
/// var weights = TorchStateDict.Load("resnet18-f37072fd.pth");      // "conv1.weight" -> [64, 3, 7, 7] float32, ...
/// using var file = TorchStateDict.Open("alexnet-owt-7be5be79.pth"); // names, dtypes and shapes; no data read yet
/// foreach (var e in file.Entries) Console.WriteLine($"{e.Name} {e.StoredType} {e.Shape}");
/// </code></example>
public static class TorchStateDict
{
    /// <summary>
    /// Opens <paramref name="path"/>, reads and checks its pickle and the sizes of its storages; tensor data is read
    /// on demand. Dispose the result to close the file.
    /// </summary>
    /// <exception cref="ModelFileException">The file is missing, not a torch file, damaged, or holds something other than a state dict.</exception>
    public static TorchStateDictFile Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Microsoft.Win32.SafeHandles.SafeFileHandle handle;
        try { handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read); }
        catch (FileNotFoundException e) { throw new ModelFileException(path, null, "the file does not exist.", e); }
        catch (DirectoryNotFoundException e) { throw new ModelFileException(path, null, "the file's folder does not exist.", e); }
        // torch tells the formats apart the same way: a zip archive starts with a local file header.
        if (StartsWithZipHeader(handle))
        {
            handle.Dispose();
            return new TorchStateDictFile(TorchZipContainer.Open(path));
        }
        return new TorchStateDictFile(TorchLegacyContainer.Open(path, handle));
    }

    /// <summary>
    /// Reads every tensor of <paramref name="path"/> onto the current backend, by name, in the state dict's order.
    /// float16 and bfloat16 widen to float32, int8 and int16 to int32. Tensors that share a storage (or are views of
    /// one) come back as separate tensors with their own data.
    /// </summary>
    /// <exception cref="ModelFileException">The file is missing, not a torch file, damaged, or holds something other than a state dict.</exception>
    public static OrderedDictionary<string, Tensor> Load(string path)
    {
        using var file = Open(path);
        return file.ReadAll();
    }

    private static bool StartsWithZipHeader(Microsoft.Win32.SafeHandles.SafeFileHandle handle)
    {
        Span<byte> magic = stackalloc byte[4];
        int total = 0;
        while (total < 4)
        {
            int n = RandomAccess.Read(handle, magic[total..], total);
            if (n == 0) return false;
            total += n;
        }
        return magic.SequenceEqual("PK\x03\x04"u8);
    }
}
