namespace KerasSharp.Layers;

/// <summary>The elementwise product of the inputs (shapes broadcast).</summary>
public sealed class Multiply(string? name = null) : Merge(name)
{
    /// <inheritdoc/>
    protected override Tensor MergeFunction(IReadOnlyList<Tensor> inputs)
    {
        var product = inputs[0];
        for (int i = 1; i < inputs.Count; i++) product = Ops.Multiply(product, inputs[i]);
        return product;
    }
}
