namespace KerasSharp.Layers;

/// <summary>The elementwise sum of the inputs (shapes broadcast).</summary>
public sealed class Add(string? name = null) : Merge(name)
{
    /// <inheritdoc/>
    protected override Tensor MergeFunction(IReadOnlyList<Tensor> inputs)
    {
        var sum = inputs[0];
        for (int i = 1; i < inputs.Count; i++) sum = Ops.Add(sum, inputs[i]);
        return sum;
    }
}
