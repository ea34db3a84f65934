using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace KerasSharp.ModelZoo;

/// <summary>The element types of the torch storages we read (little-endian in the file).</summary>
internal enum TorchElement
{
    Bool, UInt8, Int8, Int16, Int32, Int64, Float16, BFloat16, Float32, Float64,
}

/// <summary>Sizes, names, target dtypes and conversions of <see cref="TorchElement"/> values.</summary>
internal static class TorchElements
{
    /// <summary>The element type of a storage class name such as "FloatStorage", or null for one we do not read.</summary>
    public static TorchElement? FromStorageClass(string name) => name switch
    {
        "BoolStorage" => TorchElement.Bool,
        "ByteStorage" => TorchElement.UInt8,
        "CharStorage" => TorchElement.Int8,
        "ShortStorage" => TorchElement.Int16,
        "IntStorage" => TorchElement.Int32,
        "LongStorage" => TorchElement.Int64,
        "HalfStorage" => TorchElement.Float16,
        "BFloat16Storage" => TorchElement.BFloat16,
        "FloatStorage" => TorchElement.Float32,
        "DoubleStorage" => TorchElement.Float64,
        _ => null,
    };

    /// <summary>Bytes per element.</summary>
    public static int ByteSize(this TorchElement e) => e switch
    {
        TorchElement.Bool or TorchElement.UInt8 or TorchElement.Int8 => 1,
        TorchElement.Int16 or TorchElement.Float16 or TorchElement.BFloat16 => 2,
        TorchElement.Int32 or TorchElement.Float32 => 4,
        _ => 8,
    };

    /// <summary>torch's name for the dtype ("float16", "int64", ...), as <see cref="StoredTensorInfo.StoredType"/> reports it.</summary>
    public static string TorchName(this TorchElement e) => e switch
    {
        TorchElement.Bool => "bool",
        TorchElement.UInt8 => "uint8",
        TorchElement.Int8 => "int8",
        TorchElement.Int16 => "int16",
        TorchElement.Int32 => "int32",
        TorchElement.Int64 => "int64",
        TorchElement.Float16 => "float16",
        TorchElement.BFloat16 => "bfloat16",
        TorchElement.Float32 => "float32",
        _ => "float64",
    };

    /// <summary>The dtype an element is read into: the narrowest of ours that holds every value exactly.</summary>
    public static DType Target(this TorchElement e) => e switch
    {
        TorchElement.Bool => DType.Bool,
        TorchElement.UInt8 => DType.UInt8,
        TorchElement.Int8 or TorchElement.Int16 or TorchElement.Int32 => DType.Int32,
        TorchElement.Int64 => DType.Int64,
        TorchElement.Float16 or TorchElement.BFloat16 or TorchElement.Float32 => DType.Float32,
        _ => DType.Float64,
    };

    /// <summary>True when the file's bytes are the target array's bytes, so reads go straight into the result.</summary>
    public static bool IsDirect(this TorchElement e) =>
        e is TorchElement.UInt8 or TorchElement.Int32 or TorchElement.Int64 or TorchElement.Float32 or TorchElement.Float64;

    /// <summary>An array of <paramref name="dtype"/> that the read will fill completely (so it is not zeroed first).</summary>
    public static Array Allocate(DType dtype, int count) => dtype switch
    {
        DType.Float32 => GC.AllocateUninitializedArray<float>(count),
        DType.Float64 => GC.AllocateUninitializedArray<double>(count),
        DType.Int32 => GC.AllocateUninitializedArray<int>(count),
        DType.Int64 => GC.AllocateUninitializedArray<long>(count),
        DType.UInt8 => GC.AllocateUninitializedArray<byte>(count),
        _ => new bool[count],
    };

    /// <summary>The bytes of elements [start, start + count) of one of our flat host arrays.</summary>
    public static Span<byte> Bytes(Array array, int start, int count) => array switch
    {
        float[] a => MemoryMarshal.AsBytes(a.AsSpan(start, count)),
        double[] a => MemoryMarshal.AsBytes(a.AsSpan(start, count)),
        int[] a => MemoryMarshal.AsBytes(a.AsSpan(start, count)),
        long[] a => MemoryMarshal.AsBytes(a.AsSpan(start, count)),
        byte[] a => a.AsSpan(start, count),
        _ => throw new ArgumentException($"No direct bytes for {array.GetType().Name}."),
    };

    /// <summary>Converts whole elements of <paramref name="e"/> in <paramref name="raw"/> into <paramref name="destination"/> from <paramref name="start"/> on.</summary>
    public static void Convert(this TorchElement e, ReadOnlySpan<byte> raw, Array destination, int start)
    {
        int n = raw.Length / e.ByteSize();
        switch (e)
        {
            case TorchElement.Bool:
            {
                // A .NET bool must be 0 or 1 in memory; the file may hold any byte.
                var d = ((bool[])destination).AsSpan(start, n);
                for (int i = 0; i < n; i++) d[i] = raw[i] != 0;
                break;
            }
            case TorchElement.Int8:
            {
                var d = ((int[])destination).AsSpan(start, n);
                for (int i = 0; i < n; i++) d[i] = (sbyte)raw[i];
                break;
            }
            case TorchElement.Int16:
            {
                var d = ((int[])destination).AsSpan(start, n);
                for (int i = 0; i < n; i++) d[i] = BinaryPrimitives.ReadInt16LittleEndian(raw[(2 * i)..]);
                break;
            }
            case TorchElement.Float16:
            {
                var d = ((float[])destination).AsSpan(start, n);
                var halves = MemoryMarshal.Cast<byte, Half>(raw);
                for (int i = 0; i < n; i++) d[i] = (float)halves[i];
                break;
            }
            case TorchElement.BFloat16:
            {
                // bfloat16 is the top half of a float32: widening is a shift.
                var d = ((float[])destination).AsSpan(start, n);
                var bits = MemoryMarshal.Cast<byte, ushort>(raw);
                for (int i = 0; i < n; i++) d[i] = BitConverter.Int32BitsToSingle(bits[i] << 16);
                break;
            }
            default:
                raw[..(n * e.ByteSize())].CopyTo(Bytes(destination, start, n));
                break;
        }
    }
}
