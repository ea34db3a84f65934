namespace KerasSharp.Onnx;

/// <summary>A tensor's values on the host, as read from an ONNX file or folded at import: row-major data of <see cref="DType"/>.</summary>
internal sealed record OnnxHostTensor(DType DType, int[] Shape, Array Data)
{
    /// <summary>Element count.</summary>
    public long Size => Data.Length;

    /// <summary>A tensor on the current backend holding a copy of the values.</summary>
    public Tensor ToTensor()
    {
        var t = Flat();
        return Shape.Length == 0 ? Ops.Reshape(t) : t;
    }

    private Tensor Flat() => Data switch
    {
        float[] f => Tensor.FromArray(f, Shape),
        double[] d => Tensor.FromArray(d, Shape),
        long[] l => Tensor.FromArray(l, Shape),
        int[] i => Tensor.FromArray(i, Shape),
        byte[] b => Tensor.FromArray(b, Shape),
        bool[] b => Tensor.FromArray(b, Shape),
        _ => throw new InvalidOperationException($"OnnxHostTensor: unexpected data {Data.GetType().Name}."),
    };

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
