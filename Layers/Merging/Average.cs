namespace KerasSharp.Layers;

/// <summary>The elementwise mean of the inputs (shapes broadcast).</summary>
public sealed class Average(string? name = null) : Merge(name)
{
    /// <inheritdoc/>
    protected override Tensor MergeFunction(IReadOnlyList<Tensor> inputs)
    {
        var sum = inputs[0];
        for (int i = 1; i < inputs.Count; i++) sum = Ops.Add(sum, inputs[i]);
        return inputs.Count == 1 ? sum : Ops.MultiplyScalar(sum, 1.0 / inputs.Count);
    }
}
