namespace KerasSharp;

/// <summary>Conversions between flat host arrays of the supported element types.</summary>
internal static class HostArrays
{
    /// <summary>A new flat array of <paramref name="dtype"/>'s element type with <paramref name="length"/> elements.</summary>
    public static Array Allocate(DType dtype, int length) => Array.CreateInstance(dtype.ClrType(), length);

    /// <summary>Converts a flat array to <paramref name="target"/>'s element type (returns the same array when it already is).</summary>
    public static Array Convert(Array source, DType target)
    {
        var from = DTypes.Of(source.GetType().GetElementType()!);
        if (from == target) return source;
        if (from == DType.String || target == DType.String)
            throw new InvalidOperationException($"A {from.Name()} tensor's elements cannot be read as {target.Name()}: strings and numbers do not convert; use ToStrings() for text.");
        int n = source.Length;
        var result = Allocate(target, n);
        switch (target)
        {
            case DType.Float32: { var r = (float[])result; for (int i = 0; i < n; i++) r[i] = (float)ReadDouble(source, from, i); break; }
            case DType.Float64: { var r = (double[])result; for (int i = 0; i < n; i++) r[i] = ReadDouble(source, from, i); break; }
            case DType.Int32: { var r = (int[])result; for (int i = 0; i < n; i++) r[i] = (int)ReadLong(source, from, i); break; }
            case DType.Int64: { var r = (long[])result; for (int i = 0; i < n; i++) r[i] = ReadLong(source, from, i); break; }
            case DType.UInt8: { var r = (byte[])result; for (int i = 0; i < n; i++) r[i] = unchecked((byte)ReadLong(source, from, i)); break; }
            case DType.Bool: { var r = (bool[])result; for (int i = 0; i < n; i++) r[i] = ReadDouble(source, from, i) != 0; break; }
        }
        return result;
    }

    /// <summary>Element <paramref name="i"/> as a double.</summary>
    public static double ReadDouble(Array a, DType t, int i) => t switch
    {
        DType.Float32 => ((float[])a)[i],
        DType.Float64 => ((double[])a)[i],
        DType.Int32 => ((int[])a)[i],
        DType.Int64 => ((long[])a)[i],
        DType.UInt8 => ((byte[])a)[i],
        DType.Bool => ((bool[])a)[i] ? 1 : 0,
        _ => throw new ArgumentOutOfRangeException(nameof(t)),
    };

    /// <summary>Element <paramref name="i"/> as a long (floats truncate toward zero).</summary>
    public static long ReadLong(Array a, DType t, int i) => t switch
    {
        DType.Float32 => (long)((float[])a)[i],
        DType.Float64 => (long)((double[])a)[i],
        DType.Int32 => ((int[])a)[i],
        DType.Int64 => ((long[])a)[i],
        DType.UInt8 => ((byte[])a)[i],
        DType.Bool => ((bool[])a)[i] ? 1 : 0,
        _ => throw new ArgumentOutOfRangeException(nameof(t)),
    };
}
