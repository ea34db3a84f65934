namespace KerasSharp.Saving;

/// <summary>The safetensors dtype names and the element types they map to.</summary>
internal static class SafeTensorsDTypes
{
    /// <summary>The element type of a header dtype name, or null for a name we do not read.</summary>
    public static StoredElement? Parse(string name) => name switch
    {
        "BOOL" => StoredElement.Bool,
        "U8" => StoredElement.UInt8,
        "I8" => StoredElement.Int8,
        "I16" => StoredElement.Int16,
        "U16" => StoredElement.UInt16,
        "I32" => StoredElement.Int32,
        "U32" => StoredElement.UInt32,
        "I64" => StoredElement.Int64,
        "U64" => StoredElement.UInt64,
        "F16" => StoredElement.Float16,
        "BF16" => StoredElement.BFloat16,
        "F32" => StoredElement.Float32,
        "F64" => StoredElement.Float64,
        _ => null,
    };

    /// <summary>The header name we write for one of our dtypes.</summary>
    public static string Name(DType dtype) => dtype switch
    {
        DType.Bool => "BOOL",
        DType.UInt8 => "U8",
        DType.Int32 => "I32",
        DType.Int64 => "I64",
        DType.Float32 => "F32",
        DType.Float64 => "F64",
        _ => throw new ArgumentOutOfRangeException(nameof(dtype)),
    };
}
