using PureHDF;

namespace KerasSharp.Saving;

/// <summary>Maps an HDF5 datatype (as PureHDF describes it) to the element type we read it as.</summary>
internal static class H5ElementTypes
{
    /// <summary>
    /// The stored element of a dataset's datatype; <paramref name="dtypeAttribute"/> is its "dtype" attribute, which
    /// Keras sets to "bfloat16" on the uint16 datasets holding bfloat16 bits. Throws <see cref="InvalidDataException"/>
    /// for a type we do not read.
    /// </summary>
    public static StoredElement Classify(IH5DataType type, string? dtypeAttribute)
    {
        int size = type.Size;
        switch (type.Class)
        {
            case H5DataTypeClass.FloatingPoint:
                return size switch
                {
                    2 => StoredElement.Float16,
                    4 => StoredElement.Float32,
                    8 => StoredElement.Float64,
                    _ => throw new InvalidDataException($"unsupported {8 * size}-bit floating-point type."),
                };
            case H5DataTypeClass.FixedPoint:
            {
                bool signed = type.FixedPoint.IsSigned;
                return (size, signed) switch
                {
                    (1, true) => StoredElement.Int8,
                    (1, false) => StoredElement.UInt8,
                    (2, true) => StoredElement.Int16,
                    (2, false) => dtypeAttribute == "bfloat16" ? StoredElement.BFloat16 : StoredElement.UInt16,
                    (4, true) => StoredElement.Int32,
                    (4, false) => StoredElement.UInt32,
                    (8, true) => StoredElement.Int64,
                    (8, false) => StoredElement.UInt64,
                    _ => throw new InvalidDataException($"unsupported {8 * size}-bit integer type."),
                };
            }
            case H5DataTypeClass.Enumerated when IsH5pyBool(type):
                return StoredElement.Bool;
            default:
                throw new InvalidDataException($"unsupported HDF5 datatype class {type.Class} (size {size}); weights are numbers or bools.");
        }
    }

    /// <summary>The name a stored element goes by in HDF5/numpy terms ("float16", "bfloat16", "bool", ...).</summary>
    public static string Name(StoredElement e) => e switch
    {
        StoredElement.BFloat16 => "bfloat16",
        StoredElement.Float16 => "float16",
        _ => e.ToString().ToLowerInvariant(),
    };

    // h5py's bool: a one-byte integer enum whose members are exactly FALSE = 0 and TRUE = 1.
    private static bool IsH5pyBool(IH5DataType type)
    {
        var enumeration = type.Enumeration;
        if (type.Size != 1 || enumeration.BaseType.Class != H5DataTypeClass.FixedPoint) return false;
        var members = enumeration.GetMembers<byte>();
        return members.Count == 2
            && members.TryGetValue("FALSE", out var f) && f == 0
            && members.TryGetValue("TRUE", out var t) && t == 1;
    }
}
