using System.Buffers.Binary;
using System.Text.Json;
using Microsoft.Win32.SafeHandles;

namespace KerasSharp.Saving;

/// <summary>One tensor as the header describes it, validated; offsets are relative to the byte buffer.</summary>
internal sealed record SafeTensorsEntry(StoredTensorInfo Info, StoredElement Element, long Begin, long End);

/// <summary>
/// Reads and validates a safetensors header: an 8-byte little-endian length N, then N bytes of JSON (may be padded
/// with spaces) mapping tensor names to dtype, shape and data_offsets, plus an optional "__metadata__" string map.
/// The byte buffer after it must be covered exactly by the tensors' offsets: no overlaps, no holes, nothing outside.
/// </summary>
internal sealed class SafeTensorsHeader
{
    /// <summary>The reference implementation's header limit; a larger header is a hostile file.</summary>
    public const long MaxHeaderBytes = 100_000_000;

    private SafeTensorsHeader(List<SafeTensorsEntry> entries, Dictionary<string, string> metadata, long dataStart)
    {
        Entries = entries;
        Metadata = metadata;
        DataStart = dataStart;
    }

    /// <summary>The tensors in the header's order.</summary>
    public List<SafeTensorsEntry> Entries { get; }

    /// <summary>The "__metadata__" map (empty when absent).</summary>
    public Dictionary<string, string> Metadata { get; }

    /// <summary>Where the byte buffer starts in the file (8 + N).</summary>
    public long DataStart { get; }

    /// <summary>Reads and validates the header of the file behind <paramref name="handle"/>; errors are <see cref="ModelFileException"/>.</summary>
    public static SafeTensorsHeader Read(SafeFileHandle handle, string path)
    {
        long fileLength = RandomAccess.GetLength(handle);
        if (fileLength < 8) throw new ModelFileException(path, null, $"the file has {fileLength} bytes, too short for a safetensors header.");
        Span<byte> prefix = stackalloc byte[8];
        ReadExactly(handle, prefix, 0, path);
        ulong n = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
        if (n > (ulong)(fileLength - 8))
            throw new ModelFileException(path, null, $"the header length {n} is larger than the file ({fileLength} bytes).");
        if (n > MaxHeaderBytes)
            throw new ModelFileException(path, null, $"the header length {n} is over the {MaxHeaderBytes}-byte limit.");
        var json = new byte[(int)n];
        ReadExactly(handle, json, 8, path);
        if (json.Length == 0 || json[0] != (byte)'{')
            throw new ModelFileException(path, null, "the header does not start with '{'.");

        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        List<SafeTensorsEntry> entries;
        try { entries = Parse(json, metadata, path); }
        catch (JsonException e) { throw new ModelFileException(path, null, $"the header is not valid JSON: {e.Message}", e); }
        catch (InvalidOperationException e) { throw new ModelFileException(path, null, $"the header is not valid JSON: {e.Message}", e); }
        long dataStart = 8 + (long)n;
        CheckCoverage(entries, fileLength - dataStart, path);
        return new SafeTensorsHeader(entries, metadata, dataStart);
    }

    private static List<SafeTensorsEntry> Parse(byte[] json, Dictionary<string, string> metadata, string path)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
        var entries = new List<SafeTensorsEntry>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        Expect(ref reader, JsonTokenType.StartObject, path, null);
        while (true)
        {
            Next(ref reader, path, null);
            if (reader.TokenType == JsonTokenType.EndObject) break;
            var name = reader.GetString()!;
            if (!names.Add(name)) throw new ModelFileException(path, name, "the name appears twice in the header.");
            if (name == "__metadata__") ReadMetadata(ref reader, metadata, path);
            else entries.Add(ReadEntry(ref reader, name, path));
        }
        // Only whitespace (the spec's space padding) may follow the object; the reader throws on anything else.
        if (reader.Read()) throw new JsonException("content after the header's object.");
        return entries;
    }

    private static void ReadMetadata(ref Utf8JsonReader reader, Dictionary<string, string> metadata, string path)
    {
        Expect(ref reader, JsonTokenType.StartObject, path, "__metadata__");
        while (true)
        {
            Next(ref reader, path, "__metadata__");
            if (reader.TokenType == JsonTokenType.EndObject) return;
            var key = reader.GetString()!;
            Next(ref reader, path, "__metadata__");
            if (reader.TokenType != JsonTokenType.String)
                throw new ModelFileException(path, "__metadata__", $"the value of '{key}' is not a string.");
            if (!metadata.TryAdd(key, reader.GetString()!))
                throw new ModelFileException(path, "__metadata__", $"the key '{key}' appears twice.");
        }
    }

    private static SafeTensorsEntry ReadEntry(ref Utf8JsonReader reader, string name, string path)
    {
        Expect(ref reader, JsonTokenType.StartObject, path, name);
        string? dtype = null;
        long[]? shape = null, offsets = null;
        while (true)
        {
            Next(ref reader, path, name);
            if (reader.TokenType == JsonTokenType.EndObject) break;
            var key = reader.GetString()!;
            switch (key)
            {
                case "dtype":
                    if (dtype is not null) throw new ModelFileException(path, name, "'dtype' appears twice.");
                    Next(ref reader, path, name);
                    dtype = reader.TokenType == JsonTokenType.String ? reader.GetString()! : throw new ModelFileException(path, name, "'dtype' is not a string.");
                    break;
                case "shape":
                    if (shape is not null) throw new ModelFileException(path, name, "'shape' appears twice.");
                    shape = ReadIntegers(ref reader, path, name, "shape");
                    break;
                case "data_offsets":
                    if (offsets is not null) throw new ModelFileException(path, name, "'data_offsets' appears twice.");
                    offsets = ReadIntegers(ref reader, path, name, "data_offsets");
                    break;
                default:
                    reader.Skip();   // unknown fields are ignored, as the reference implementation does
                    break;
            }
        }
        if (dtype is null || shape is null || offsets is null)
            throw new ModelFileException(path, name, "the entry needs 'dtype', 'shape' and 'data_offsets'.");
        var element = SafeTensorsDTypes.Parse(dtype) ?? throw new ModelFileException(path, name, $"unknown or unsupported dtype '{dtype}'.");
        if (offsets.Length != 2 || offsets[0] > offsets[1])
            throw new ModelFileException(path, name, $"'data_offsets' must be [begin, end] with begin <= end, got [{string.Join(", ", offsets)}].");
        var dims = new int[shape.Length];
        long count = 1;
        for (int i = 0; i < shape.Length; i++)
        {
            if (shape[i] > int.MaxValue) throw new ModelFileException(path, name, $"dimension {i} is {shape[i]}, too large for a tensor.");
            dims[i] = (int)shape[i];
            count *= dims[i];
            if (count > int.MaxValue) throw new ModelFileException(path, name, $"the shape [{string.Join(", ", shape)}] has more elements than a tensor can hold.");
        }
        long bytes = count * element.ByteSize();
        if (offsets[1] - offsets[0] != bytes)
            throw new ModelFileException(path, name, $"shape [{string.Join(", ", shape)}] of {dtype} needs {bytes} bytes but data_offsets [{offsets[0]}, {offsets[1]}] hold {offsets[1] - offsets[0]}.");
        var info = new StoredTensorInfo(name, element.Target(), new Shape(dims), dtype);
        return new SafeTensorsEntry(info, element, offsets[0], offsets[1]);
    }

    private static long[] ReadIntegers(ref Utf8JsonReader reader, string path, string name, string field)
    {
        Expect(ref reader, JsonTokenType.StartArray, path, name);
        var values = new List<long>();
        while (true)
        {
            Next(ref reader, path, name);
            if (reader.TokenType == JsonTokenType.EndArray) return [.. values];
            if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out long v) || v < 0)
                throw new ModelFileException(path, name, $"'{field}' must hold non-negative integers.");
            if (values.Count >= 64) throw new ModelFileException(path, name, $"'{field}' has more than 64 values.");
            values.Add(v);
        }
    }

    private static void CheckCoverage(List<SafeTensorsEntry> entries, long bufferLength, string path)
    {
        long expected = 0;
        foreach (var e in entries.OrderBy(e => e.Begin).ThenBy(e => e.End))
        {
            if (e.Begin != expected)
            {
                var problem = e.Begin < expected ? "overlaps the tensor before it" : $"leaves a hole: bytes [{expected}, {e.Begin}) belong to no tensor";
                throw new ModelFileException(path, e.Info.Name, $"data_offsets [{e.Begin}, {e.End}] {problem}.");
            }
            if (e.End > bufferLength)
                throw new ModelFileException(path, e.Info.Name, $"data_offsets [{e.Begin}, {e.End}] run past the data ({bufferLength} bytes).");
            expected = e.End;
        }
        if (expected != bufferLength)
            throw new ModelFileException(path, null, $"the data has {bufferLength} bytes but the tensors cover {expected}.");
    }

    private static void Next(ref Utf8JsonReader reader, string path, string? entry)
    {
        if (!reader.Read()) throw new ModelFileException(path, entry, "the header's JSON ends early.");
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type, string path, string? entry)
    {
        Next(ref reader, path, entry);
        if (reader.TokenType != type) throw new ModelFileException(path, entry, $"expected {type} in the header, found {reader.TokenType}.");
    }

    /// <summary>Fills <paramref name="buffer"/> from <paramref name="offset"/>; a short read (the file shrank) is an error.</summary>
    public static void ReadExactly(SafeFileHandle handle, Span<byte> buffer, long offset, string path, string? entry = null)
    {
        int total = 0;
        while (total < buffer.Length)
        {
            int n = RandomAccess.Read(handle, buffer[total..], offset + total);
            if (n == 0) throw new ModelFileException(path, entry, $"the file ended early: {buffer.Length} bytes needed at offset {offset}.");
            total += n;
        }
    }
}
