using PureHDF;

namespace KerasSharp.Saving;

/// <summary>
/// Builds an HDF5 file of groups and numeric datasets (the Keras 3 weights layout: <c>layers/dense/vars/0</c>,
/// <c>optimizer/vars/0</c>, ...) and writes it through PureHDF. Data arrays are kept by reference until
/// <see cref="Save(Stream)"/>; do not change them in between.
/// </summary>
/// <example><code>
/// var h5 = new H5Writer();
/// h5.CreateGroup("vars");
/// h5.AddDataset("layers/dense/vars/0", kernel, DType.Float32, new Shape(784, 128));
/// h5.Save("model.weights.h5");
/// </code></example>
public sealed class H5Writer
{
    private readonly H5File _root = new();
    private readonly Dictionary<string, H5Group> _groups = new(StringComparer.Ordinal);
    private readonly Dictionary<string, H5Dataset> _datasets = new(StringComparer.Ordinal);

    /// <summary>An empty file (only the root group).</summary>
    public H5Writer() => _groups["/"] = _root;

    /// <summary>Creates the group at <paramref name="path"/> and any missing parents; an existing group is kept.</summary>
    public void CreateGroup(string path) => GetOrCreateGroup(H5Paths.Split(path), path);

    /// <summary>
    /// Adds a dataset at <paramref name="path"/> (parents are created). <paramref name="data"/> is a flat row-major
    /// array of <paramref name="dtype"/>'s element type (<c>float[]</c> for float32, <c>bool[]</c> for bool, ...)
    /// holding <paramref name="shape"/>'s size; a rank-0 shape writes a scalar dataset.
    /// </summary>
    public void AddDataset(string path, Array data, DType dtype, Shape shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        TensorHost.CheckArray(data, dtype, shape, $"H5Writer.AddDataset('{path}')");
        var segments = H5Paths.Split(path);
        if (segments.Length == 0) throw new ArgumentException("A dataset needs a name; '/' is the root group.", nameof(path));
        var parent = GetOrCreateGroup(segments[..^1], path);
        var name = segments[^1];
        if (parent.ContainsKey(name)) throw new ArgumentException($"'{path}' already exists.", nameof(path));
        var dataset = MakeDataset(data, dtype, shape);
        parent[name] = dataset;
        _datasets[H5Paths.Normalize(path)] = dataset;
    }

    /// <summary>Adds a dataset holding a copy of <paramref name="tensor"/>'s values, dtype and shape.</summary>
    public void AddDataset(string path, Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        AddDataset(path, TensorHost.ToArray(tensor), tensor.DType, tensor.Shape);
    }

    /// <summary>Sets a string attribute on the group or dataset at <paramref name="path"/> ("/" for the root).</summary>
    public void SetAttribute(string path, string name, string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(value);
        var key = H5Paths.Normalize(path);
        H5Object target = _groups.TryGetValue(key, out var group) ? group
            : _datasets.TryGetValue(key, out var dataset) ? dataset
            : throw new ArgumentException($"No group or dataset '{path}' to set attribute '{name}' on.", nameof(path));
        target.Attributes[name] = value;
    }

    /// <summary>Writes the file to <paramref name="filePath"/> atomically (a temporary file renamed over it).</summary>
    public void Save(string filePath) => AtomicFile.Write(filePath, stream => Save(stream));

    /// <summary>Writes the file into <paramref name="stream"/> from its current position (readable, writable and seekable, as PureHDF needs).</summary>
    public void Save(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanRead || !stream.CanWrite || !stream.CanSeek)
            throw new ArgumentException("H5Writer.Save needs a readable, writable and seekable stream.", nameof(stream));
        _root.Write(stream);
    }

    private H5Group GetOrCreateGroup(string[] segments, string path)
    {
        H5Group group = _root;
        var current = "";
        foreach (var name in segments)
        {
            current += "/" + name;
            if (_groups.TryGetValue(current, out var existing)) { group = existing; continue; }
            if (group.ContainsKey(name)) throw new ArgumentException($"'{current}' is a dataset, so '{path}' cannot be created under it.", nameof(path));
            var created = new H5Group();
            group[name] = created;
            _groups[current] = created;
            group = created;
        }
        return group;
    }

    private static H5Dataset MakeDataset(Array data, DType dtype, Shape shape)
    {
        if (dtype == DType.Bool) data = ToH5Bools((bool[])data);
        // A boxed element makes PureHDF write a scalar dataspace, so h5py sees shape ().
        if (shape.Rank == 0) return new H5Dataset(data.GetValue(0)!);
        var dims = new ulong[shape.Rank];
        for (int i = 0; i < dims.Length; i++) dims[i] = (ulong)shape[i];
        return new H5Dataset(data, fileDims: dims);
    }

    private static H5BoolValue[] ToH5Bools(bool[] values)
    {
        var result = new H5BoolValue[values.Length];
        for (int i = 0; i < values.Length; i++) result[i] = values[i] ? H5BoolValue.TRUE : H5BoolValue.FALSE;
        return result;
    }
}
