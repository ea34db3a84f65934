namespace KerasSharp.Onnx;

/// <summary>Caps that keep a hostile ONNX file from making the reader allocate or recurse more than real files need.</summary>
internal static class OnnxLimits
{
    /// <summary>Largest ONNX file read into memory (protobuf's own limit is 2 GiB; larger models keep their weights in external files).</summary>
    public const long MaxModelBytes = int.MaxValue;

    /// <summary>Deepest nesting of protobuf messages (subgraphs of If/Loop nest; real files stay under 20).</summary>
    public const int MaxRecursion = 64;

    /// <summary>Most axes of a tensor.</summary>
    public const int MaxRank = 32;

    /// <summary>Most elements in one tensor (one backend buffer).</summary>
    public const long MaxElements = int.MaxValue;

    /// <summary>Largest constant (a folded shape, a Constant node) kept in a layer's config instead of a weight.</summary>
    public const int MaxConfigConstant = 4096;
}
