namespace KerasSharp.Layers;

/// <summary>
/// The base of every layer: owns weights, builds them from the first input shape, and computes outputs
/// with <see cref="Ops"/>. A custom layer overrides <see cref="Build(int?[])"/> (create weights with
/// <see cref="AddWeight"/>) and <see cref="Call(Tensor, bool)"/>; multi-input layers override the list overloads.
/// </summary>
[KerasModule("keras.layers")]
public abstract partial class Layer : IKerasConfigurable, IKerasBuildable
{
    private readonly List<Variable> _weights = [];
    private readonly List<string> _weightNames = [];
    private readonly List<Layer> _layers = [];
    private readonly List<(Variable Weight, Regularizer Regularizer)> _regularized = [];
    private readonly List<Tensor> _activityLosses = [];
    private int?[][]? _builtShapes;

    /// <summary>Creates a layer; the name defaults to a unique snake_case of the class name.</summary>
    protected Layer(string? name = null, bool trainable = true)
    {
        Name = name ?? LayerNames.Unique(LayerNames.SnakeCase(GetType().Name));
        _trainable = trainable;
    }

    /// <summary>The layer's name, unique among layers created since the last <see cref="LayerNames.Reset"/>.</summary>
    public string Name { get; }

    private bool _trainable;

    /// <summary>
    /// When false, the layer's weights are not trained (they move to <see cref="NonTrainableWeights"/>) and layers such
    /// as BatchNormalization run in inference mode. Setting it sets every sub-layer too, as Keras does (freeze a
    /// backbone with one line, then unfreeze single layers of it).
    /// </summary>
    public bool Trainable
    {
        get => _trainable;
        set
        {
            _trainable = value;
            foreach (var layer in Layers) layer.Trainable = value;
        }
    }

    /// <summary>The dtype of the weights this layer creates (Keras's <c>dtype</c> argument): set it before the layer is built,
    /// e.g. <c>new Dense(4) { DType = DType.Float64 }</c>.</summary>
    public DType DType { get; init; } = DType.Float32;

    /// <summary>True once the weights exist.</summary>
    public bool Built { get; protected set; }

    /// <summary>What inputs this layer accepts; checked at every call.</summary>
    public InputSpec? InputSpec { get; protected set; }

    /// <summary>The input shapes the layer was built with (batch axis first), once built.</summary>
    public IReadOnlyList<int?[]>? BuiltInputShapes => _builtShapes;

    /// <summary>
    /// Sub-layers: those tracked with <see cref="TrackLayer{T}"/>, then those held right now in fields or properties
    /// of a subclass (a layer, or a collection of layers), as Keras tracks attributes. A sub-layer created in
    /// <see cref="Build(int?[])"/> or assigned later counts as soon as it is there.
    /// </summary>
    public IReadOnlyList<Layer> Layers
    {
        get
        {
            var attributes = SubLayerFields.Of(this);
            if (attributes.Count == 0) return _layers;
            var all = new List<Layer>(_layers);
            foreach (var (_, layer) in attributes)
                if (!all.Contains(layer)) all.Add(layer);
            return all;
        }
    }

    /// <summary>The sub-layers held in fields or properties, with the member's snake_case name ("proj" for <c>_proj</c> or <c>Proj</c>).</summary>
    internal IReadOnlyList<(string Attribute, Layer Layer)> AttributeLayers => SubLayerFields.Of(this);

    /// <summary>True when the member behind <paramref name="attribute"/> holds a collection of layers (a Keras container).</summary>
    internal bool AttributeIsCollection(string attribute) => SubLayerFields.IsCollection(GetType(), attribute);

    /// <summary>The generators of a random layer (Dropout's masks), whose state is saved with the weights.</summary>
    internal IReadOnlyList<LayerSeed> SeedGenerators => SubLayerFields.Seeds(this);

    /// <summary>The sub-layers tracked with <see cref="TrackLayer{T}"/> (a model's graph layers).</summary>
    internal IReadOnlyList<Layer> TrackedLayers => _layers;

    /// <summary>This layer's own weights with the names they were created under ("kernel", "bias"), sub-layers' excluded.</summary>
    internal IEnumerable<(string Name, Variable Weight)> OwnWeights => _weightNames.Zip(_weights);

    /// <summary>All weights: this layer's, then its sub-layers' (each once, even when shared).</summary>
    public IReadOnlyList<Variable> Weights => Collect(this, trainable: null);

    /// <summary>Weights an optimizer updates.</summary>
    public IReadOnlyList<Variable> TrainableWeights => Collect(this, trainable: true);

    /// <summary>Weights that are not trained (moving statistics, frozen layers).</summary>
    public IReadOnlyList<Variable> NonTrainableWeights => Collect(this, trainable: false);

    // Depth first, this layer's weights before its sub-layers'; a frozen layer's weights are all non-trainable.
    private static List<Variable> Collect(Layer root, bool? trainable)
    {
        var result = new List<Variable>();
        var seenLayers = new HashSet<Layer>(ReferenceEqualityComparer.Instance);
        var seenWeights = new HashSet<Variable>(ReferenceEqualityComparer.Instance);
        Visit(root, frozen: false);
        return result;

        void Visit(Layer layer, bool frozen)
        {
            if (!seenLayers.Add(layer)) return;
            frozen |= !layer.Trainable;
            foreach (var w in layer._weights)
            {
                bool trains = !frozen && w.Trainable;
                if ((trainable is null || trainable == trains) && seenWeights.Add(w)) result.Add(w);
            }
            foreach (var sub in layer.Layers) Visit(sub, frozen);
        }
    }

    /// <summary>Number of scalars in all weights.</summary>
    public long CountParams() => Weights.Sum(w => (long)w.Size);

    /// <summary>
    /// Extra loss terms: weight regularization (computed now from the current weights) and activity losses
    /// added by the last call, of this layer and its sub-layers.
    /// </summary>
    public IReadOnlyList<Tensor> Losses
    {
        get
        {
            var losses = new List<Tensor>();
            foreach (var (w, r) in _regularized) losses.Add(r.Call(w));
            losses.AddRange(_activityLosses);
            foreach (var l in Layers) losses.AddRange(l.Losses);
            return losses;
        }
    }

    /// <summary>Adds a loss term from inside <see cref="Call(Tensor, bool)"/> (replaced at the next call).</summary>
    protected void AddLoss(Tensor loss) => _activityLosses.Add(loss);

    /// <summary>Creates a weight of the layer's <see cref="DType"/> (unless given), initialised now, optionally regularized and constrained.</summary>
    protected Variable AddWeight(string name, int[] shape, Initializer? initializer = null, DType? dtype = null,
                                 bool trainable = true, Regularizer? regularizer = null, Constraint? constraint = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (_weightNames.Contains(name))
            throw new ArgumentException($"Layer '{Name}' already has a weight named '{name}': weight names within a layer must be unique (they are the last part of the weight's path).");
        var init = initializer ?? Initializer.Get("glorot_uniform");
        var value = init.Call(shape, dtype ?? DType);
        var w = new Variable(value, $"{Name}/{name}", trainable);
        value.Dispose();
        if (PlacedOn is { } device) w.MoveTo(device);
        _weights.Add(w);
        _weightNames.Add(name);
        if (regularizer is not null) _regularized.Add((w, regularizer));
        if (constraint is not null) Constraints[w] = constraint;
        return w;
    }

    /// <summary>
    /// The device <see cref="To(Device)"/> placed this layer on: weights it creates later (when built) go there too.
    /// Null until then (weights are made on <see cref="Device.Default"/>).
    /// </summary>
    public Device? PlacedOn { get; private set; }

    /// <summary>
    /// Moves the layer's weights, and its sub-layers', to <paramref name="device"/> of their backend, and makes weights
    /// created later go there. Inputs must then be on that device too (<c>tensor.To(device)</c>). Returns this layer.
    /// </summary>
    public virtual Layer To(Device device)
    {
        PlacedOn = device;
        foreach (var l in Layers) l.To(device);
        foreach (var w in _weights) w.MoveTo(device);
        return this;
    }

    /// <summary>Constraints by weight; the optimizer step applies them after each update.</summary>
    public Dictionary<Variable, Constraint> Constraints { get; } = [];

    /// <summary>Tracks a sub-layer so its weights and losses belong to this layer.</summary>
    protected T TrackLayer<T>(T layer) where T : Layer
    {
        if (!_layers.Contains(layer)) _layers.Add(layer);
        return layer;
    }

    /// <summary>Creates the weights for an input of <paramref name="inputShape"/> (batch axis first).</summary>
    public virtual void Build(int?[] inputShape) => Built = true;

    /// <summary>Creates the weights for several inputs; single-input layers need not override this.</summary>
    /// <remarks>
    /// With one input this is <see cref="Build(int?[])"/>; with several it only marks the layer built, so a multi-input
    /// layer whose weights live in sub-layers needs no Build (a layer that takes one input says so when called).
    /// </remarks>
    public virtual void Build(IReadOnlyList<int?[]> inputShapes)
    {
        if (inputShapes.Count == 1) Build(inputShapes[0]);
        else Built = true;
    }

    /// <summary>The layer's computation on one input.</summary>
    public virtual Tensor Call(Tensor inputs, bool training) =>
        throw new InvalidOperationException($"Layer '{Name}' ({GetType().Name}) overrides neither Call(Tensor, bool) nor Call(IReadOnlyList<Tensor>, bool).");

    /// <summary>The layer's computation on several inputs; single-input layers need not override this.</summary>
    public virtual Tensor Call(IReadOnlyList<Tensor> inputs, bool training)
    {
        if (inputs.Count != 1)
            throw new ArgumentException($"Layer '{Name}' takes one input, received {inputs.Count}.");
        return Call(inputs[0], training);
    }

    /// <summary>
    /// The output shape for an input shape. The default runs the layer once on zeros (unknown sizes as 1)
    /// and keeps the batch axis unknown; built-in layers override it with arithmetic.
    /// </summary>
    public virtual int?[] ComputeOutputShape(int?[] inputShape) => ComputeOutputShape([inputShape]);

    /// <summary>The output shape for several input shapes (see the one-input overload).</summary>
    public virtual int?[] ComputeOutputShape(IReadOnlyList<int?[]> inputShapes) => ProbeCall(inputShapes);

    // Runs Call once on zeros (unknown sizes as 1) and returns the output's shape with the batch axis unknown again.
    private int?[] ProbeCall(IReadOnlyList<int?[]> inputShapes)
    {
        using var scope = new TensorScope();
        var probes = inputShapes.Select(s => Ops.Zeros(s.Select(d => d ?? 1).ToArray())).ToArray();
        var output = inputShapes.Count == 1 ? Call(probes[0], false) : Call(probes, false);
        var shape = output.Shape.Select(d => (int?)d).ToArray();
        if (shape.Length > 0 && inputShapes.Count > 0 && inputShapes[0].Length > 0 && inputShapes[0][0] is null) shape[0] = null;
        return shape;
    }

    /// <summary>The output dtype: float32 unless a floating input says otherwise.</summary>
    protected virtual DType ComputeOutputDType(IReadOnlyList<DType> inputDTypes) =>
        inputDTypes.Count > 0 && inputDTypes[0].IsFloating() ? inputDTypes[0] : DType.Float32;

    // ---- applying the layer ----

    /// <summary>Adds this layer to a graph: checks and builds from the symbolic input, returns the symbolic output.</summary>
    public KerasTensor Apply(KerasTensor input) => Apply([input]);

    /// <summary>Adds this layer to a graph with several inputs (Add, Concatenate, ...).</summary>
    public KerasTensor Apply(params KerasTensor[] inputs) => Single(InvokeSymbolic(inputs, NoOptions));

    /// <summary>Runs the layer eagerly on real data (building it on first use); the output carries its Keras mask (<see cref="KerasMask"/>).</summary>
    public Tensor Apply(Tensor input, bool training = false) => Apply([input], training);

    /// <summary>Runs the layer eagerly on several inputs.</summary>
    public Tensor Apply(IReadOnlyList<Tensor> inputs, bool training = false) => Single(Invoke(inputs, NoOptions, training));

    /// <summary>Builds a sub-layer the way a call would (a recurrent layer's cell from one step's shape).</summary>
    internal void BuildAsSubLayer(params int?[][] shapes) => CheckAndBuild(shapes);

    private void CheckAndBuild(int?[][] shapes)
    {
        if (InputSpec is not null)
            for (int i = 0; i < shapes.Length; i++) InputSpec.Check(Name, shapes[i], i);
        if (!Built)
        {
            try
            {
                if (shapes.Length == 1) Build(shapes[0]); else Build(shapes);
            }
            catch (ArgumentException e) when (!e.Message.StartsWith("Layer '", StringComparison.Ordinal))
            {
                throw new ArgumentException($"Layer '{Name}' cannot be built for input shape {string.Join(" and ", shapes.Select(ShapeText.Format))}: {e.Message}", e);
            }
            Built = true;
            _builtShapes = shapes;
        }
        else if (_builtShapes is not null && InputShapeFixedAfterBuild) CheckAgainstBuilt(shapes);
    }

    /// <summary>
    /// Whether later inputs must have the non-batch sizes of the first: true for layers that own weights (a different
    /// size would not fit them). Layers whose <see cref="InputSpec"/> pins the sizes that matter return false, so
    /// other axes may vary (Dense on sequences of any length, Embedding on any index shape); weightless layers
    /// take any shape their computation accepts.
    /// </summary>
    protected virtual bool InputShapeFixedAfterBuild => _weights.Count > 0 || Layers.Count > 0;

    // After building, the non-batch sizes are fixed: a different size would not fit the weights.
    private void CheckAgainstBuilt(int?[][] shapes)
    {
        if (_builtShapes!.Length != shapes.Length)
            throw new ArgumentException($"Layer '{Name}' was built for {_builtShapes.Length} inputs, received {shapes.Length}.");
        for (int i = 0; i < shapes.Length; i++)
        {
            var built = _builtShapes[i];
            var got = shapes[i];
            bool ok = built.Length == got.Length;
            for (int d = 1; ok && d < got.Length; d++) ok = built[d] is null || got[d] is null || built[d] == got[d];
            if (!ok)
                throw new ArgumentException(
                    $"Layer '{Name}' expected input shape {ShapeText.Format(built)}, received {ShapeText.Format(got)}" +
                    (shapes.Length > 1 ? $" (input {i})." : "."));
        }
    }

    /// <summary>The layer's constructor arguments, for saving and <c>Summary</c> (layers override to add theirs).</summary>
    public virtual Dictionary<string, object?> GetConfig() =>
        new() { ["name"] = Name, ["trainable"] = Trainable, ["dtype"] = DType.Name() };

    /// <summary>Keras's build config: the input shape(s) the layer was built with, or null before it is built.</summary>
    public virtual Dictionary<string, object?>? GetBuildConfig() =>
        _builtShapes is null ? null : new() { ["input_shape"] = _builtShapes.Length == 1 ? _builtShapes[0] : _builtShapes };

    /// <summary>Builds the layer for the input shape(s) of a build config read from a file (creating its weights).</summary>
    public virtual void BuildFromConfig(Dictionary<string, object?> buildConfig)
    {
        ArgumentNullException.ThrowIfNull(buildConfig);
        if (Built || buildConfig.GetValueOrDefault("input_shape") is not List<object?> shape) return;
        int?[] Dims(List<object?> dims) => dims.Select(d => d is null ? (int?)null : Convert.ToInt32(d, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        int?[][] shapes = shape.Count > 0 && shape[0] is List<object?> ? shape.Cast<List<object?>>().Select(Dims).ToArray() : [Dims(shape)];
        CheckAndBuild(shapes);
    }

    /// <summary>"dense (Dense)".</summary>
    public override string ToString() => $"{Name} ({GetType().Name})";
}
