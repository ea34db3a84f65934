using KerasSharp.Layers;

namespace KerasSharp.Models;

/// <summary>
/// A trainable network. Build it three ways, as in Keras:
/// functional, <c>new Model(inputs: [image, meta], outputs: [output])</c>;
/// sequential, <see cref="Sequential"/>;
/// or by subclassing: override <see cref="Layer.Call(Tensor, bool)"/> (layers held in fields are tracked),
/// and optionally <see cref="TrainStep"/>. A model is a layer, so models nest.
/// </summary>
[KerasModule("keras.src.models.functional")]
[KerasClassAlias("Functional")]
public partial class Model : Layer, IKerasCompilable
{
    private FunctionalGraph? _graph;

    /// <summary>A functional model from symbolic inputs to symbolic outputs.</summary>
    public Model(IReadOnlyList<KerasTensor> inputs, IReadOnlyList<KerasTensor> outputs, string? name = null) : base(name)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(outputs);
        SetGraph(new FunctionalGraph(inputs, outputs, Name));
    }

    /// <summary>A functional model with one input and one output: <c>new Model(inputs: x, outputs: y)</c>.</summary>
    public Model(KerasTensor inputs, KerasTensor outputs, string? name = null) : this([inputs], [outputs], name) { }

    /// <summary>A functional model with one input and several outputs.</summary>
    public Model(KerasTensor inputs, IReadOnlyList<KerasTensor> outputs, string? name = null) : this([inputs], outputs, name) { }

    /// <summary>A functional model with several inputs and one output.</summary>
    public Model(IReadOnlyList<KerasTensor> inputs, KerasTensor outputs, string? name = null) : this(inputs, [outputs], name) { }

    /// <summary>For subclassed models and <see cref="Sequential"/>.</summary>
    protected Model(string? name = null) : base(name) { }

    /// <summary>The symbolic inputs (empty for a subclassed model not yet called).</summary>
    public IReadOnlyList<KerasTensor> Inputs => _graph?.Inputs ?? [];

    /// <summary>The symbolic outputs.</summary>
    public IReadOnlyList<KerasTensor> Outputs => _graph?.Outputs ?? [];

    /// <summary>Names of the outputs (their layers' names), used in multi-output logs such as "class_loss".</summary>
    public IReadOnlyList<string> OutputNames => Outputs.Select(o => o.Node?.Layer.Name ?? o.Name).ToList();

    internal FunctionalGraph? Graph => _graph;

    private protected void SetGraph(FunctionalGraph graph)
    {
        _graph = graph;
        foreach (var layer in graph.Layers) TrackLayer(layer);
        Built = true;
        InputSpecs = graph.Inputs.Select(i => i.Shape).ToArray();
    }

    private int?[][]? InputSpecs { get; set; }

    /// <summary>Runs the model on all its inputs and returns all its outputs.</summary>
    public virtual Tensor[] Forward(IReadOnlyList<Tensor> inputs, bool training)
    {
        if (_graph is null) return [Apply(inputs, training)];
        if (inputs.Count != _graph.Inputs.Count)
            throw new ArgumentException($"Model '{Name}' expects {_graph.Inputs.Count} inputs ({string.Join(", ", _graph.Inputs.Select(i => i.Name))}), received {inputs.Count}.");
        var cast = new Tensor[inputs.Count];
        for (int i = 0; i < inputs.Count; i++)
        {
            CheckInput(i, inputs[i].Shape);
            // Keras casts data to the Input's dtype (uint8 images into a float32 model).
            var want = _graph.Inputs[i].DType;
            cast[i] = inputs[i].DType == want || !want.IsFloating() ? inputs[i] : Ops.Cast(inputs[i], want);
        }
        return _graph.Run(cast, training);
    }

    private void CheckInput(int i, Shape shape)
    {
        var spec = InputSpecs![i];
        bool ok = spec.Length == shape.Rank;
        for (int d = 0; ok && d < spec.Length; d++) ok = spec[d] is null || spec[d] == shape[d];
        if (!ok)
        {
            // Keras names the layer that would have received the data: say which layers the input feeds.
            var input = _graph!.Inputs[i];
            var feeds = _graph.Nodes.Where(n => n.Inputs.Contains(input)).Select(n => $"'{n.Layer.Name}'").Distinct().ToList();
            string fed = feeds.Count == 0 ? "" : $" (the input of layer {string.Join(", ", feeds)})";
            throw new ArgumentException($"Model '{Name}': input '{input.Name}' expects shape {ShapeText.Format(spec)}, received {shape}{fed}.");
        }
    }

    /// <inheritdoc/>
    public override Tensor Call(IReadOnlyList<Tensor> inputs, bool training)
    {
        if (_graph is null) return base.Call(inputs, training);
        var outputs = Forward(inputs, training);
        if (outputs.Length != 1)
            throw new InvalidOperationException($"Model '{Name}' has {outputs.Length} outputs; Forward or ApplyAll returns them all.");
        return outputs[0];
    }

    /// <inheritdoc/>
    public override Tensor Call(Tensor inputs, bool training) =>
        _graph is null ? base.Call(inputs, training) : Call([inputs], training);

    /// <summary>A graph model called as a layer gives all its outputs (take them with <see cref="Layer.ApplyAll(KerasTensor[])"/>).</summary>
    protected override Tensor[] CallOutputs(IReadOnlyList<Tensor> inputs, IReadOnlyList<Tensor?> masks, IReadOnlyDictionary<string, object?> options, bool training) =>
        _graph is null ? base.CallOutputs(inputs, masks, options, training) : Forward(inputs, training);

    /// <inheritdoc/>
    protected override int?[][] ComputeOutputShapes(IReadOnlyList<int?[]> inputShapes, IReadOnlyDictionary<string, object?> options) =>
        _graph is { Outputs.Count: > 1 } g ? [.. g.Outputs.Select(o => (int?[])[null, .. o.Shape[1..]])] : base.ComputeOutputShapes(inputShapes, options);

    private protected override DType[] ComputeOutputDTypes(IReadOnlyList<DType> inputDTypes, int count) =>
        _graph is { Outputs.Count: > 1 } g && g.Outputs.Count == count ? [.. g.Outputs.Select(o => o.DType)] : base.ComputeOutputDTypes(inputDTypes, count);

    /// <inheritdoc/>
    public override int?[] ComputeOutputShape(IReadOnlyList<int?[]> inputShapes) =>
        _graph is { Outputs.Count: 1 } g ? [null, .. g.Outputs[0].Shape[1..]] : base.ComputeOutputShape(inputShapes);

    /// <inheritdoc/>
    public override int?[] ComputeOutputShape(int?[] inputShape) => ComputeOutputShape([inputShape]);

    /// <summary>
    /// A functional model's config is its graph (every layer and the calls between them, Keras's schema); a
    /// subclassed model's is the layer's (name, trainable, dtype): override to add its constructor arguments.
    /// </summary>
    public override Dictionary<string, object?> GetConfig() =>
        FunctionalConfig.IsFunctional(this) ? FunctionalConfig.Write(this, Graph!) : base.GetConfig();

    /// <summary>Rebuilds a functional model from its config (Keras's <c>functional_from_config</c>).</summary>
    public static Model FromConfig(Dictionary<string, object?> config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return FunctionalConfig.Read(config);
    }

    /// <summary>Null for graph models (their config holds the shapes); the input shapes for a subclassed model.</summary>
    public override Dictionary<string, object?>? GetBuildConfig() => Graph is null ? base.GetBuildConfig() : null;

    /// <summary>
    /// Builds a subclassed model read from a file by running it once on zeros of the saved input shapes (unknown sizes
    /// as 1), which creates the weights its layers make on their first call, as Keras's <c>build</c> does.
    /// </summary>
    public override void BuildFromConfig(Dictionary<string, object?> buildConfig)
    {
        ArgumentNullException.ThrowIfNull(buildConfig);
        if (Graph is not null || Built) return;
        if (buildConfig.GetValueOrDefault("input_shape") is not List<object?> shape) return;
        static int[] Dims(List<object?> dims) => dims.Select(d => d is null ? 1 : Convert.ToInt32(d, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var shapes = shape.Count > 0 && shape[0] is List<object?> ? shape.Cast<List<object?>>().Select(Dims).ToArray() : [Dims(shape)];
        using var scope = new TensorScope();
        var zeros = shapes.Select(s => Ops.Zeros(s)).ToArray();
        Forward(zeros, training: false);
    }
}
