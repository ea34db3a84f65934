namespace KerasSharp.ModelZoo;

/// <summary>
/// A torch file opened and checked: its state dict's entries (views of storages whose sizes were checked against
/// the bytes the file holds) and a way to read a storage's bytes. One subclass per format.
/// </summary>
internal abstract class TorchContainer(string path, List<(string Name, TorchTensorView View)> tensors) : IDisposable
{
    /// <summary>The file's path.</summary>
    public string FilePath { get; } = path;

    /// <summary>The state dict's entries in the pickle's order.</summary>
    public List<(string Name, TorchTensorView View)> Tensors { get; } = tensors;

    /// <summary>Which format the file is in.</summary>
    public abstract TorchFileFormat Format { get; }

    /// <summary>Fills <paramref name="destination"/> with the bytes of <paramref name="storage"/> from byte <paramref name="byteOffset"/> on.</summary>
    public abstract void Read(TorchStorage storage, long byteOffset, Span<byte> destination);

    /// <summary>Closes the file.</summary>
    public abstract void Dispose();
}
