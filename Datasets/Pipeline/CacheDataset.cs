namespace KerasSharp.Datasets;

/// <summary>
/// Replays the first complete pass of its input from host memory or from a file. Elements are kept as host
/// arrays (a consumer disposes what it receives, so each replay makes fresh tensors).
/// </summary>
internal sealed class CacheDataset : Dataset
{
    private readonly Dataset _input;
    private readonly string? _file;
    private List<HostElement>? _memory;
    private readonly object _gate = new();

    public CacheDataset(Dataset input, string? filename)
    {
        _input = input;
        if (filename is not null && filename.Length == 0) throw new ArgumentException("Dataset.Cache: the file name is empty; give null to cache in memory.");
        _file = filename is null ? null : Path.GetFullPath(filename);
    }

    public override long Cardinality => _input.Cardinality;
    public override int ComponentCount => _input.ComponentCount;
    internal override bool? IsBatched => _input.IsBatched;

    internal override IEnumerator<Tensor[]> Open()
    {
        if (_file is null)
        {
            List<HostElement>? ready;
            lock (_gate) ready = _memory;
            return ready is not null ? Replay(ready) : FillMemory();
        }
        return File.Exists(_file) ? ReadFile(_file) : FillFile(_file);
    }

    private static IEnumerator<Tensor[]> Replay(List<HostElement> elements)
    {
        foreach (var e in elements) yield return e.ToTensors();
    }

    private IEnumerator<Tensor[]> FillMemory()
    {
        var kept = new List<HostElement>();
        using var source = _input.Open();
        while (source.MoveNext())
        {
            var element = source.Current;
            try { kept.Add(HostElement.From(element)); }
            catch { Elements.Free(element); throw; }
            yield return element;
        }
        // Only a complete pass becomes the cache.
        lock (_gate) _memory ??= kept;
    }

    private IEnumerator<Tensor[]> FillFile(string path)
    {
        var temp = $"{path}.{Guid.NewGuid():N}.tmp";
        bool complete = false;
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
            using (var writer = new BinaryWriter(stream))
            {
                CacheFile.WriteHeader(writer);
                using var source = _input.Open();
                while (source.MoveNext())
                {
                    var element = source.Current;
                    try { CacheFile.Write(writer, HostElement.From(element)); }
                    catch { Elements.Free(element); throw; }
                    yield return element;
                }
                CacheFile.WriteEnd(writer);
            }
            File.Move(temp, path, overwrite: true);
            complete = true;
        }
        finally
        {
            if (!complete) File.Delete(temp);
        }
    }

    private static IEnumerator<Tensor[]> ReadFile(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        using var reader = new BinaryReader(stream);
        CacheFile.ReadHeader(reader, path);
        while (CacheFile.Read(reader, path) is { } element) yield return element.ToTensors();
    }
}

/// <summary>An element copied to host arrays.</summary>
internal sealed record HostElement(Array[] Data, Shape[] Shapes, DType[] DTypes)
{
    public static HostElement From(Tensor[] element)
    {
        var data = new Array[element.Length];
        for (int i = 0; i < element.Length; i++)
        {
            var t = element[i];
            data[i] = Array.CreateInstance(t.DType.ClrType(), t.Size);
            t.Backend.CopyToHost(t, data[i]);
        }
        return new HostElement(data, element.Select(t => t.Shape).ToArray(), element.Select(t => t.DType).ToArray());
    }

    public Tensor[] ToTensors()
    {
        var result = new Tensor[Data.Length];
        for (int i = 0; i < Data.Length; i++)
            result[i] = TensorScope.Detach(DTypes[i] == DType.String   // strings live in host memory on their own backend
                ? KerasSharp.Backends.StringBackend.Instance.FromHost((Array)Data[i].Clone(), Shapes[i], DType.String, Device.Cpu)
                : Backend.Current.FromHost((Array)Data[i].Clone(), Shapes[i], DTypes[i], Device.Default));
        return result;
    }
}

/// <summary>
/// The cache file: "KSDSCACHE1", then per element a 1 byte, the component count and per component its dtype,
/// rank, dimensions and raw little-endian bytes (strings: each length-prefixed UTF-8); a 0 byte ends the file. Read as a hostile file: every count is
/// checked against what is left before anything is allocated.
/// </summary>
internal static class CacheFile
{
    private const string Magic = "KSDSCACHE1";

    public static void WriteHeader(BinaryWriter w) => w.Write(System.Text.Encoding.ASCII.GetBytes(Magic));

    public static void WriteEnd(BinaryWriter w) => w.Write((byte)0);

    public static void Write(BinaryWriter w, HostElement e)
    {
        w.Write((byte)1);
        w.Write(e.Data.Length);
        for (int i = 0; i < e.Data.Length; i++)
        {
            w.Write((byte)e.DTypes[i]);
            w.Write(e.Shapes[i].Rank);
            foreach (var d in e.Shapes[i].Dims) w.Write(d);
            if (e.DTypes[i] == DType.String)
            {
                foreach (var text in (string[])e.Data[i]) w.Write(text);   // length-prefixed UTF-8
                continue;
            }
            var bytes = new byte[e.Data[i].Length * e.DTypes[i].SizeOf()];
            Buffer.BlockCopy(e.Data[i], 0, bytes, 0, bytes.Length);
            w.Write(bytes);
        }
    }

    public static void ReadHeader(BinaryReader r, string path)
    {
        var magic = r.ReadBytes(Magic.Length);
        if (System.Text.Encoding.ASCII.GetString(magic) != Magic)
            throw new DatasetFormatException(path, $"not a Dataset.Cache file (it does not start with {Magic}); delete it to rebuild the cache.");
    }

    public static HostElement? Read(BinaryReader r, string path)
    {
        long left() => r.BaseStream.Length - r.BaseStream.Position;
        try
        {
            byte tag = r.ReadByte();
            if (tag == 0) return null;
            if (tag != 1) throw new DatasetFormatException(path, $"bad element tag {tag} at byte {r.BaseStream.Position - 1}; the cache file is damaged, delete it.");
            int count = r.ReadInt32();
            if (count <= 0 || count > 1024) throw new DatasetFormatException(path, $"an element claims {count} components; the cache file is damaged, delete it.");
            var data = new Array[count];
            var shapes = new Shape[count];
            var dtypes = new DType[count];
            for (int c = 0; c < count; c++)
            {
                var dtype = (DType)r.ReadByte();
                if (!Enum.IsDefined(dtype)) throw new DatasetFormatException(path, $"unknown dtype code {(int)dtype}; the cache file is damaged, delete it.");
                int rank = r.ReadInt32();
                if (rank < 0 || rank > 32) throw new DatasetFormatException(path, $"a component claims rank {rank}; the cache file is damaged, delete it.");
                var dims = new int[rank];
                long size = 1;
                for (int d = 0; d < rank; d++)
                {
                    dims[d] = r.ReadInt32();
                    if (dims[d] < 0) throw new DatasetFormatException(path, $"a component claims dimension {dims[d]}; the cache file is damaged, delete it.");
                    size *= dims[d];
                    if (size * (dtype == DType.String ? 1 : dtype.SizeOf()) > left()) throw new DatasetFormatException(path, $"a component claims more bytes than the file holds; the cache file is truncated, delete it.");
                }
                if (dtype == DType.String)
                {
                    // each string takes at least its one-byte length prefix, and no more characters than bytes are left
                    if (size > left()) throw new DatasetFormatException(path, $"a component claims {size} strings but {left()} bytes are left; the cache file is truncated, delete it.");
                    var strings = new string[size];
                    for (long k = 0; k < size; k++) strings[k] = r.ReadString();
                    (data[c], shapes[c], dtypes[c]) = (strings, new Shape(dims), dtype);
                    continue;
                }
                long bytes = size * dtype.SizeOf();
                if (bytes > left()) throw new DatasetFormatException(path, $"a component claims {bytes} bytes but {left()} are left; the cache file is truncated, delete it.");
                var raw = r.ReadBytes((int)bytes);
                var array = Array.CreateInstance(dtype.ClrType(), size);
                Buffer.BlockCopy(raw, 0, array, 0, raw.Length);
                data[c] = array;
                shapes[c] = new Shape(dims);
                dtypes[c] = dtype;
            }
            return new HostElement(data, shapes, dtypes);
        }
        catch (EndOfStreamException e)
        {
            throw new DatasetFormatException(path, "the cache file ends in the middle of an element (truncated); delete it.", e);
        }
        catch (FormatException e)
        {
            throw new DatasetFormatException(path, "a string's length prefix is malformed; the cache file is damaged, delete it.", e);
        }
    }
}
