namespace KerasSharp.Layers;

/// <summary>Flattens every axis but the batch axis: (None, 28, 28) becomes (None, 784).</summary>
public sealed class Flatten : Layer
{
    /// <summary>Creates the layer.</summary>
    public Flatten(string? name = null) : base(name) => InputSpec = new InputSpec { MinRank = 1 };

    /// <inheritdoc/>
    public override Tensor Call(Tensor inputs, bool training)
    {
        int rest = 1;
        for (int i = 1; i < inputs.Rank; i++) rest *= inputs.Shape[i];
        return Ops.Reshape(inputs, inputs.Shape[0], rest);
    }

    /// <inheritdoc/>
    public override int?[] ComputeOutputShape(int?[] inputShape)
    {
        int? rest = 1;
        for (int i = 1; i < inputShape.Length; i++) rest = rest is int r && inputShape[i] is int d ? r * d : null;
        return [inputShape[0], rest];
    }
}
