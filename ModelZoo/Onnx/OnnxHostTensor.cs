namespace KerasSharp.Onnx;

/// <summary>A tensor's values on the host, as read from an ONNX file or folded at import: row-major data of <see cref="DType"/>.</summary>
internal sealed record OnnxHostTensor(DType DType, int[] Shape, Array Data)
{
    /// <summary>Element count.</summary>
    public long Size => Data.Length;

    /// <summary>
    /// A tensor holding a copy of the values, on the backend and device of <paramref name="like"/> (a layer's input, so
    /// a model imported on one backend runs there whatever the current backend is), or on the current backend.
    /// </summary>
    public Tensor ToTensor(Tensor? like = null)
    {
        var backend = like?.Backend ?? KerasSharp.Backend.Current;
        return backend.FromHost((Array)Data.Clone(), new KerasSharp.Shape(Shape), DType, like?.Device ?? Device.Default);
    }

    /// <summary>A host tensor of <paramref name="shape"/> with every element <paramref name="value"/>.</summary>
    public static OnnxHostTensor Filled(DType dtype, int[] shape, double value)
    {
        int n = shape.Aggregate(1, (a, b) => checked(a * b));
        Array data = dtype switch
        {
            DType.Float32 => Enumerable.Repeat((float)value, n).ToArray(),
            DType.Float64 => Enumerable.Repeat(value, n).ToArray(),
            DType.Int64 => Enumerable.Repeat((long)value, n).ToArray(),
            DType.Int32 => Enumerable.Repeat((int)value, n).ToArray(),
            DType.UInt8 => Enumerable.Repeat((byte)value, n).ToArray(),
            DType.Bool => Enumerable.Repeat(value != 0, n).ToArray(),
            _ => throw new InvalidOperationException($"OnnxHostTensor: unexpected dtype {dtype}."),
        };
        return new OnnxHostTensor(dtype, shape, data);
    }

    /// <summary>The values of <paramref name="tensor"/> copied to the host.</summary>
    public static OnnxHostTensor FromTensor(Tensor tensor)
    {
        Array data = tensor.DType switch
        {
            DType.Float32 => tensor.ToArray<float>(),
            DType.Float64 => tensor.ToArray<double>(),
            DType.Int64 => tensor.ToArray<long>(),
            DType.Int32 => tensor.ToArray<int>(),
            DType.UInt8 => tensor.ToArray<byte>(),
            DType.Bool => tensor.ToArray<bool>(),
            _ => throw new InvalidOperationException($"OnnxHostTensor: unexpected dtype {tensor.DType}."),
        };
        return new OnnxHostTensor(tensor.DType, tensor.Shape.ToArray(), data);
    }

    /// <summary>The values as 64-bit integers (shapes, axes, indices).</summary>
    public long[] AsInt64() => Data switch
    {
        long[] l => l,
        int[] i => Array.ConvertAll(i, v => (long)v),
        byte[] b => Array.ConvertAll(b, v => (long)v),
        bool[] b => Array.ConvertAll(b, v => v ? 1L : 0L),
        float[] f => Array.ConvertAll(f, v => (long)v),
        double[] d => Array.ConvertAll(d, v => (long)v),
        _ => throw new InvalidOperationException($"OnnxHostTensor: unexpected data {Data.GetType().Name}."),
    };

    /// <summary>The values as doubles (scalars such as Clip's bounds or Pad's value).</summary>
    public double[] AsDouble() => Data switch
    {
        float[] f => Array.ConvertAll(f, v => (double)v),
        double[] d => d,
        long[] l => Array.ConvertAll(l, v => (double)v),
        int[] i => Array.ConvertAll(i, v => (double)v),
        byte[] b => Array.ConvertAll(b, v => (double)v),
        bool[] b => Array.ConvertAll(b, v => v ? 1.0 : 0.0),
        _ => throw new InvalidOperationException($"OnnxHostTensor: unexpected data {Data.GetType().Name}."),
    };
}
