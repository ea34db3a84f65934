namespace KerasSharp.Layers;

/// <summary>The first input minus the second; takes exactly two inputs.</summary>
public sealed class Subtract(string? name = null) : Merge(name)
{
    /// <inheritdoc/>
    protected override int MinInputs => 2;

    /// <inheritdoc/>
    protected override int MaxInputs => 2;

    /// <inheritdoc/>
    protected override Tensor MergeFunction(IReadOnlyList<Tensor> inputs) => Ops.Subtract(inputs[0], inputs[1]);
}
