namespace KerasSharp.Layers;

/// <summary>The elementwise minimum of the inputs (shapes broadcast).</summary>
public sealed class Minimum(string? name = null) : Merge(name)
{
    /// <inheritdoc/>
    protected override Tensor MergeFunction(IReadOnlyList<Tensor> inputs)
    {
        var min = inputs[0];
        for (int i = 1; i < inputs.Count; i++) min = Ops.Minimum(min, inputs[i]);
        return min;
    }
}
