namespace KerasSharp.Layers;

public abstract partial class Layer
{
    /// <summary>No call options: what <see cref="Apply(Tensor, bool)"/> and <see cref="Apply(KerasTensor[])"/> pass.</summary>
    protected static readonly IReadOnlyDictionary<string, object?> NoOptions = new Dictionary<string, object?>();

    /// <summary>
    /// The computation with call options (Keras's keyword arguments such as <c>use_causal_mask</c>, under their Keras
    /// names) and one or more outputs: a layer with several outputs, or options, overrides this. By default one output,
    /// from the mask-aware <see cref="Call(Tensor, Tensor?, bool)"/> (or <see cref="Call(Tensor, bool)"/> when no input
    /// carries a mask).
    /// </summary>
    protected virtual Tensor[] CallOutputs(IReadOnlyList<Tensor> inputs, IReadOnlyList<Tensor?> masks, IReadOnlyDictionary<string, object?> options, bool training)
    {
        bool masked = masks.Any(m => m is not null);
        if (inputs.Count == 1) return [masked ? Call(inputs[0], masks[0], training) : Call(inputs[0], training)];
        return [masked ? Call(inputs, masks, training) : Call(inputs, training)];
    }

    /// <summary>The call options the layer takes (Keras names); others are refused, naming these.</summary>
    protected virtual IReadOnlyCollection<string> CallOptionNames => [];

    private void CheckOptions(IReadOnlyDictionary<string, object?> options)
    {
        foreach (var key in options.Keys)
            if (!CallOptionNames.Contains(key))
                throw new ArgumentException($"Layer '{Name}' ({GetType().Name}) takes no call option '{key}'" +
                                            (CallOptionNames.Count == 0 ? "." : $"; it takes {string.Join(", ", CallOptionNames.Select(n => $"'{n}'"))}."));
    }

    /// <summary>The output shapes for input shapes and call options; by default the one of <see cref="ComputeOutputShape(int?[])"/>.</summary>
    protected virtual int?[][] ComputeOutputShapes(IReadOnlyList<int?[]> inputShapes, IReadOnlyDictionary<string, object?> options) =>
        [inputShapes.Count == 1 ? ComputeOutputShape(inputShapes[0]) : ComputeOutputShape(inputShapes)];

    /// <summary>The dtype of each of <paramref name="count"/> outputs; by default all that of <see cref="ComputeOutputDType"/>.</summary>
    private protected virtual DType[] ComputeOutputDTypes(IReadOnlyList<DType> inputDTypes, int count) =>
        Enumerable.Repeat(ComputeOutputDType(inputDTypes), count).ToArray();

    /// <summary>
    /// Runs the layer eagerly with call options and returns every output, each carrying its mask: the one entry
    /// point the eager <c>Apply</c> overloads and models' graphs go through.
    /// </summary>
    protected internal Tensor[] Invoke(IReadOnlyList<Tensor> inputs, IReadOnlyDictionary<string, object?> options, bool training)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(options);
        if (inputs.Count == 0) throw new ArgumentException($"Layer '{Name}': Apply needs at least one input.");
        if (options.Count > 0) CheckOptions(options);
        CheckAndBuild(inputs.Select(t => t.Shape.Select(d => (int?)d).ToArray()).ToArray());
        _activityLosses.Clear();
        var masks = new Tensor?[inputs.Count];
        for (int i = 0; i < masks.Length; i++) masks[i] = KerasMask.Get(inputs[i]);
        var outputs = CallOutputs(inputs, masks, options, training);
        AttachMasks(inputs, masks, outputs);
        return outputs;
    }

    /// <summary>
    /// Adds this layer to a graph with call options and returns every symbolic output; the options are recorded with
    /// the call, so the model runs (and saves) the call with them.
    /// </summary>
    protected internal KerasTensor[] InvokeSymbolic(KerasTensor[] inputs, IReadOnlyDictionary<string, object?> options)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(options);
        if (inputs.Length == 0) throw new ArgumentException($"Layer '{Name}': Apply needs at least one input.");
        if (options.Count > 0) CheckOptions(options);
        var shapes = inputs.Select(i => i.Shape).ToArray();
        CheckAndBuild(shapes);
        // Sub-layers a custom layer made but did not call yet get built the way Keras's symbolic call builds them.
        if (Layers.Any(l => !l.Built)) ProbeCall(shapes);
        int?[][] outShapes;
        try { outShapes = ComputeOutputShapes(shapes, options); }
        catch (ArgumentException e) when (!e.Message.StartsWith("Layer '", StringComparison.Ordinal))
        {
            throw new ArgumentException($"Layer '{Name}' cannot take input shape {string.Join(" and ", shapes.Select(ShapeText.Format))}: {e.Message}", e);
        }
        var node = new Node(this, inputs, options);
        var dtypes = ComputeOutputDTypes(inputs.Select(i => i.DType).ToArray(), outShapes.Length);
        node.Outputs = [.. outShapes.Select((s, i) => new KerasTensor(s, dtypes[i], outShapes.Length == 1 || i == 0 ? Name : $"{Name}_{i}", node, i))];
        return node.Outputs;
    }

    /// <summary>Adds this layer to a graph and returns all its outputs (a nested model with several outputs, ...).</summary>
    public KerasTensor[] ApplyAll(params KerasTensor[] inputs) => InvokeSymbolic(inputs, NoOptions);

    /// <summary>Runs the layer eagerly and returns all its outputs.</summary>
    public Tensor[] ApplyAll(IReadOnlyList<Tensor> inputs, bool training = false) => Invoke(inputs, NoOptions, training);

    private KerasTensor Single(KerasTensor[] outputs) => outputs.Length == 1 ? outputs[0]
        : throw new InvalidOperationException($"Layer '{Name}' ({GetType().Name}) has {outputs.Length} outputs here; ApplyAll returns them all.");

    private Tensor Single(Tensor[] outputs) => outputs.Length == 1 ? outputs[0]
        : throw new InvalidOperationException($"Layer '{Name}' ({GetType().Name}) has {outputs.Length} outputs here; ApplyAll returns them all.");

    /// <summary>
    /// How a saved graph writes this call's tensors, as Keras records them: positional arguments and keyword ones
    /// (MultiHeadAttention: query and value, then <c>key=</c> and <c>attention_mask=</c>). Null: one argument, the
    /// tensor or the list of tensors (the merge layers).
    /// </summary>
    internal virtual (List<KerasTensor> Positional, Dictionary<string, KerasTensor> Keywords)? CallSignature(KerasTensor[] inputs) => null;

    /// <summary>The call's inputs from a saved graph's positional and keyword tensors (the reverse of <see cref="CallSignature"/>).</summary>
    internal virtual KerasTensor[] InputsFromCall(List<KerasTensor> positional, Dictionary<string, KerasTensor> keywords) =>
        keywords.Count == 0 ? [.. positional]
            : throw new ArgumentException($"Layer '{Name}' ({GetType().Name}) takes no tensor keyword argument, got {string.Join(", ", keywords.Keys.Select(k => $"'{k}'"))}.");
}
