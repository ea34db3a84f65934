namespace KerasSharp.Layers;

/// <summary>The elementwise maximum of the inputs (shapes broadcast).</summary>
public sealed class Maximum(string? name = null) : Merge(name)
{
    /// <inheritdoc/>
    protected override Tensor MergeFunction(IReadOnlyList<Tensor> inputs)
    {
        var max = inputs[0];
        for (int i = 1; i < inputs.Count; i++) max = Ops.Maximum(max, inputs[i]);
        return max;
    }
}
