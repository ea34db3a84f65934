using KerasSharp.Backends;

namespace KerasSharp;

public partial class Tensor
{
    /// <summary>
    /// A tensor over a copy of <paramref name="data"/> with <paramref name="shape"/> (row-major) on the current backend.
    /// With no shape, the tensor is 1-D.
    /// </summary>
    /// <example><code>var x = Tensor.FromArray(new float[] { 1, 2, 3, 4, 5, 6 }, 2, 3);</code></example>
    public static Tensor FromArray<T>(T[] data, params int[] shape) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(data);
        var s = shape.Length == 0 ? new Shape(data.Length) : new Shape(shape);
        if (s.Size != data.Length)
            throw new ArgumentException($"FromArray: {data.Length} values do not fill shape {s} ({s.Size} elements).");
        var backend = KerasSharp.Backend.Current;
        if (backend is IHostCopyKernels copy) return copy.CopyFromHost<T>(data, s, Device.Default);
        return backend.FromHost((T[])data.Clone(), s, DTypes.Of<T>(), Device.Default);
    }

    /// <summary>
    /// A string tensor (<see cref="DType.String"/>, host memory only) over a copy of <paramref name="data"/>, row-major;
    /// with no shape it is 1-D. Text layers (StringLookup, Hashing, TextVectorization) take it; numeric ops refuse it.
    /// </summary>
    /// <example><code>var reviews = Tensor.FromStrings(["a great film", "dull"]);</code></example>
    /// <exception cref="ArgumentException">An element is null, or the data does not fill the shape.</exception>
    public static Tensor FromStrings(string[] data, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(data);
        var s = shape.Length == 0 ? new Shape(data.Length) : new Shape(shape);
        return StringBackend.Instance.FromHost((string[])data.Clone(), s, DType.String, Device.Cpu);
    }

    /// <summary>
    /// A tensor from a multi-dimensional array such as <c>float[,]</c> or <c>int[,,]</c>, keeping its shape.
    /// </summary>
    public static Tensor FromArray(Array data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var elementType = data.GetType().GetElementType()!;
        if (elementType.IsArray) throw new ArgumentException("FromArray: jagged arrays go through FromJagged.");
        var dtype = DTypes.Of(elementType);
        var shape = new int[data.Rank];
        for (int d = 0; d < data.Rank; d++) shape[d] = data.GetLength(d);
        if (dtype == DType.String) return FromStrings(data.Cast<string>().ToArray(), shape);
        var flat = HostArrays.Allocate(dtype, data.Length);
        // Buffer.BlockCopy is row-major for rectangular arrays of primitives (bool included, one byte each).
        Buffer.BlockCopy(data, 0, flat, 0, data.Length * dtype.SizeOf());
        return KerasSharp.Backend.Current.FromHost(flat, new Shape(shape), dtype, Device.Default);
    }

    /// <summary>
    /// A tensor from a jagged array (<c>float[][]</c>, <c>int[][][]</c>, ...). Every row at one depth must have
    /// the same length; a ragged row fails with its position.
    /// </summary>
    public static Tensor FromJagged(Array data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var dims = new List<int>();
        Type t = data.GetType();
        object level = data;
        while (t.IsArray)
        {
            var a = (Array)level;
            dims.Add(a.Length);
            t = t.GetElementType()!;
            if (!t.IsArray) break;
            if (a.Length == 0) { while (t.IsArray) { dims.Add(0); t = t.GetElementType()!; } break; }
            level = a.GetValue(0)!;
        }
        var dtype = DTypes.Of(t);
        var shape = new Shape(dims.ToArray());
        var flat = HostArrays.Allocate(dtype, shape.Size);
        int offset = 0;
        Fill(data, 0, "");
        return KerasSharp.Backend.Current.FromHost(flat, shape, dtype, Device.Default);

        void Fill(Array a, int depth, string path)
        {
            if (a is null) throw new ArgumentException($"FromJagged: row {path} is null.");
            if (a.Length != dims[depth])
                throw new ArgumentException($"FromJagged: row {path} has length {a.Length}, expected {dims[depth]} (the array is ragged).");
            if (depth == dims.Count - 1)
            {
                Array.Copy(a, 0, flat, offset, a.Length);
                offset += a.Length;
                return;
            }
            for (int i = 0; i < a.Length; i++) Fill((Array)a.GetValue(i)!, depth + 1, $"{path}[{i}]");
        }
    }

    /// <summary>
    /// A tensor from any .NET array: a flat <c>T[]</c> (rank 1), a rectangular <c>T[,]</c>/<c>T[,,]</c> or a jagged
    /// <c>T[][]</c>, keeping its shape and element type.
    /// </summary>
    public static Tensor FromAnyArray(Array data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return data.GetType().GetElementType()!.IsArray ? FromJagged(data) : FromArray(data);
    }

    /// <summary>A rank-0 tensor holding <paramref name="value"/>.</summary>
    public static Tensor Scalar<T>(T value) where T : unmanaged =>
        KerasSharp.Backend.Current.FromHost(new[] { value }, Shape.Scalar, DTypes.Of<T>(), Device.Default);
}
