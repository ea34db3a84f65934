using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace KerasSharp.Saving;

/// <summary>Element types found in weight files, little-endian; each reads into one of KerasSharp's dtypes.</summary>
internal enum StoredElement
{
    Bool, UInt8, Int8, Int16, UInt16, Int32, UInt32, Int64, UInt64, Float16, BFloat16, Float32, Float64,
}

/// <summary>Sizes, target dtypes and conversions of <see cref="StoredElement"/> values.</summary>
internal static class StoredElements
{
    /// <summary>Bytes per stored element.</summary>
    public static int ByteSize(this StoredElement e) => e switch
    {
        StoredElement.Bool or StoredElement.UInt8 or StoredElement.Int8 => 1,
        StoredElement.Int16 or StoredElement.UInt16 or StoredElement.Float16 or StoredElement.BFloat16 => 2,
        StoredElement.Int32 or StoredElement.UInt32 or StoredElement.Float32 => 4,
        _ => 8,
    };

    /// <summary>The dtype an element of this type is read into (the narrowest of ours that holds every value).</summary>
    public static DType Target(this StoredElement e) => e switch
    {
        StoredElement.Bool => DType.Bool,
        StoredElement.UInt8 => DType.UInt8,
        StoredElement.Int8 or StoredElement.Int16 or StoredElement.UInt16 or StoredElement.Int32 => DType.Int32,
        StoredElement.UInt32 or StoredElement.Int64 or StoredElement.UInt64 => DType.Int64,
        StoredElement.Float16 or StoredElement.BFloat16 or StoredElement.Float32 => DType.Float32,
        _ => DType.Float64,
    };

    /// <summary>True when the stored bytes are already the target's bytes (reads go straight into the result array).</summary>
    public static bool IsDirect(this StoredElement e) =>
        e is StoredElement.UInt8 or StoredElement.Int32 or StoredElement.Int64 or StoredElement.Float32 or StoredElement.Float64;

    /// <summary>
    /// Converts <paramref name="raw"/> (whole elements of <paramref name="e"/>, little-endian) into
    /// <paramref name="destination"/> (an array of the target dtype) from element <paramref name="start"/> on.
    /// Throws <see cref="InvalidDataException"/> for a uint64 value that int64 cannot hold.
    /// </summary>
    public static void Convert(this StoredElement e, ReadOnlySpan<byte> raw, Array destination, int start)
    {
        int n = raw.Length / e.ByteSize();
        switch (e)
        {
            case StoredElement.Bool:
            {
                var d = ((bool[])destination).AsSpan(start, n);
                for (int i = 0; i < n; i++) d[i] = raw[i] != 0;   // any non-zero byte is true; a bool must be 0 or 1 in memory
                break;
            }
            case StoredElement.Int8:
            {
                var d = ((int[])destination).AsSpan(start, n);
                for (int i = 0; i < n; i++) d[i] = (sbyte)raw[i];
                break;
            }
            case StoredElement.Int16:
            {
                var d = ((int[])destination).AsSpan(start, n);
                for (int i = 0; i < n; i++) d[i] = BinaryPrimitives.ReadInt16LittleEndian(raw[(2 * i)..]);
                break;
            }
            case StoredElement.UInt16:
            {
                var d = ((int[])destination).AsSpan(start, n);
                for (int i = 0; i < n; i++) d[i] = BinaryPrimitives.ReadUInt16LittleEndian(raw[(2 * i)..]);
                break;
            }
            case StoredElement.UInt32:
            {
                var d = ((long[])destination).AsSpan(start, n);
                for (int i = 0; i < n; i++) d[i] = BinaryPrimitives.ReadUInt32LittleEndian(raw[(4 * i)..]);
                break;
            }
            case StoredElement.UInt64:
            {
                var d = ((long[])destination).AsSpan(start, n);
                for (int i = 0; i < n; i++)
                {
                    ulong v = BinaryPrimitives.ReadUInt64LittleEndian(raw[(8 * i)..]);
                    if (v > long.MaxValue)
                        throw new InvalidDataException($"uint64 value {v} at element {start + i} does not fit int64.");
                    d[i] = (long)v;
                }
                break;
            }
            case StoredElement.Float16:
            {
                var d = ((float[])destination).AsSpan(start, n);
                for (int i = 0; i < n; i++) d[i] = (float)BitConverter.UInt16BitsToHalf(BinaryPrimitives.ReadUInt16LittleEndian(raw[(2 * i)..]));
                break;
            }
            case StoredElement.BFloat16:
            {
                // bfloat16 is the top half of a float32: widening is a shift.
                var d = ((float[])destination).AsSpan(start, n);
                for (int i = 0; i < n; i++) d[i] = BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadUInt16LittleEndian(raw[(2 * i)..]) << 16);
                break;
            }
            default:
                // Direct types: the file's little-endian bytes are the host's bytes (.NET runs little-endian here).
                raw.CopyTo(Bytes(destination, start, n));
                break;
        }
    }

    /// <summary>
    /// A flat array of <paramref name="dtype"/> for a read that will fill every element: not zeroed first
    /// (zeroing 100 MB costs about as much as a tenth of reading it from the page cache).
    /// </summary>
    public static Array AllocateForRead(DType dtype, int count) => dtype switch
    {
        DType.Float32 => GC.AllocateUninitializedArray<float>(count),
        DType.Float64 => GC.AllocateUninitializedArray<double>(count),
        DType.Int32 => GC.AllocateUninitializedArray<int>(count),
        DType.Int64 => GC.AllocateUninitializedArray<long>(count),
        DType.UInt8 => GC.AllocateUninitializedArray<byte>(count),
        DType.Bool => GC.AllocateUninitializedArray<bool>(count),
        _ => throw new ArgumentOutOfRangeException(nameof(dtype)),
    };

    /// <summary>The bytes of elements [start, start + count) of a flat array of one of our dtypes.</summary>
    public static Span<byte> Bytes(Array array, int start, int count) => array switch
    {
        float[] a => MemoryMarshal.AsBytes(a.AsSpan(start, count)),
        double[] a => MemoryMarshal.AsBytes(a.AsSpan(start, count)),
        int[] a => MemoryMarshal.AsBytes(a.AsSpan(start, count)),
        long[] a => MemoryMarshal.AsBytes(a.AsSpan(start, count)),
        byte[] a => a.AsSpan(start, count),
        bool[] a => MemoryMarshal.AsBytes(a.AsSpan(start, count)),
        _ => throw new ArgumentException($"No dtype for {array.GetType().Name}."),
    };
}
