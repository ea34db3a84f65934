using System.Buffers.Binary;
using System.Text;
using System.Text.Json;

namespace KerasSharp.Saving;

/// <summary>
/// Reads and writes the safetensors format (Hugging Face): an 8-byte little-endian header length, a JSON header
/// naming each tensor's dtype, shape and byte range, then the raw little-endian row-major data.
/// </summary>
/// <example><code>
/// SafeTensors.Save("weights.safetensors", new Dictionary&lt;string, Tensor&gt; { ["dense.kernel"] = kernel });
/// var tensors = SafeTensors.Load("weights.safetensors");   // name -> tensor, in the file's order
/// </code></example>
public static class SafeTensors
{
    /// <summary>
    /// Writes <paramref name="tensors"/> (in the given order) and <paramref name="metadata"/> to <paramref name="path"/>,
    /// atomically. The header is padded with spaces so the data starts 8-byte aligned.
    /// </summary>
    public static void Save(string path, IEnumerable<KeyValuePair<string, Tensor>> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(tensors);
        var list = tensors.ToList();
        var header = BuildHeader(list, metadata);
        AtomicFile.Write(path, stream =>
        {
            Span<byte> length = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header.Length);
            stream.Write(length);
            stream.Write(header);
            foreach (var (_, tensor) in list)
            {
                var host = TensorHost.ToArray(tensor);
                stream.Write(StoredElements.Bytes(host, 0, host.Length));
            }
        });
    }

    /// <summary>Opens <paramref name="path"/> and validates its header; tensors are read on demand.</summary>
    public static SafeTensorsFile Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Microsoft.Win32.SafeHandles.SafeFileHandle handle;
        try { handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read); }
        catch (FileNotFoundException e) { throw new ModelFileException(path, null, "the file does not exist.", e); }
        catch (DirectoryNotFoundException e) { throw new ModelFileException(path, null, "the file's folder does not exist.", e); }
        try { return new SafeTensorsFile(handle, SafeTensorsHeader.Read(handle, path), path); }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>Reads every tensor of <paramref name="path"/> onto the current backend, by name, in the file's order.</summary>
    public static OrderedDictionary<string, Tensor> Load(string path)
    {
        using var file = Open(path);
        var result = new OrderedDictionary<string, Tensor>(StringComparer.Ordinal);
        try
        {
            foreach (var entry in file.Entries) result.Add(entry.Name, file.ReadTensor(entry.Name));
            return result;
        }
        catch
        {
            foreach (var tensor in result.Values) tensor.Dispose();
            throw;
        }
    }

    private static byte[] BuildHeader(List<KeyValuePair<string, Tensor>> tensors, IReadOnlyDictionary<string, string>? metadata)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        using var json = new MemoryStream();
        using (var writer = new Utf8JsonWriter(json))
        {
            writer.WriteStartObject();
            if (metadata is { Count: > 0 })
            {
                writer.WriteStartObject("__metadata__");
                foreach (var (key, value) in metadata) writer.WriteString(key, value);
                writer.WriteEndObject();
            }
            long offset = 0;
            foreach (var (name, tensor) in tensors)
            {
                ArgumentNullException.ThrowIfNull(tensor, name);
                if (string.IsNullOrEmpty(name) || name == "__metadata__" || !names.Add(name))
                    throw new ArgumentException($"Tensor names must be non-empty, unique and not '__metadata__'; got '{name}'.", nameof(tensors));
                long bytes = (long)tensor.Size * tensor.DType.SizeOf();
                writer.WriteStartObject(name);
                writer.WriteString("dtype", SafeTensorsDTypes.Name(tensor.DType));
                writer.WriteStartArray("shape");
                foreach (var d in tensor.Shape.Dims) writer.WriteNumberValue(d);
                writer.WriteEndArray();
                writer.WriteStartArray("data_offsets");
                writer.WriteNumberValue(offset);
                writer.WriteNumberValue(offset + bytes);
                writer.WriteEndArray();
                writer.WriteEndObject();
                offset += bytes;
            }
            writer.WriteEndObject();
        }
        // Pad with spaces (allowed by the format) so that 8 + header length is a multiple of 8.
        int length = (int)json.Length;
        int padded = (length + 7) / 8 * 8;
        var header = new byte[padded];
        json.GetBuffer().AsSpan(0, length).CopyTo(header);
        header.AsSpan(length).Fill((byte)' ');
        return header;
    }
}
