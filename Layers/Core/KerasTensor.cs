namespace KerasSharp.Layers;

/// <summary>
/// A symbolic tensor: the shape (None for an unknown size, such as the batch) and dtype of a value in a
/// model being built, and the layer call that produces it. <c>layer.Apply(kerasTensor)</c> extends the graph.
/// </summary>
public class KerasTensor
{
    /// <summary>Creates a symbolic tensor produced by <paramref name="node"/> (null for model inputs).</summary>
    internal KerasTensor(int?[] shape, DType dtype, string name, Node? node, int outputIndex = 0)
    {
        Shape = shape;
        DType = dtype;
        Name = name;
        Node = node;
        OutputIndex = outputIndex;
    }

    /// <summary>The shape, batch axis first; null where the size is not known until data arrives.</summary>
    public int?[] Shape { get; }

    /// <summary>The element type.</summary>
    public DType DType { get; }

    /// <summary>A readable name (the producing layer's name, or the input's).</summary>
    public string Name { get; }

    /// <summary>The layer call that produced this tensor; null for an input.</summary>
    internal Node? Node { get; set; }

    /// <summary>Which output of its layer call this is (0 but for layers with several outputs, such as attention scores).</summary>
    public int OutputIndex { get; }

    /// <summary>Rank including the batch axis.</summary>
    public int Rank => Shape.Length;

    /// <summary><c>KerasTensor(shape=(None, 128), dtype=float32, name=dense)</c>.</summary>
    public override string ToString() => $"KerasTensor(shape={ShapeText.Format(Shape)}, dtype={DType.Name()}, name={Name})";
}

/// <summary>One call of a layer in a graph: which symbolic tensors went in, the call's options, and which came out.</summary>
internal sealed class Node(Layer layer, KerasTensor[] inputs, IReadOnlyDictionary<string, object?> options)
{
    private static long _created;

    /// <summary>Increases with every node made, so a layer's calls sort in the order they were made (Keras's node index).</summary>
    public long Order { get; } = Interlocked.Increment(ref _created);

    public Layer Layer { get; } = layer;
    public KerasTensor[] Inputs { get; } = inputs;
    /// <summary>The call's options (Keras's keyword arguments that are not tensors), under their Keras names.</summary>
    public IReadOnlyDictionary<string, object?> Options { get; } = options;

    /// <summary>The outputs, in the layer's order.</summary>
    public KerasTensor[] Outputs { get; set; } = [];

    /// <summary>The first output (the only one for most layers).</summary>
    public KerasTensor Output => Outputs[0];
}
