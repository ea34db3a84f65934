namespace KerasSharp;

/// <summary>Element type of a <see cref="Tensor"/>.</summary>
/// <remarks>
/// Promotion between two tensors takes the later type in this order:
/// <c>Bool &lt; UInt8 &lt; Int32 &lt; Int64 &lt; Float32 &lt; Float64</c>
/// (so an integer tensor combined with a float32 tensor gives float32).
/// Scalars are "weak" as in NumPy 2/PyTorch: a C# number combined with a tensor keeps the tensor's
/// type when the number's kind (integer or floating) fits it; a floating scalar with an integer or bool
/// tensor gives float32 (so <c>uint8Images / 255f</c> is float32). True division of integers gives float32.
/// </remarks>
public enum DType
{
    /// <summary>Boolean, one byte per element.</summary>
    Bool = 0,
    /// <summary>Unsigned 8-bit integer (images).</summary>
    UInt8 = 1,
    /// <summary>Signed 32-bit integer.</summary>
    Int32 = 2,
    /// <summary>Signed 64-bit integer (indices, argmax results).</summary>
    Int64 = 3,
    /// <summary>IEEE 32-bit float, the default.</summary>
    Float32 = 4,
    /// <summary>IEEE 64-bit float (gradient checks).</summary>
    Float64 = 5,
    /// <summary>
    /// Text, one .NET string per element, in host memory only (see <see cref="Backends.StringBackend"/>): layout ops and
    /// the text layers accept it, numeric ops refuse it. It takes part in no promotion.
    /// </summary>
    String = 6,
}

/// <summary>Facts about <see cref="DType"/> values.</summary>
public static class DTypes
{
    /// <summary>Bytes per element.</summary>
    public static int SizeOf(this DType t) => t switch
    {
        DType.Bool or DType.UInt8 => 1,
        DType.Int32 or DType.Float32 => 4,
        _ => 8,   // float64, int64; a string element is one reference
    };

    /// <summary>True for float32 and float64.</summary>
    public static bool IsFloating(this DType t) => t is DType.Float32 or DType.Float64;

    /// <summary>True for uint8, int32 and int64.</summary>
    public static bool IsInteger(this DType t) => t is DType.UInt8 or DType.Int32 or DType.Int64;

    /// <summary>The Keras/NumPy name: "float32", "int64", "bool", ...</summary>
    public static string Name(this DType t) => t switch
    {
        DType.Bool => "bool",
        DType.UInt8 => "uint8",
        DType.Int32 => "int32",
        DType.Int64 => "int64",
        DType.Float32 => "float32",
        DType.Float64 => "float64",
        DType.String => "string",
        _ => t.ToString(),
    };

    /// <summary>Parses a Keras/NumPy dtype name.</summary>
    public static DType Parse(string name) => name.ToLowerInvariant() switch
    {
        "bool" => DType.Bool,
        "uint8" => DType.UInt8,
        "int32" => DType.Int32,
        "int64" => DType.Int64,
        "float32" or "float" => DType.Float32,
        "float64" or "double" => DType.Float64,
        "string" => DType.String,
        _ => throw new ArgumentException($"Unknown dtype '{name}'. Known dtypes: bool, uint8, int32, int64, float32, float64, string."),
    };

    /// <summary>The result type of combining two tensors (see <see cref="DType"/>).</summary>
    public static DType Promote(DType a, DType b) =>
        (a == DType.String) != (b == DType.String)
            ? throw new ArgumentException($"A string tensor cannot be combined with a {(a == DType.String ? b : a).Name()} tensor: numeric ops do not accept strings.")
            : a >= b ? a : b;

    /// <summary>The CLR element type used for host arrays of this dtype.</summary>
    public static Type ClrType(this DType t) => t switch
    {
        DType.Bool => typeof(bool),
        DType.UInt8 => typeof(byte),
        DType.Int32 => typeof(int),
        DType.Int64 => typeof(long),
        DType.Float32 => typeof(float),
        DType.Float64 => typeof(double),
        DType.String => typeof(string),
        _ => throw new ArgumentOutOfRangeException(nameof(t)),
    };

    /// <summary>The dtype whose host arrays have element type <typeparamref name="T"/>.</summary>
    public static DType Of<T>() => Of(typeof(T));

    /// <summary>The dtype whose host arrays have element type <paramref name="type"/>.</summary>
    public static DType Of(Type type) =>
        type == typeof(float) ? DType.Float32 :
        type == typeof(double) ? DType.Float64 :
        type == typeof(int) ? DType.Int32 :
        type == typeof(long) ? DType.Int64 :
        type == typeof(byte) ? DType.UInt8 :
        type == typeof(bool) ? DType.Bool :
        type == typeof(string) ? DType.String :
        throw new ArgumentException($"No tensor dtype for element type {type.Name}; use float, double, int, long, byte, bool or string.");
}
