namespace KerasSharp.Layers;

/// <summary>
/// Multi-head attention as Keras 3's <c>MultiHeadAttention</c>: query, key and value are projected to
/// <see cref="NumHeads"/> heads (EinsumDense sub-layers "query", "key", "value"), each head attends with scaled
/// dot products over <see cref="AttentionAxes"/>, and the heads are projected back ("attention_output").
/// <code>
/// var mha = new MultiHeadAttention(numHeads: 4, keyDim: 16);
/// var y = mha.Apply(x, x, useCausalMask: true);              // self-attention, (batch, seq, features)
/// var (y2, scores) = mha.ApplyWithScores(query, value);      // scores: (batch, heads, seqQ, seqV)
/// </code>
/// Masks: the Keras masks the query, value and key carry (from <c>Embedding(maskZero: true)</c> or <c>Masking</c>)
/// are combined as Keras combines them — a query step attends to a key step only where the query step, the value
/// step and the key step are all kept, the <c>attentionMask</c> allows it and, with <c>useCausalMask</c>, the key is
/// not later than the query. The output carries the query's mask. A query step that may attend to nothing gives zeros
/// (and zero scores) where Keras's masked softmax gives the mean of the values.
/// </summary>
public sealed partial class MultiHeadAttention : Layer
{
    private readonly Initializer _kernelInitializer;
    private readonly Initializer _biasInitializer;
    private readonly LayerSeed _seeds;
    private EinsumDense? _queryDense;
    private EinsumDense? _keyDense;
    private EinsumDense? _valueDense;
    private EinsumDense? _outputDense;
    private int[]? _axes;

    /// <summary>Creates the layer.</summary>
    /// <param name="numHeads">The number of attention heads.</param>
    /// <param name="keyDim">The size of each head for query and key.</param>
    /// <param name="valueDim">The size of each head for value (default <paramref name="keyDim"/>).</param>
    /// <param name="dropout">The dropout rate on the attention weights, in training.</param>
    /// <param name="useBias">Whether the projections have biases.</param>
    /// <param name="outputShape">The output's trailing shape (default the query's last axis).</param>
    /// <param name="attentionAxes">The query axes attended over, batch axis 0 (default all but batch and features).</param>
    /// <param name="kernelInitializer">Each projection's kernel initializer (default glorot_uniform; each gets a copy).</param>
    /// <param name="biasInitializer">Each projection's bias initializer (default zeros).</param>
    /// <param name="kernelRegularizer">Penalty on each projection's kernel.</param>
    /// <param name="biasRegularizer">Penalty on each projection's bias.</param>
    /// <param name="activityRegularizer">Penalty on each projection's output.</param>
    /// <param name="kernelConstraint">Applied to each kernel after each update.</param>
    /// <param name="biasConstraint">Applied to each bias after each update.</param>
    /// <param name="seed">The dropout's seed.</param>
    /// <param name="name">The layer's name.</param>
    public MultiHeadAttention(int numHeads, int keyDim, int? valueDim = null, double dropout = 0.0, bool useBias = true,
                              int[]? outputShape = null, int[]? attentionAxes = null,
                              Initializer? kernelInitializer = null, Initializer? biasInitializer = null,
                              Regularizer? kernelRegularizer = null, Regularizer? biasRegularizer = null, Regularizer? activityRegularizer = null,
                              Constraint? kernelConstraint = null, Constraint? biasConstraint = null, long? seed = null, string? name = null)
        : base(name)
    {
        if (numHeads <= 0) throw new ArgumentException($"MultiHeadAttention: numHeads must be positive, got {numHeads}.");
        if (keyDim <= 0) throw new ArgumentException($"MultiHeadAttention: keyDim (the size of each query and key head) must be positive, got {keyDim}.");
        if (valueDim is <= 0) throw new ArgumentException($"MultiHeadAttention: valueDim (the size of each value head) must be positive, got {valueDim}.");
        if (!(dropout >= 0 && dropout < 1)) throw new ArgumentException($"MultiHeadAttention: dropout must be in [0, 1), got {dropout}.");
        if (outputShape is not null && (outputShape.Length == 0 || outputShape.Any(d => d <= 0)))
            throw new ArgumentException($"MultiHeadAttention: outputShape must hold positive sizes, got [{string.Join(", ", outputShape)}].");
        if (attentionAxes is not null && (attentionAxes.Length == 0 || attentionAxes.Distinct().Count() != attentionAxes.Length))
            throw new ArgumentException($"MultiHeadAttention: attentionAxes must name distinct axes, got [{string.Join(", ", attentionAxes)}].");
        NumHeads = numHeads;
        KeyDim = keyDim;
        ValueDim = valueDim ?? keyDim;
        Dropout = dropout;
        UseBias = useBias;
        OutputShape = outputShape;
        AttentionAxes = attentionAxes;
        _kernelInitializer = kernelInitializer ?? new GlorotUniform();
        _biasInitializer = biasInitializer ?? new Zeros();
        KernelRegularizer = kernelRegularizer;
        BiasRegularizer = biasRegularizer;
        ActivityRegularizer = activityRegularizer;
        KernelConstraint = kernelConstraint;
        BiasConstraint = biasConstraint;
        Seed = seed;
        _seeds = new LayerSeed(seed);
    }

    /// <summary>The number of heads.</summary>
    public int NumHeads { get; }
    /// <summary>The size of each query and key head.</summary>
    public int KeyDim { get; }
    /// <summary>The size of each value head.</summary>
    public int ValueDim { get; }
    /// <summary>The dropout rate on the attention weights.</summary>
    public double Dropout { get; }
    /// <summary>Whether the projections have biases.</summary>
    public bool UseBias { get; }
    /// <summary>The output's trailing shape; null for the query's last axis.</summary>
    public int[]? OutputShape { get; }
    /// <summary>The attention axes as given; null for the default.</summary>
    public int[]? AttentionAxes { get; }
    /// <summary>Each kernel's regularizer.</summary>
    public Regularizer? KernelRegularizer { get; }
    /// <summary>Each bias's regularizer.</summary>
    public Regularizer? BiasRegularizer { get; }
    /// <summary>Each projection's output penalty.</summary>
    public Regularizer? ActivityRegularizer { get; }
    /// <summary>Each kernel's constraint.</summary>
    public Constraint? KernelConstraint { get; }
    /// <summary>Each bias's constraint.</summary>
    public Constraint? BiasConstraint { get; }
    /// <summary>The dropout's seed.</summary>
    public long? Seed { get; }

    /// <summary>The query projection (Keras's "query"); null until built.</summary>
    public EinsumDense? QueryDense => _queryDense;
    /// <summary>The key projection ("key"); null until built.</summary>
    public EinsumDense? KeyDense => _keyDense;
    /// <summary>The value projection ("value"); null until built.</summary>
    public EinsumDense? ValueDense => _valueDense;
    /// <summary>The output projection ("attention_output"); null until built.</summary>
    public EinsumDense? OutputDense => _outputDense;

    /// <summary>True: the output carries the query's mask.</summary>
    public override bool SupportsMasking => true;

    /// <summary>False: query and value lengths may change between calls.</summary>
    protected override bool InputShapeFixedAfterBuild => false;

    /// <inheritdoc/>
    protected override IReadOnlyCollection<string> CallOptionNames => [UseCausalMaskOption, ReturnScoresOption];

    /// <summary>Builds the four projections for [query, value, key (, attention mask)] shapes.</summary>
    public override void Build(IReadOnlyList<int?[]> inputShapes)
    {
        ArgumentNullException.ThrowIfNull(inputShapes);
        var (query, value, key) = Split(inputShapes);
        if (query.Length < 3 || value.Length < 3 || key.Length < 3)
            throw new ArgumentException($"Layer '{Name}': query, value and key need shape (batch, steps..., features), got {Shapes(query, value, key)}.");
        if (value.Length != key.Length || !value[1..^1].SequenceEqual(key[1..^1]))
            throw new ArgumentException($"Layer '{Name}': all axes of value and key but the last must be equal, got value {ShapeText.Format(value)} and key {ShapeText.Format(key)}.");
        if (query.Length != value.Length)
            throw new ArgumentException($"Layer '{Name}': query and value must have the same rank, got query {ShapeText.Format(query)} and value {ShapeText.Format(value)}.");
        if (query[^1] is null || value[^1] is null || key[^1] is null)
            throw new ArgumentException($"Layer '{Name}': the last axis (features) of query, value and key must be known, got {Shapes(query, value, key)}.");
        int rank = query.Length + 1; // projected: (batch, steps..., heads, depth)
        _axes = AttentionAxes ?? [.. Enumerable.Range(1, rank - 3)];
        foreach (int a in _axes)
            if (a < 1 || a > query.Length - 2)
                throw new ArgumentException($"Layer '{Name}': attention axis {a} is not a step axis of query {ShapeText.Format(query)}; attention axes count from the batch axis 0 and lie in [1, {query.Length - 2}].");

        _queryDense = Projection(query.Length, NumHeads, KeyDim, "query");
        _queryDense.Build(query);
        _keyDense = Projection(key.Length, NumHeads, KeyDim, "key");
        _keyDense.Build(key);
        _valueDense = Projection(value.Length, NumHeads, ValueDim, "value");
        _valueDense.Build(value);
        int[] outShape = OutputShape ?? [query[^1]!.Value];
        var (eq, bias, outRank) = AttentionEquations.Projection(query.Length - 1, 2, outShape.Length);
        _outputDense = SubLayer(eq, [.. Enumerable.Repeat<int?>(null, outRank - 1 - outShape.Length), .. outShape.Select(d => (int?)d)], bias, "attention_output");
        _outputDense.Build([.. query[..^1], NumHeads, ValueDim]);
        Built = true;
    }

    /// <inheritdoc/>
    public override void Build(int?[] inputShape) => Build([inputShape]);

    private EinsumDense Projection(int inputRank, int heads, int depth, string name)
    {
        var (eq, bias, outRank) = AttentionEquations.Projection(inputRank - 1, 1, 2);
        return SubLayer(eq, [.. Enumerable.Repeat<int?>(null, outRank - 3), heads, depth], bias, name);
    }

    // Each projection gets its own copy of the initializers (as Keras's from_config of their config) and the shared settings.
    private EinsumDense SubLayer(string equation, int?[] outputShape, string bias, string name) =>
        new(equation, outputShape, biasAxes: UseBias ? bias : null,
            kernelInitializer: KerasObjects.Deserialize<Initializer>(KerasObjects.Serialize(_kernelInitializer)),
            biasInitializer: KerasObjects.Deserialize<Initializer>(KerasObjects.Serialize(_biasInitializer)),
            kernelRegularizer: KernelRegularizer, biasRegularizer: BiasRegularizer, activityRegularizer: ActivityRegularizer,
            kernelConstraint: KernelConstraint, biasConstraint: BiasConstraint, name: name) { DType = DType };

    private (int?[] Query, int?[] Value, int?[] Key) Split(IReadOnlyList<int?[]> shapes)
    {
        if (shapes.Count is < 2 or > 4)
            throw new ArgumentException($"Layer '{Name}' takes query, value, and optionally key and attention mask; got {shapes.Count} input(s).");
        return (shapes[0], shapes[1], shapes.Count > 2 ? shapes[2] : shapes[1]);
    }

    private static string Shapes(int?[] q, int?[] v, int?[] k) => $"query {ShapeText.Format(q)}, value {ShapeText.Format(v)} and key {ShapeText.Format(k)}";

    /// <summary>Keras's build config: the query, value and key shapes.</summary>
    public override Dictionary<string, object?>? GetBuildConfig()
    {
        var shapes = BuiltInputShapes;
        if (shapes is null) return null;
        return new() { ["query_shape"] = shapes[0], ["value_shape"] = shapes[1], ["key_shape"] = shapes.Count > 2 ? shapes[2] : shapes[1] };
    }

    /// <summary>Builds from Keras's build config (query_shape, value_shape, key_shape).</summary>
    public override void BuildFromConfig(Dictionary<string, object?> buildConfig)
    {
        ArgumentNullException.ThrowIfNull(buildConfig);
        if (buildConfig.ContainsKey("input_shape") || buildConfig.GetValueOrDefault("query_shape") is null) { base.BuildFromConfig(buildConfig); return; }
        var value = buildConfig.GetValueOrDefault("value_shape");
        var key = buildConfig.GetValueOrDefault("key_shape") ?? value;
        base.BuildFromConfig(new() { ["input_shape"] = new List<object?> { buildConfig["query_shape"], value, key } });
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var c = base.GetConfig();
        c["num_heads"] = NumHeads;
        c["key_dim"] = KeyDim;
        c["value_dim"] = ValueDim;
        c["dropout"] = Dropout;
        c["use_bias"] = UseBias;
        c["output_shape"] = OutputShape;
        c["attention_axes"] = AttentionAxes;
        c["kernel_initializer"] = ConfigOf.Describe(_kernelInitializer);
        c["bias_initializer"] = ConfigOf.Describe(_biasInitializer);
        c["kernel_regularizer"] = ConfigOf.Describe(KernelRegularizer);
        c["bias_regularizer"] = ConfigOf.Describe(BiasRegularizer);
        c["kernel_constraint"] = ConfigOf.Describe(KernelConstraint);
        c["bias_constraint"] = ConfigOf.Describe(BiasConstraint);
        if (ActivityRegularizer is not null) c["activity_regularizer"] = ConfigOf.Describe(ActivityRegularizer);
        c["seed"] = Seed;
        return c;
    }
}
