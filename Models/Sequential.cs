using KerasSharp.Layers;

namespace KerasSharp.Models;

/// <summary>
/// A plain stack of layers, each feeding the next. With an <see cref="Input"/> first the graph is built (and
/// checked) as layers are added; without one it is built from the first data it sees.
/// <code>
/// var model = new Sequential([new Input(shape: [28, 28]), new Flatten(), new Dense(10, activation: "softmax")]);
/// </code>
/// </summary>
[KerasModule("keras")]
public class Sequential : Model
{
    private readonly List<Layer> _stack = [];
    private Input? _input;

    /// <summary>A model made of <paramref name="layers"/> in order.</summary>
    public Sequential(IEnumerable<Layer>? layers = null, string? name = null) : base(name)
    {
        if (layers is null) return;
        foreach (var layer in layers) Add(layer);
    }

    /// <summary>The layers, without the input layer.</summary>
    public IReadOnlyList<Layer> StackedLayers => _stack;

    /// <summary>Appends a layer; with a known input shape it is checked at once.</summary>
    public void Add(Layer layer)
    {
        ArgumentNullException.ThrowIfNull(layer);
        if (layer is InputLayer inputLayer)
        {
            if (_input is not null || _stack.Count > 0)
                throw new ArgumentException($"Sequential '{Name}': an Input can only be the first layer.");
            _input = inputLayer.Output;
            return;
        }
        if (layer is Model { Outputs.Count: > 1 } m)
            throw new ArgumentException($"Sequential '{Name}': layer '{m.Name}' has {m.Outputs.Count} outputs; every layer of a Sequential model needs exactly one.");
        _stack.Add(layer);
        if (_input is not null) Rebuild();
    }

    /// <summary>Removes the last layer.</summary>
    public void Pop()
    {
        if (_stack.Count == 0) throw new InvalidOperationException($"Sequential '{Name}' has no layer to remove.");
        _stack.RemoveAt(_stack.Count - 1);
        if (_input is not null && _stack.Count > 0) Rebuild();
    }

    /// <summary>Builds the graph for inputs of <paramref name="inputShape"/> (batch axis first, usually null).</summary>
    public override void Build(int?[] inputShape)
    {
        if (_input is null)
        {
            if (inputShape.Length == 0) throw new ArgumentException($"Sequential '{Name}': the input needs a batch axis, got {ShapeText.Format(inputShape)}.");
            _input = new Input(inputShape[1..], dtype: DType.Float32);
        }
        Rebuild();
    }

    private void Rebuild()
    {
        if (_stack.Count == 0) return;
        KerasTensor x = _input!;
        foreach (var layer in _stack) x = layer.Apply(x);
        SetGraph(new FunctionalGraph([_input!], [x], Name));
    }

    /// <summary>Keras's Sequential config: the layers (the input layer first when there is one) and the input shape.</summary>
    public override Dictionary<string, object?> GetConfig()
    {
        var c = new Dictionary<string, object?> { ["name"] = Name, ["trainable"] = Trainable, ["dtype"] = DType.Name() };
        var layers = new List<object?>();
        if (_input is not null) layers.Add(_input.Layer);
        layers.AddRange(_stack);
        c["layers"] = layers;
        if (_input is not null) c["build_input_shape"] = _input.Shape;
        return c;
    }

    /// <summary>Rebuilds a Sequential model from its config: adds each layer, then builds for <c>build_input_shape</c> when no input layer came first.</summary>
    public static new Sequential FromConfig(Dictionary<string, object?> config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var model = new Sequential(name: config.GetValueOrDefault("name") as string);
        if (config.GetValueOrDefault("layers") is not List<object?> layers)
            throw new ArgumentException($"Sequential '{model.Name}': the config has no 'layers' list.");
        foreach (var layer in layers)
            model.Add(KerasObjects.Deserialize<Layer>(layer ?? throw new ArgumentException($"Sequential '{model.Name}': a layer entry is null.")));
        if (model._input is null && config.GetValueOrDefault("build_input_shape") is List<object?> shape && model._stack.Count > 0)
            model.Build(shape.Select(d => d is null ? (int?)null : Convert.ToInt32(d, System.Globalization.CultureInfo.InvariantCulture)).ToArray());
        if (config.GetValueOrDefault("trainable") is bool trainable) model.Trainable = trainable;
        return model;
    }

    /// <inheritdoc/>
    public override Tensor[] Forward(IReadOnlyList<Tensor> inputs, bool training)
    {
        if (Graph is null)
        {
            if (_stack.Count == 0) throw new InvalidOperationException($"Sequential '{Name}' has no layers.");
            if (inputs.Count != 1) throw new ArgumentException($"Sequential '{Name}' takes one input, received {inputs.Count}.");
            Build([null, .. inputs[0].Shape.Dims[1..].ToArray().Select(d => (int?)d)]);
        }
        return base.Forward(inputs, training);
    }
}
