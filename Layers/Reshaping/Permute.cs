namespace KerasSharp.Layers;

/// <summary>Permutes the non-batch axes; <see cref="Dims"/> is 1-based as in Keras: [2, 1] swaps the two axes after the batch.</summary>
public sealed class Permute : Layer
{
    /// <summary>Creates the layer; <paramref name="dims"/> must be a permutation of 1..n.</summary>
    public Permute(int[] dims, string? name = null) : base(name)
    {
        ArgumentNullException.ThrowIfNull(dims);
        if (!dims.Order().SequenceEqual(Enumerable.Range(1, dims.Length)))
            throw new ArgumentException($"Permute: dims must be a permutation of 1..{dims.Length} (the batch axis is 0 and stays), got [{string.Join(", ", dims)}].");
        Dims = dims;
        InputSpec = new InputSpec { Rank = dims.Length + 1 };
    }

    /// <summary>The 1-based permutation of the non-batch axes.</summary>
    public int[] Dims { get; }

    /// <inheritdoc/>
    public override Tensor Call(Tensor inputs, bool training) => Ops.Transpose(inputs, [0, .. Dims]);

    /// <inheritdoc/>
    public override int?[] ComputeOutputShape(int?[] inputShape) => [inputShape[0], .. Dims.Select(d => inputShape[d])];

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var c = base.GetConfig();
        c["dims"] = Dims;
        return c;
    }
}
