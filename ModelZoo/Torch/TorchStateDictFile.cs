using KerasSharp.Saving;
using System.Buffers;

namespace KerasSharp.ModelZoo;

/// <summary>
/// An open torch state dict file (<see cref="TorchStateDict.Open"/>): its entries are known and checked, and each
/// tensor is read on demand, only the part of its storage it views. Dispose to close the file.
/// </summary>
public sealed class TorchStateDictFile : IDisposable
{
    private readonly TorchContainer _container;
    private readonly Dictionary<string, TorchTensorView> _byName;
    private bool _disposed;

    internal TorchStateDictFile(TorchContainer container)
    {
        _container = container;
        _byName = new Dictionary<string, TorchTensorView>(StringComparer.Ordinal);
        foreach (var (name, view) in container.Tensors) _byName[name] = view;
        Entries = container.Tensors
            .Select(t => new StoredTensorInfo(t.Name, t.View.Root.Element.Target(), t.View.Shape, t.View.Root.Element.TorchName()))
            .ToArray();
    }

    /// <summary>The file's path, as given to <see cref="TorchStateDict.Open"/>.</summary>
    public string FilePath => _container.FilePath;

    /// <summary>Whether the file is a zip archive or a legacy stream.</summary>
    public TorchFileFormat Format => _container.Format;

    /// <summary>
    /// The tensors in the state dict's order: name, the dtype reading gives, shape, and torch's dtype name as stored
    /// ("float16", "bfloat16", "float32", "int64", ...).
    /// </summary>
    public IReadOnlyList<StoredTensorInfo> Entries { get; }

    /// <summary>True when the state dict has a tensor called <paramref name="name"/>.</summary>
    public bool Contains(string name) => _byName.ContainsKey(name);

    /// <summary>
    /// Reads tensor <paramref name="name"/> into a new flat row-major array of the dtype <see cref="Entries"/> gives
    /// (<c>float[]</c> for float16, bfloat16 and float32; <c>int[]</c> for int8, int16 and int32; <c>long[]</c>;
    /// <c>double[]</c>; <c>byte[]</c>; <c>bool[]</c>).
    /// </summary>
    /// <exception cref="ModelFileException">No such tensor, or the file changed since it was opened.</exception>
    public Array Read(string name)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(name);
        if (!_byName.TryGetValue(name, out var view)) throw new ModelFileException(FilePath, name, "no such tensor in the state dict.");
        return ReadView(name, view);
    }

    /// <summary>Reads tensor <paramref name="name"/> into a tensor on the current backend.</summary>
    /// <exception cref="ModelFileException">No such tensor, or the file changed since it was opened.</exception>
    public Tensor ReadTensor(string name)
    {
        var data = Read(name);
        var view = _byName[name];
        return Backend.Current.FromHost(data, view.Shape, view.Root.Element.Target(), Device.Default);
    }

    /// <summary>
    /// Reads every tensor onto the current backend, in the state dict's order. A storage several tensors share is
    /// read once; each tensor gets its own copy of its elements.
    /// </summary>
    /// <exception cref="ModelFileException">The file changed since it was opened.</exception>
    public OrderedDictionary<string, Tensor> ReadAll()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var shared = SharedStorage.Plan(_container.Tensors);
        var result = new OrderedDictionary<string, Tensor>(StringComparer.Ordinal);
        try
        {
            foreach (var (name, view) in _container.Tensors)
            {
                var data = view.Count > 0 && shared.TryGetValue(view.Root, out var storage) && storage.Fits
                    ? storage.Take(view, (first, count) => ReadRange(view.Root, first, count))
                    : ReadView(name, view);
                result[name] = Backend.Current.FromHost(data, view.Shape, view.Root.Element.Target(), Device.Default);
            }
            return result;
        }
        catch
        {
            foreach (var tensor in result.Values) tensor.Dispose();
            throw;
        }
    }

    /// <summary>Closes the file.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _container.Dispose();
    }

    private Array ReadView(string name, TorchTensorView view)
    {
        if (view.Count == 0) return StoredElements.AllocateForRead(view.Root.Element.Target(), 0);
        // A contiguous view is read straight into the result; a strided one reads the span it covers, then gathers.
        if (view.IsContiguous) return ReadRange(view.Root, view.RootOffset, view.Count);
        if (view.Span > Array.MaxLength)
            throw new ModelFileException(FilePath, name, $"the strided view spans {view.Span} elements of its storage, more than one read can hold.");
        var window = ReadRange(view.Root, view.RootOffset, (int)view.Span);
        return StridedCopy.Gather(window, 0, view.Shape, view.Stride, contiguous: false);
    }

    // Elements [first, first + count) of a storage, converted to the target dtype. The container checked the
    // storage's size against the file on open, so the allocation is backed by bytes the file holds.
    private Array ReadRange(TorchStorage storage, long first, int count)
    {
        var element = storage.Element;
        int size = element.ByteSize();
        var result = StoredElements.AllocateForRead(element.Target(), count);
        int chunk = TorchLimits.ReadChunkBytes / size;
        if (element.IsDirect())
        {
            for (int done = 0; done < count; done += chunk)
                _container.Read(storage, (first + done) * size, StoredElements.Bytes(result, done, Math.Min(chunk, count - done)));
            return result;
        }
        chunk = Math.Min(chunk, (1 << 20) / size);
        var buffer = ArrayPool<byte>.Shared.Rent(chunk * size);
        try
        {
            for (int done = 0; done < count; done += chunk)
            {
                int n = Math.Min(chunk, count - done);
                var raw = buffer.AsSpan(0, n * size);
                _container.Read(storage, (first + done) * size, raw);
                element.Convert(raw, result, done);
            }
        }
        finally { ArrayPool<byte>.Shared.Return(buffer); }
        return result;
    }
}
