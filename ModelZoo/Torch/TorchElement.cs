using KerasSharp.Saving;

namespace KerasSharp.ModelZoo;

/// <summary>
/// torch's storage classes and dtype names over the weight files' <see cref="StoredElement"/> (its sizes, target
/// dtypes and conversions serve the PyTorch reader too).
/// </summary>
internal static class TorchElements
{
    /// <summary>The element type of a storage class name such as "FloatStorage", or null for one we do not read.</summary>
    public static StoredElement? FromStorageClass(string name) => name switch
    {
        "BoolStorage" => StoredElement.Bool,
        "ByteStorage" => StoredElement.UInt8,
        "CharStorage" => StoredElement.Int8,
        "ShortStorage" => StoredElement.Int16,
        "IntStorage" => StoredElement.Int32,
        "LongStorage" => StoredElement.Int64,
        "HalfStorage" => StoredElement.Float16,
        "BFloat16Storage" => StoredElement.BFloat16,
        "FloatStorage" => StoredElement.Float32,
        "DoubleStorage" => StoredElement.Float64,
        _ => null,
    };

    /// <summary>torch's name for the dtype ("float16", "int64", ...), as <see cref="StoredTensorInfo.StoredType"/> reports it.</summary>
    public static string TorchName(this StoredElement e) => e.ToString().ToLowerInvariant();
}
