namespace KerasSharp.Layers;

/// <summary>
/// Encodes integer category indices below <see cref="NumTokens"/> as float32 rows: "one_hot" (one index per sample:
/// input [batch] or [batch, 1]), "multi_hot" (1 for every index present in the sample's row) or "count" (how many times).
/// An index out of range fails naming the layer.
/// </summary>
public sealed class CategoryEncoding : Layer
{
    /// <summary>Creates the layer for indices in [0, <paramref name="numTokens"/>).</summary>
    public CategoryEncoding(int numTokens, string outputMode = "multi_hot", string? name = null) : base(name)
    {
        if (numTokens <= 0) throw new ArgumentOutOfRangeException(nameof(numTokens), $"CategoryEncoding: numTokens must be positive, got {numTokens}.");
        if (outputMode is not ("one_hot" or "multi_hot" or "count"))
            throw new ArgumentException($"CategoryEncoding: outputMode must be \"one_hot\", \"multi_hot\" or \"count\", got \"{outputMode}\".");
        NumTokens = numTokens;
        OutputMode = outputMode;
    }

    /// <summary>The number of categories.</summary>
    public int NumTokens { get; }

    /// <summary>"one_hot", "multi_hot" or "count".</summary>
    public string OutputMode { get; }

    /// <inheritdoc/>
    public override Tensor Call(Tensor inputs, bool training)
    {
        if (!inputs.DType.IsInteger() && !inputs.DType.IsFloating())
            throw new ArgumentException($"Layer '{Name}': inputs must be integer indices, got {inputs.DType.Name()}.");
        var values = inputs.ToArray<long>();
        foreach (var v in values)
            if (v < 0 || v >= NumTokens)
                throw new ArgumentException($"Layer '{Name}': index {v} is outside [0, {NumTokens}); every value must be below numTokens.");
        var indices = inputs.DType == DType.Int64 ? inputs : Ops.Cast(inputs, DType.Int64);
        if (OutputMode == "one_hot")
        {
            if (!(inputs.Rank == 1 || (inputs.Rank == 2 && inputs.Shape[1] == 1)))
                throw new ArgumentException($"Layer '{Name}': one_hot takes one index per sample, shape (batch,) or (batch, 1); received {inputs.Shape}.");
            return Ops.OneHot(Ops.Reshape(indices, inputs.Shape[0]), NumTokens, DType);
        }
        var rows = inputs.Rank == 1 ? Ops.Reshape(indices, inputs.Shape[0], 1) : indices;
        var hot = Ops.OneHot(rows, NumTokens, DType);                  // [batch, k, tokens]
        return OutputMode == "count" ? Ops.Sum(hot, 1) : Ops.Max(hot, 1);
    }

    /// <inheritdoc/>
    public override int?[] ComputeOutputShape(int?[] inputShape) => [inputShape[0], NumTokens];

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var c = base.GetConfig();
        c["num_tokens"] = NumTokens;
        c["output_mode"] = OutputMode;
        return c;
    }
}
