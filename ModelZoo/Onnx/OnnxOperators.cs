namespace KerasSharp.Onnx;

/// <summary>
/// The operators the importer converts, by ONNX op type, each written against <see cref="Ops"/> so gradients flow
/// through the tape; one file per family (<c>OnnxOperators.*.cs</c>).
/// </summary>
internal static partial class OnnxOperators
{
    private static readonly Dictionary<string, Func<OnnxCall, Tensor[]>> Table = new(StringComparer.Ordinal);

    static OnnxOperators()
    {
        AddElementwise();
        AddLinear();
        AddSpatial();
        AddNormalization();
        AddReductions();
        AddLayout();
        AddIndexing();
        AddCreation();
        AddRecurrent();
    }

    /// <summary>The op types with a converter, sorted.</summary>
    public static IReadOnlyList<string> Supported => [.. Table.Keys.Order(StringComparer.Ordinal)];

    /// <summary>True when <paramref name="opType"/> has a converter.</summary>
    public static bool IsSupported(string opType) => Table.ContainsKey(opType);

    /// <summary>Inputs that are statistics, not parameters: initializers there become non-trainable weights.</summary>
    public static bool IsNonTrainableInput(string opType, int index) => opType == "BatchNormalization" && index >= 3;

    /// <summary>Runs the converter of <paramref name="call"/>'s op type.</summary>
    public static Tensor[] Run(OnnxCall call)
    {
        if (!Table.TryGetValue(call.OpType, out var convert))
            throw call.Fail($"operator {call.OpType} is not supported; supported: {string.Join(", ", Supported)}.");
        try
        {
            return convert(call);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or IndexOutOfRangeException)
        {
            throw call.Fail(e.Message);
        }
    }

    private static void Add(string opType, Func<OnnxCall, Tensor> convert) => Table[opType] = c => [convert(c)];

    private static void AddMany(string opType, Func<OnnxCall, Tensor[]> convert) => Table[opType] = convert;

    // ONNX TensorProto element types used by Cast and ConstantOfShape.
    internal static DType DTypeOf(long onnxType, Func<string, Exception> fail) => onnxType switch
    {
        1 or 10 or 16 => DType.Float32,          // float, float16 and bfloat16 (widened)
        11 => DType.Float64,
        7 or 12 or 13 => DType.Int64,             // int64, uint32, uint64
        6 or 3 or 5 or 4 => DType.Int32,          // int32, int8, int16, uint16
        2 => DType.UInt8,
        9 => DType.Bool,
        _ => throw fail($"element type {onnxType} is not supported (supported: float, double, float16, bfloat16, int64, int32, int16, int8, uint8, uint16, uint32, bool)."),
    };

    /// <summary>The ONNX element type number of <paramref name="dtype"/>.</summary>
    internal static int OnnxTypeOf(DType dtype) => dtype switch
    {
        DType.Float32 => 1,
        DType.Float64 => 11,
        DType.Int64 => 7,
        DType.Int32 => 6,
        DType.UInt8 => 2,
        DType.Bool => 9,
        _ => 0,
    };
}
