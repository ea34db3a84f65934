using PureHDF;
using PureHDF.VOL.Native;

namespace KerasSharp.Saving;

/// <summary>
/// Reads groups and numeric datasets of an HDF5 file (Keras 3 weights, h5py files) through PureHDF.
/// The file is treated as hostile: its group structure is walked and checked before PureHDF reads it (soft, external
/// and user-defined links, dense link or attribute storage, external or virtual data and objects linked twice are
/// refused), sizes are checked against the file before arrays are allocated, and every failure is a
/// <see cref="ModelFileException"/> naming the file and the object path. Big-endian data is refused (PureHDF does not
/// convert byte order). Not thread-safe.
/// </summary>
/// <example><code>
/// using var h5 = H5Reader.Open("model.weights.h5");
/// foreach (var name in h5.ListDatasets("layers/dense/vars")) { var kernel = h5.ReadDataset("layers/dense/vars/" + name); }
/// </code></example>
public sealed class H5Reader : IDisposable
{
    // Filters (deflate) can expand chunked data; deflate's own limit is about 1032:1.
    private const long MaxChunkedExpansion = 1100;

    private readonly GuardedReadStream _stream;
    private readonly NativeFile _file;
    private readonly string _entryPrefix;
    private readonly Dictionary<string, IH5Object> _objects = new(StringComparer.Ordinal);
    private bool _disposed;

    private H5Reader(GuardedReadStream stream, NativeFile file, string displayName, string entryPrefix)
    {
        _stream = stream;
        _file = file;
        DisplayName = displayName;
        _entryPrefix = entryPrefix;
    }

    /// <summary>The name used in errors: the file path, or the display name given with a stream.</summary>
    public string DisplayName { get; }

    /// <summary>Opens the HDF5 file at <paramref name="filePath"/>.</summary>
    public static H5Reader Open(string filePath)
    {
        ArgumentException.ThrowIfNullOrEmpty(filePath);
        FileWindowStream source;
        try { source = FileWindowStream.OpenFile(filePath); }
        catch (FileNotFoundException e) { throw new ModelFileException(filePath, null, "the file does not exist.", e); }
        catch (DirectoryNotFoundException e) { throw new ModelFileException(filePath, null, "the file's folder does not exist.", e); }
        return Open(source, filePath, leaveOpen: false);
    }

    /// <summary>
    /// Opens an HDF5 file held in <paramref name="stream"/> (readable and seekable; position 0 is the file's start).
    /// <paramref name="displayName"/> names it in errors (e.g. the path it came from).
    /// </summary>
    public static H5Reader Open(Stream stream, string displayName, bool leaveOpen = false) =>
        Open(stream, displayName, entryPrefix: "", leaveOpen);

    /// <summary>As the public overload; <paramref name="entryPrefix"/> goes before object paths in errors (the zip entry holding the file).</summary>
    internal static H5Reader Open(Stream stream, string displayName, string entryPrefix, bool leaveOpen)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentException.ThrowIfNullOrEmpty(displayName);
        var guarded = new GuardedReadStream(stream, leaveOpen);
        try
        {
            guarded.StartOperation(guarded.DefaultReadBudget);
            H5StructureCheck.Run(guarded);
            guarded.StartOperation(guarded.DefaultReadBudget);
            var file = H5File.Open(guarded, leaveOpen: true);
            return new H5Reader(guarded, file, displayName, entryPrefix);
        }
        catch (Exception e)
        {
            guarded.Dispose();
            throw Wrap(e, displayName, entryPrefix, null);
        }
    }

    /// <summary>Names of the groups directly inside the group at <paramref name="groupPath"/>, in the file's order.</summary>
    public IReadOnlyList<string> ListGroups(string groupPath = "/") => ListChildren(groupPath, wantGroups: true);

    /// <summary>Names of the datasets directly inside the group at <paramref name="groupPath"/>, in the file's order.</summary>
    public IReadOnlyList<string> ListDatasets(string groupPath = "/") => ListChildren(groupPath, wantGroups: false);

    /// <summary>True when <paramref name="path"/> names a group ("/" is the root).</summary>
    public bool GroupExists(string path) => Exists(path) is IH5Group;

    /// <summary>True when <paramref name="path"/> names a dataset.</summary>
    public bool DatasetExists(string path) => Exists(path) is IH5Dataset;

    /// <summary>The dtype (as read), shape and stored type of the dataset at <paramref name="path"/>, without reading its data.</summary>
    public StoredTensorInfo GetDatasetInfo(string path)
    {
        var key = Begin(path);
        return Guard(key, () => Describe(key).Info);
    }

    /// <summary>
    /// Reads the dataset at <paramref name="path"/> into a new flat row-major array of its dtype as read
    /// (<c>float[]</c>, <c>double[]</c>, <c>int[]</c>, <c>long[]</c>, <c>byte[]</c> or <c>bool[]</c>; see <see cref="StoredTensorInfo.DType"/>).
    /// </summary>
    public Array ReadDataset(string path)
    {
        var key = Begin(path);
        return Guard(key, () => ReadData(key).Data);
    }

    /// <summary>Reads the dataset at <paramref name="path"/> into a tensor on the current backend.</summary>
    public Tensor ReadTensor(string path)
    {
        var key = Begin(path);
        var (data, info) = Guard(key, () => ReadData(key));
        return TensorHost.FromArray(data, info.Shape, info.DType);
    }

    /// <summary>The string attribute <paramref name="name"/> of the group or dataset at <paramref name="path"/>, or null when it has none.</summary>
    public string? ReadAttribute(string path, string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var key = Begin(path);
        return Guard(key, () => StringAttribute(Get(key), name));
    }

    /// <summary>Closes the file (and the stream it was opened on, unless that was left open).</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _file.Dispose();
        _stream.Dispose();
    }

    // ---- internals ----

    private string Begin(string path)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return H5Paths.Normalize(path);
    }

    private T Guard<T>(string entry, Func<T> operation)
    {
        _stream.StartOperation(_stream.DefaultReadBudget);
        try { return operation(); }
        catch (Exception e) { throw Wrap(e, DisplayName, _entryPrefix, entry); }
    }

    private static ModelFileException Wrap(Exception e, string file, string prefix, string? entry) => e switch
    {
        ModelFileException m => m,
        H5FormatException f => new ModelFileException(file, Entry(prefix, f.ObjectPath), f.Message, f),
        OutOfMemoryException => new ModelFileException(file, Entry(prefix, entry), "the file claims a size that does not fit in memory.", e),
        _ => new ModelFileException(file, Entry(prefix, entry), e.Message, e),
    };

    // "model.weights.h5:/layers/dense/vars/0" inside an archive, "/layers/dense/vars/0" alone; the file as a whole has no path.
    private static string? Entry(string prefix, string? path) =>
        path is not null ? prefix + path : prefix.Length > 0 ? prefix.TrimEnd(':') : null;

    private IH5Object Get(string key) => Resolve(key) ?? throw new InvalidDataException("no such group or dataset.");

    private IH5Object? Exists(string path)
    {
        var key = Begin(path);
        return Guard(key, () => Resolve(key));
    }

    // PureHDF resolves an absolute path from the root each time, decoding every header on the way; resolving
    // one name at a time under a cached parent makes reading all of a file's datasets linear, not quadratic.
    private IH5Object? Resolve(string key)
    {
        if (key == "/") return _file;
        if (_objects.TryGetValue(key, out var known)) return known;
        int slash = key.LastIndexOf('/');
        var parentKey = slash == 0 ? "/" : key[..slash];
        if (Resolve(parentKey) is not IH5Group parent) return null;
        var name = key[(slash + 1)..];
        if (!parent.LinkExists(name)) return null;
        var found = parent.Get(name);
        _objects[key] = found;
        return found;
    }

    private IReadOnlyList<string> ListChildren(string groupPath, bool wantGroups)
    {
        var key = Begin(groupPath);
        return Guard(key, () =>
        {
            if (Get(key) is not IH5Group group) throw new InvalidDataException("not a group.");
            var names = new List<string>();
            foreach (var child in group.Children())
            {
                if (child is IH5UnresolvedLink broken)
                    throw new ModelFileException(DisplayName, _entryPrefix + Join(key, broken.Name), $"the link cannot be followed: {broken.Reason?.Message}", broken.Reason);
                // Names go back to the caller as path segments: a corrupt one must not turn into another path.
                if (!H5Paths.IsValidName(child.Name))
                    throw new InvalidDataException($"a child has an invalid name '{child.Name.Replace("\0", "\\0")}'.");
                if (wantGroups ? child is IH5Group : child is IH5Dataset) names.Add(child.Name);
            }
            return (IReadOnlyList<string>)names;
        });
    }

    private (StoredTensorInfo Info, StoredElement Element, IH5Dataset Dataset) Describe(string key)
    {
        var found = Resolve(key) ?? throw new InvalidDataException("no such dataset.");
        if (found is not IH5Dataset dataset) throw new InvalidDataException("not a dataset.");
        // Keras marks bfloat16 (stored as uint16) with a string attribute dtype="bfloat16"; any other attribute is ignored here.
        var dtypeAttribute = dataset.Type.Class == H5DataTypeClass.FixedPoint && dataset.Type.Size == 2 && IsStringAttribute(dataset, "dtype")
            ? StringAttribute(dataset, "dtype") : null;
        var element = H5ElementTypes.Classify(dataset.Type, dtypeAttribute);
        var shape = ShapeOf(dataset.Space);
        return (new StoredTensorInfo(key, element.Target(), shape, H5ElementTypes.Name(element)), element, dataset);
    }

    private static Shape ShapeOf(IH5Dataspace space)
    {
        if (space.Type == H5DataspaceType.Scalar) return Shape.Scalar;
        if (space.Type != H5DataspaceType.Simple) throw new InvalidDataException($"the dataset has a {space.Type} dataspace (no data).");
        var dims = space.Dimensions;
        var result = new int[dims.Length];
        long size = 1;
        for (int i = 0; i < dims.Length; i++)
        {
            if (dims[i] > int.MaxValue) throw new InvalidDataException($"dimension {i} is {dims[i]}, too large for a tensor.");
            result[i] = (int)dims[i];
            size *= result[i];
            if (size > int.MaxValue) throw new InvalidDataException($"the shape [{string.Join(", ", dims)}] has more elements than a tensor can hold.");
        }
        return new Shape(result);
    }

    private (Array Data, StoredTensorInfo Info) ReadData(string key)
    {
        var (info, element, dataset) = Describe(key);
        int count = info.Shape.Size;
        // Sizes first: the array is allocated only when the file can hold (or, compressed, plausibly expand to) that many bytes.
        long bytes = (long)count * element.ByteSize();
        long limit = dataset.Layout.Class == H5DataLayoutClass.Chunked ? _stream.Length * MaxChunkedExpansion : _stream.Length;
        if (bytes > limit)
            throw new InvalidDataException($"the dataset claims {bytes} bytes ({info.Shape} of {info.StoredType}), more than the file's {_stream.Length} bytes can hold.");

        var result = StoredElements.AllocateForRead(info.DType, count);
        if (count == 0) return (result, info);
        var native = (NativeDataset)dataset;
        if (element.IsDirect())
        {
            ReadInto(native, result);
            return (result, info);
        }
        // Narrow or differently laid out types: read the raw elements, then widen (extra memory: the raw copy).
        var raw = RawArray(element, count);
        ReadInto(native, raw);
        element.Convert(RawBytes(raw), result, 0);
        return (result, info);
    }

    private static ReadOnlySpan<byte> RawBytes(Array raw) => raw switch
    {
        byte[] a => a,
        ushort[] a => System.Runtime.InteropServices.MemoryMarshal.AsBytes(a.AsSpan()),
        uint[] a => System.Runtime.InteropServices.MemoryMarshal.AsBytes(a.AsSpan()),
        ulong[] a => System.Runtime.InteropServices.MemoryMarshal.AsBytes(a.AsSpan()),
        _ => throw new InvalidOperationException(),
    };

    private static Array RawArray(StoredElement element, int count) => element.ByteSize() switch
    {
        1 => new byte[count],
        2 => new ushort[count],
        4 => new uint[count],
        _ => new ulong[count],
    };

    // PureHDF checks the element size of T against the file's type (not its kind: raw bits go into a same-size type)
    // and refuses a byte order other than the host's.
    private static void ReadInto(NativeDataset dataset, Array destination)
    {
        switch (destination)
        {
            case float[] a: dataset.Read<float>(a.AsSpan()); break;
            case double[] a: dataset.Read<double>(a.AsSpan()); break;
            case int[] a: dataset.Read<int>(a.AsSpan()); break;
            case long[] a: dataset.Read<long>(a.AsSpan()); break;
            case byte[] a: dataset.Read<byte>(a.AsSpan()); break;
            case ushort[] a: dataset.Read<ushort>(a.AsSpan()); break;
            case uint[] a: dataset.Read<uint>(a.AsSpan()); break;
            case ulong[] a: dataset.Read<ulong>(a.AsSpan()); break;
            default: throw new InvalidOperationException($"No read for {destination.GetType().Name}.");
        }
    }

    private static bool IsStringAttribute(IH5Object target, string name)
    {
        if (!target.AttributeExists(name)) return false;
        var attribute = target.Attribute(name);
        return attribute.Type.Class is H5DataTypeClass.String or H5DataTypeClass.VariableLength && attribute.Space.Type == H5DataspaceType.Scalar;
    }

    private static string? StringAttribute(IH5Object target, string name)
    {
        if (!target.AttributeExists(name)) return null;
        var attribute = target.Attribute(name);
        if (attribute.Type.Class is not (H5DataTypeClass.String or H5DataTypeClass.VariableLength))
            throw new InvalidDataException($"attribute '{name}' is not a string (it is {attribute.Type.Class}).");
        if (attribute.Space.Type != H5DataspaceType.Scalar)
            throw new InvalidDataException($"attribute '{name}' is not a single string.");
        return attribute.Read<string>();
    }

    private static string Join(string path, string name) => path == "/" ? "/" + name : path + "/" + name;
}
