namespace KerasSharp.Layers;

public sealed partial class MultiHeadAttention
{
    private const string UseCausalMaskOption = "use_causal_mask";
    private const string ReturnScoresOption = "return_attention_scores";

    /// <summary>
    /// Attends from <paramref name="query"/> (batch, seqQ, features) to <paramref name="value"/> (batch, seqV, features),
    /// with <paramref name="key"/> (default: value); returns (batch, seqQ, outputShape or query features).
    /// </summary>
    /// <param name="query">The queries.</param>
    /// <param name="value">The values (and keys, without <paramref name="key"/>).</param>
    /// <param name="key">The keys; default <paramref name="value"/>.</param>
    /// <param name="attentionMask">(batch, seqQ, seqV) (or broadcastable): true or nonzero where the query step may attend to the key step.</param>
    /// <param name="training">Applies dropout when true.</param>
    /// <param name="useCausalMask">Query step i attends only to key steps j &lt;= i.</param>
    public Tensor Apply(Tensor query, Tensor value, Tensor? key = null, Tensor? attentionMask = null, bool training = false, bool useCausalMask = false) =>
        Invoke(Inputs(query, value, key, attentionMask), Options(useCausalMask, false), training)[0];

    /// <summary>As <see cref="Apply(Tensor, Tensor, Tensor?, Tensor?, bool, bool)"/> with Keras's <c>return_attention_scores=True</c>:
    /// also the attention weights, (batch, heads, seqQ, seqV), before dropout.</summary>
    /// <inheritdoc cref="Apply(Tensor, Tensor, Tensor?, Tensor?, bool, bool)" path="/param"/>
    public (Tensor Output, Tensor Scores) ApplyWithScores(Tensor query, Tensor value, Tensor? key = null, Tensor? attentionMask = null,
                                                          bool training = false, bool useCausalMask = false)
    {
        var outputs = Invoke(Inputs(query, value, key, attentionMask), Options(useCausalMask, true), training);
        return (outputs[0], outputs[1]);
    }

    /// <summary>Adds the attention to a graph (the symbolic form of <see cref="Apply(Tensor, Tensor, Tensor?, Tensor?, bool, bool)"/>).</summary>
    /// <param name="query">The queries.</param>
    /// <param name="value">The values (and keys, without <paramref name="key"/>).</param>
    /// <param name="key">The keys; default <paramref name="value"/>.</param>
    /// <param name="attentionMask">Where a query step may attend to a key step.</param>
    /// <param name="useCausalMask">Query step i attends only to key steps j &lt;= i.</param>
    public KerasTensor Apply(KerasTensor query, KerasTensor value, KerasTensor? key = null, KerasTensor? attentionMask = null, bool useCausalMask = false) =>
        InvokeSymbolic(Inputs(query, value, key, attentionMask), Options(useCausalMask, false))[0];

    /// <summary>Adds the attention to a graph with its scores as a second output.</summary>
    /// <inheritdoc cref="Apply(KerasTensor, KerasTensor, KerasTensor?, KerasTensor?, bool)" path="/param"/>
    public (KerasTensor Output, KerasTensor Scores) ApplyWithScores(KerasTensor query, KerasTensor value, KerasTensor? key = null,
                                                                    KerasTensor? attentionMask = null, bool useCausalMask = false)
    {
        var outputs = InvokeSymbolic(Inputs(query, value, key, attentionMask), Options(useCausalMask, true));
        return (outputs[0], outputs[1]);
    }

    // The layer's inputs are always [query, value, key] (key defaults to value, as in Keras), then the attention mask if any.
    private static T[] Inputs<T>(T query, T value, T? key, T? mask) where T : class
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(value);
        return mask is null ? [query, value, key ?? value] : [query, value, key ?? value, mask];
    }

    private static Dictionary<string, object?> Options(bool causal, bool scores) => new() { [UseCausalMaskOption] = causal, [ReturnScoresOption] = scores };

    private static bool Flag(IReadOnlyDictionary<string, object?> options, string name) => options.GetValueOrDefault(name) is true;

    /// <inheritdoc/>
    protected override Tensor[] CallOutputs(IReadOnlyList<Tensor> inputs, IReadOnlyList<Tensor?> masks, IReadOnlyDictionary<string, object?> options, bool training)
    {
        if (inputs.Count is < 2 or > 4)
            throw new ArgumentException($"Layer '{Name}' takes query, value, and optionally key and attention mask; got {inputs.Count} input(s).");
        var key = inputs.Count > 2 ? inputs[2] : inputs[1];
        var keyMask = inputs.Count > 2 ? masks[2] : masks[1];
        bool causal = Flag(options, UseCausalMaskOption), withScores = Flag(options, ReturnScoresOption);

        var query = _queryDense!.Apply(inputs[0]);  // (batch, seqQ..., heads, keyDim)
        var keys = _keyDense!.Apply(key);
        var values = _valueDense!.Apply(inputs[1]);
        var mask = AttentionMask(masks[0], masks[1], keyMask, inputs.Count > 3 ? inputs[3] : null);
        double rate = training ? Dropout : 0;
        long? seed = rate > 0 ? _seeds.Next() : null;

        Tensor attended, scores = null!;
        if (_axes!.Length == 1 && _axes[0] == 1 && query.Rank == 4)
        {
            // The usual (batch, seq, heads, depth): heads first, then the attention op (fused where the backend has it).
            var q = Ops.Transpose(query, [0, 2, 1, 3]);
            var k = Ops.Transpose(keys, [0, 2, 1, 3]);
            var v = Ops.Transpose(values, [0, 2, 1, 3]);
            var m = mask;
            while (m is not null && m.Rank < 4) m = Ops.ExpandDims(m, -3); // (batch, seqQ, seqV): one mask for every head
            double scale = 1 / Math.Sqrt(KeyDim);
            Tensor o;
            if (withScores) (o, scores) = Ops.ScaledDotProductAttentionWithWeights(q, k, v, m, causal, rate, scale, seed);
            else o = Ops.ScaledDotProductAttention(q, k, v, m, causal, rate, scale, seed);
            attended = Ops.Transpose(o, [0, 2, 1, 3]);
        }
        else (attended, scores) = EinsumAttention(query, keys, values, mask, causal, rate, seed);

        var output = _outputDense!.Apply(attended);
        return withScores ? [output, scores] : [output];
    }

    /// <summary>
    /// Keras's <c>_compute_attention_mask</c> without the causal part (the attention op applies that): the query mask
    /// as (batch, seqQ, 1), the value and key masks as (batch, 1, seqV), and the attention mask, ANDed; null when none.
    /// </summary>
    private static Tensor? AttentionMask(Tensor? queryMask, Tensor? valueMask, Tensor? keyMask, Tensor? attentionMask)
    {
        Tensor? mask = null;
        void And(Tensor m) => mask = mask is null ? m : Ops.LogicalAnd(mask, m);
        if (queryMask is not null) And(Ops.ExpandDims(queryMask, -1));
        if (valueMask is not null) And(Ops.ExpandDims(valueMask, -2));
        if (keyMask is not null && !ReferenceEquals(keyMask, valueMask)) And(Ops.ExpandDims(keyMask, -2));
        if (attentionMask is not null) And(attentionMask.DType == DType.Bool ? attentionMask : Ops.NotEqual(attentionMask, Ops.ZerosLike(attentionMask)));
        return mask;
    }

    /// <summary>
    /// Attention over any axes, as Keras computes it: scores by einsum, a masked softmax over the key axes, dropout,
    /// and the weighted values by einsum. Rows with no allowed key give zero weights.
    /// </summary>
    private (Tensor Output, Tensor Scores) EinsumAttention(Tensor query, Tensor keys, Tensor values, Tensor? mask, bool causal, double rate, long? seed)
    {
        var (dot, combine, scoresRank) = AttentionEquations.Attention(query.Rank, _axes!);
        var scores = Ops.Einsum(dot, keys, Ops.MultiplyScalar(query, 1 / Math.Sqrt(KeyDim)));
        int n = _axes!.Length;
        if (causal && n > 1)
            throw new ArgumentException($"Layer '{Name}': useCausalMask orders the steps of one attention axis, but the layer attends over axes [{string.Join(", ", _axes)}]; pass an attentionMask instead.");
        if (causal) mask = mask is null ? Causal(query, keys, _axes[0]) : Ops.LogicalAnd(mask, Causal(query, keys, _axes[0]));
        if (mask is not null)
        {
            // Keras expands the mask from the heads axis on: (batch, seqQ..., seqK...) -> (batch, 1, seqQ..., seqK...).
            while (mask.Rank < scoresRank) mask = Ops.ExpandDims(mask, -2 * n - 1);
            mask = Ops.BroadcastTo(mask, scores.Shape.ToArray());
            scores = Ops.Where(mask, scores, Ops.FullLike(scores, -1e9));
        }
        // Softmax over the trailing n key axes together.
        var dims = scores.Shape.ToArray();
        int lead = dims.Length - n;
        var flat = Ops.Reshape(scores, [.. dims[..lead], -1]);
        var weights = Ops.Reshape(Ops.Softmax(flat, -1), dims);
        if (mask is not null) weights = Ops.Where(mask, weights, Ops.ZerosLike(weights)); // a row with no key allowed: zeros, as the attention op
        var dropped = rate > 0
            ? Ops.Multiply(weights, Ops.RandomBernoulli(dims, 1 - rate, weights.DType, seed, scale: 1 / (1 - rate), like: weights))
            : weights;
        return (Ops.Einsum(combine, dropped, values), weights);
    }

    /// <summary>Keras's causal mask, (1, seqQ, seqV): query step i sees key steps j &lt;= i along the attention axis.</summary>
    private static Tensor Causal(Tensor query, Tensor keys, int axis)
    {
        int t = query.Shape[axis], s = keys.Shape[axis];
        var rows = Ops.Reshape(Ops.Arange(t), t, 1);
        var cols = Ops.Reshape(Ops.Arange(s), 1, s);
        return Ops.ExpandDims(Ops.GreaterEqual(rows, cols), 0);
    }

    /// <inheritdoc/>
    protected override int?[][] ComputeOutputShapes(IReadOnlyList<int?[]> inputShapes, IReadOnlyDictionary<string, object?> options)
    {
        var (query, value, _) = Split(inputShapes);
        int?[] output = [.. query[..^1], .. (OutputShape ?? [query[^1]!.Value]).Select(d => (int?)d)];
        if (!Flag(options, ReturnScoresOption)) return [output];
        int rank = query.Length + 1;
        int?[] q = [.. query[..^1], NumHeads, KeyDim];
        int?[] k = [.. value[..^1], NumHeads, KeyDim];
        var batchDims = Enumerable.Range(0, rank - 1).Where(i => !_axes!.Contains(i));
        int?[] scores = [.. batchDims.Select(i => q[i]), .. _axes!.Select(i => q[i]), .. _axes!.Select(i => k[i])];
        return [output, scores];
    }

    /// <inheritdoc/>
    public override int?[] ComputeOutputShape(IReadOnlyList<int?[]> inputShapes) => ComputeOutputShapes(inputShapes, NoOptions)[0];

    /// <inheritdoc/>
    public override int?[] ComputeOutputShape(int?[] inputShape) => ComputeOutputShape([inputShape]);

    /// <summary>Use <see cref="Apply(Tensor, Tensor, Tensor?, Tensor?, bool, bool)"/>: attention needs a query and a value.</summary>
    public override Tensor Call(Tensor inputs, bool training) =>
        throw new ArgumentException($"Layer '{Name}' takes query, value, and optionally key and attention mask; got 1 input. Call mha.Apply(query, value) (self-attention: mha.Apply(x, x)).");

    /// <inheritdoc/>
    public override Tensor Call(IReadOnlyList<Tensor> inputs, bool training) =>
        CallOutputs(inputs, new Tensor?[inputs.Count], NoOptions, training)[0];

    /// <summary>Keras's call layout: query and value positional, key (when not the value) and attention_mask by keyword.</summary>
    internal override (List<KerasTensor> Positional, Dictionary<string, KerasTensor> Keywords)? CallSignature(KerasTensor[] inputs)
    {
        var keywords = new Dictionary<string, KerasTensor>();
        if (inputs.Length > 2 && !ReferenceEquals(inputs[2], inputs[1])) keywords["key"] = inputs[2];
        if (inputs.Length > 3) keywords["attention_mask"] = inputs[3];
        return ([inputs[0], inputs[1]], keywords);
    }

    /// <summary>[query, value, key, attention mask?] from positional arguments and the keywords query, value, key and attention_mask.</summary>
    internal override KerasTensor[] InputsFromCall(List<KerasTensor> positional, Dictionary<string, KerasTensor> keywords)
    {
        foreach (var k in keywords.Keys)
            if (k is not ("query" or "value" or "key" or "attention_mask"))
                throw new ArgumentException($"Layer '{Name}' (MultiHeadAttention) takes the tensors query, value, key and attention_mask, got '{k}'.");
        KerasTensor? Arg(int i, string name) => keywords.GetValueOrDefault(name) ?? (i < positional.Count ? positional[i] : null);
        var query = Arg(0, "query") ?? throw new ArgumentException($"Layer '{Name}': the saved call has no query.");
        var value = Arg(1, "value") ?? throw new ArgumentException($"Layer '{Name}': the saved call has no value.");
        return Inputs(query, value, Arg(2, "key"), Arg(3, "attention_mask"));
    }
}
