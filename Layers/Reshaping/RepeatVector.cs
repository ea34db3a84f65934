namespace KerasSharp.Layers;

/// <summary>Repeats a (batch, features) input <see cref="N"/> times: the output is (batch, n, features).</summary>
public sealed class RepeatVector : Layer
{
    /// <summary>Creates the layer.</summary>
    public RepeatVector(int n, string? name = null) : base(name)
    {
        if (n <= 0) throw new ArgumentException($"RepeatVector: n must be positive, got {n}.");
        N = n;
        InputSpec = new InputSpec { Rank = 2 };
    }

    /// <summary>The repeat count.</summary>
    public int N { get; }

    /// <inheritdoc/>
    public override Tensor Call(Tensor inputs, bool training) =>
        Ops.BroadcastTo(Ops.ExpandDims(inputs, 1), [inputs.Shape[0], N, inputs.Shape[1]]);

    /// <inheritdoc/>
    public override int?[] ComputeOutputShape(int?[] inputShape) => [inputShape[0], N, inputShape[1]];

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var c = base.GetConfig();
        c["n"] = N;
        return c;
    }
}
