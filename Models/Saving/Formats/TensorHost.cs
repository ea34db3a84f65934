namespace KerasSharp.Saving;

/// <summary>Moves tensors to and from the flat host arrays the file formats read and write.</summary>
internal static class TensorHost
{
    /// <summary>A flat row-major copy of <paramref name="tensor"/>'s elements in its own dtype.</summary>
    public static Array ToArray(Tensor tensor) => tensor.DType switch
    {
        DType.Bool => tensor.ToArray<bool>(),
        DType.UInt8 => tensor.ToArray<byte>(),
        DType.Int32 => tensor.ToArray<int>(),
        DType.Int64 => tensor.ToArray<long>(),
        DType.Float32 => tensor.ToArray<float>(),
        DType.Float64 => tensor.ToArray<double>(),
        _ => throw new ArgumentOutOfRangeException(nameof(tensor), $"No host array for dtype {tensor.DType}."),
    };

    /// <summary>A tensor on the current backend that takes over <paramref name="data"/> (no copy on the native backend).</summary>
    public static Tensor FromArray(Array data, Shape shape, DType dtype) =>
        Backend.Current.FromHost(data, shape, dtype, Device.Default);

    /// <summary>Checks that <paramref name="data"/> is a flat array of <paramref name="dtype"/>'s element type filling <paramref name="shape"/>.</summary>
    public static void CheckArray(Array data, DType dtype, Shape shape, string what)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Rank != 1 || data.GetType().GetElementType() != dtype.ClrType())
            throw new ArgumentException($"{what}: expected a flat {dtype.ClrType().Name}[] for dtype {dtype.Name()}, got {data.GetType().Name}.");
        if (data.Length != shape.Size)
            throw new ArgumentException($"{what}: {data.Length} elements do not fill shape {shape} ({shape.Size} elements).");
    }
}
