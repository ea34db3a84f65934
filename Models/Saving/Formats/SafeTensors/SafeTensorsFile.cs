using System.Buffers;
using Microsoft.Win32.SafeHandles;

namespace KerasSharp.Saving;

/// <summary>
/// An open safetensors file: its header is read and validated on open, each tensor is read on demand straight
/// from the file into its result array (no copy of the file in memory). Dispose to close the file.
/// </summary>
public sealed class SafeTensorsFile : IDisposable
{
    private const int ConversionChunk = 1 << 20;

    private readonly SafeFileHandle _handle;
    private readonly SafeTensorsHeader _header;
    private readonly Dictionary<string, SafeTensorsEntry> _byName;

    internal SafeTensorsFile(SafeFileHandle handle, SafeTensorsHeader header, string path)
    {
        _handle = handle;
        _header = header;
        FilePath = path;
        _byName = header.Entries.ToDictionary(e => e.Info.Name, StringComparer.Ordinal);
        Entries = header.Entries.Select(e => e.Info).ToArray();
    }

    /// <summary>The file's path, as given to <see cref="SafeTensors.Open"/>.</summary>
    public string FilePath { get; }

    /// <summary>The tensors (name, dtype as read, shape, stored dtype name) in the header's order.</summary>
    public IReadOnlyList<StoredTensorInfo> Entries { get; }

    /// <summary>The header's "__metadata__" string map (empty when the file has none).</summary>
    public IReadOnlyDictionary<string, string> Metadata => _header.Metadata;

    /// <summary>True when the file holds a tensor called <paramref name="name"/>.</summary>
    public bool Contains(string name) => _byName.ContainsKey(name);

    /// <summary>
    /// Reads tensor <paramref name="name"/> into a new flat row-major array of its dtype as read
    /// (<c>float[]</c> for F16, BF16 and F32; <c>int[]</c> for I8, I16, U16 and I32; <c>long[]</c> for U32, I64 and U64; ...).
    /// </summary>
    public Array Read(string name)
    {
        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
        if (!_byName.TryGetValue(name, out var entry)) throw new ModelFileException(FilePath, name, "no such tensor in the file.");
        // The header was checked against the file's length on open, so this allocation is backed by real bytes.
        int count = entry.Info.Shape.Size;
        var result = StoredElements.AllocateForRead(entry.Info.DType, count);
        long offset = _header.DataStart + entry.Begin;
        if (entry.Element.IsDirect())
        {
            SafeTensorsHeader.ReadExactly(_handle, StoredElements.Bytes(result, 0, count), offset, FilePath, name);
            return result;
        }
        // Other types convert through a small buffer, never a copy of the whole tensor.
        int size = entry.Element.ByteSize();
        var buffer = ArrayPool<byte>.Shared.Rent(ConversionChunk);
        try
        {
            for (int done = 0; done < count;)
            {
                int n = Math.Min(count - done, ConversionChunk / size);
                var raw = buffer.AsSpan(0, n * size);
                SafeTensorsHeader.ReadExactly(_handle, raw, offset + (long)done * size, FilePath, name);
                try { entry.Element.Convert(raw, result, done); }
                catch (InvalidDataException e) { throw new ModelFileException(FilePath, name, e.Message, e); }
                done += n;
            }
        }
        finally { ArrayPool<byte>.Shared.Return(buffer); }
        return result;
    }

    /// <summary>Reads tensor <paramref name="name"/> into a tensor on the current backend.</summary>
    public Tensor ReadTensor(string name)
    {
        var data = Read(name);
        var info = _byName[name].Info;
        return TensorHost.FromArray(data, info.Shape, info.DType);
    }

    /// <summary>Closes the file.</summary>
    public void Dispose() => _handle.Dispose();
}
