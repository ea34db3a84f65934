namespace KerasSharp.Layers;

/// <summary>
/// A model input: <c>new Input(shape: [28, 28])</c>. The shape excludes the batch axis. It is a
/// <see cref="KerasTensor"/> (pass it to <c>Apply</c> and to <c>new Model(inputs: ...)</c>) and it converts to its
/// <see cref="InputLayer"/> (so it can head a <c>Sequential</c> list).
/// </summary>
public sealed class Input : KerasTensor
{
    /// <summary>Declares an input of <paramref name="shape"/> (null for a size known only at run time).</summary>
    public Input(int?[] shape, string? name = null, DType dtype = DType.Float32, int? batchSize = null)
        : base(Full(shape, batchSize), dtype, name ?? LayerNames.Unique("input_layer"), null)
    {
        Layer = new InputLayer(this);
    }

    private static int?[] Full(int?[] shape, int? batchSize)
    {
        ArgumentNullException.ThrowIfNull(shape);
        foreach (var d in shape)
            if (d is <= 0) throw new ArgumentException($"Input: shape {ShapeText.Format(shape)} has a non-positive dimension.");
        if (batchSize is <= 0) throw new ArgumentException($"Input: batchSize must be positive, got {batchSize}.");
        return [batchSize, .. shape];
    }

    /// <summary>The layer that stands for this input in a model.</summary>
    public InputLayer Layer { get; }

    /// <summary>The input's layer, so <c>new Input(...)</c> can head a list of layers.</summary>
    public static implicit operator Layer(Input input) => input.Layer;
}

/// <summary>The layer of an <see cref="Input"/>: it passes data through and fixes the model's input shape.</summary>
public sealed class InputLayer : Layer
{
    internal InputLayer(Input input) : base(input.Name)
    {
        Output = input;
        Built = true;
    }

    /// <summary>The symbolic input.</summary>
    public Input Output { get; }

    /// <inheritdoc/>
    public override Tensor Call(Tensor inputs, bool training) => inputs;

    /// <inheritdoc/>
    public override int?[] ComputeOutputShape(int?[] inputShape) => inputShape;
}
