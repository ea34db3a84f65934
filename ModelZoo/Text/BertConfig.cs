namespace KerasSharp.ModelZoo;

/// <summary>
/// A BERT's shape, as Hugging Face's <c>config.json</c> gives it (<c>vocab_size</c>, <c>hidden_size</c>,
/// <c>num_hidden_layers</c>, <c>num_attention_heads</c>, <c>intermediate_size</c>, <c>hidden_act</c>,
/// <c>max_position_embeddings</c>, <c>type_vocab_size</c>, <c>layer_norm_eps</c> and the dropout probabilities).
/// </summary>
public sealed record BertConfig
{
    /// <summary>Tokens in the vocabulary.</summary>
    public int VocabSize { get; init; } = 30522;
    /// <summary>Width of every token's vector.</summary>
    public int HiddenSize { get; init; } = 768;
    /// <summary>Encoder layers.</summary>
    public int NumHiddenLayers { get; init; } = 12;
    /// <summary>Attention heads per layer; they divide <see cref="HiddenSize"/>.</summary>
    public int NumAttentionHeads { get; init; } = 12;
    /// <summary>Width of the feed-forward layer.</summary>
    public int IntermediateSize { get; init; } = 3072;
    /// <summary>The feed-forward activation: "gelu" (exact), "gelu_new" or "gelu_pytorch_tanh" (tanh approximation), "relu".</summary>
    public string HiddenAct { get; init; } = "gelu";
    /// <summary>The longest sequence (position embeddings).</summary>
    public int MaxPositionEmbeddings { get; init; } = 512;
    /// <summary>Token types (segments A and B).</summary>
    public int TypeVocabSize { get; init; } = 2;
    /// <summary>LayerNormalization's epsilon.</summary>
    public double LayerNormEps { get; init; } = 1e-12;
    /// <summary>Dropout on embeddings and layer outputs.</summary>
    public double HiddenDropoutProb { get; init; } = 0.1;
    /// <summary>Dropout on attention weights.</summary>
    public double AttentionProbsDropoutProb { get; init; } = 0.1;
    /// <summary>The task head's labels by index (<c>id2label</c>), when the checkpoint has them.</summary>
    public IReadOnlyList<string> Labels { get; init; } = [];
    /// <summary>
    /// The task head's problem (<c>problem_type</c>): "single_label_classification", "multi_label_classification",
    /// "regression", or null where the checkpoint does not say (then the head's width decides, as in Hugging Face).
    /// </summary>
    public string? ProblemType { get; init; }

    /// <summary>The hidden size per head.</summary>
    public int HeadSize => HiddenSize / NumAttentionHeads;

    /// <summary>Checks the sizes fit together; the message names what does not.</summary>
    /// <exception cref="ArgumentException">A size is not positive, the heads do not divide the hidden size, or the activation is unknown.</exception>
    public BertConfig Validate(string source = "BertConfig")
    {
        foreach (var (name, value) in new[] { ("vocab_size", VocabSize), ("hidden_size", HiddenSize), ("num_hidden_layers", NumHiddenLayers),
                     ("num_attention_heads", NumAttentionHeads), ("intermediate_size", IntermediateSize), ("max_position_embeddings", MaxPositionEmbeddings),
                     ("type_vocab_size", TypeVocabSize) })
            if (value <= 0) throw new ArgumentException($"{source}: {name} must be positive, got {value}.");
        if (HiddenSize % NumAttentionHeads != 0)
            throw new ArgumentException($"{source}: num_attention_heads ({NumAttentionHeads}) must divide hidden_size ({HiddenSize}).");
        if (HiddenAct is not ("gelu" or "gelu_new" or "gelu_pytorch_tanh" or "relu"))
            throw new ArgumentException($"{source}: hidden_act '{HiddenAct}' is not supported (gelu, gelu_new, gelu_pytorch_tanh, relu).");
        if (!(LayerNormEps > 0)) throw new ArgumentException($"{source}: layer_norm_eps must be positive, got {LayerNormEps}.");
        foreach (var (name, p) in new[] { ("hidden_dropout_prob", HiddenDropoutProb), ("attention_probs_dropout_prob", AttentionProbsDropoutProb) })
            if (!(p >= 0 && p < 1)) throw new ArgumentException($"{source}: {name} must be in [0, 1), got {p}.");
        return this;
    }

    /// <summary>Reads Hugging Face's <c>config.json</c>; keys it does not know are ignored (HF configs carry many).</summary>
    /// <exception cref="ModelFileException">The file is missing, too large or not a JSON object; its values do not fit.</exception>
    public static BertConfig FromFile(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists) throw new ModelFileException(path, null, "the file does not exist.");
        if (info.Length > 1 << 20) throw new ModelFileException(path, null, $"a config.json of {info.Length} bytes is too large (at most 1 MiB).");
        Dictionary<string, object?> json;
        try { json = ConfigJson.ReadObject(File.ReadAllText(path), $"'{path}'"); }
        catch (FormatException e) { throw new ModelFileException(path, null, e.Message, e); }
        try { return FromJson(json).Validate($"'{path}'"); }
        catch (ArgumentException e) { throw new ModelFileException(path, null, e.Message, e); }
    }

    /// <summary>The config from a parsed <c>config.json</c>.</summary>
    public static BertConfig FromJson(Dictionary<string, object?> json)
    {
        ArgumentNullException.ThrowIfNull(json);
        int Int(string key, int fallback) => json.GetValueOrDefault(key) switch
        {
            null => fallback,
            long l when l is > 0 and <= int.MaxValue => (int)l,
            var v => throw new ArgumentException($"{key} must be a positive whole number, got {ConfigJson.Write(v)}."),
        };
        double Real(string key, double fallback) => json.GetValueOrDefault(key) switch
        {
            null => fallback,
            long l => l,
            double d => d,
            var v => throw new ArgumentException($"{key} must be a number, got {ConfigJson.Write(v)}."),
        };
        var labels = json.GetValueOrDefault("id2label") is Dictionary<string, object?> map
            ? map.OrderBy(kv => int.TryParse(kv.Key, out int i) ? i : int.MaxValue).Select(kv => kv.Value?.ToString() ?? kv.Key).ToList()
            : [];
        return new BertConfig
        {
            VocabSize = Int("vocab_size", 30522),
            HiddenSize = Int("hidden_size", 768),
            NumHiddenLayers = Int("num_hidden_layers", 12),
            NumAttentionHeads = Int("num_attention_heads", 12),
            IntermediateSize = Int("intermediate_size", 3072),
            HiddenAct = json.GetValueOrDefault("hidden_act") as string ?? "gelu",
            MaxPositionEmbeddings = Int("max_position_embeddings", 512),
            TypeVocabSize = Int("type_vocab_size", 2),
            LayerNormEps = Real("layer_norm_eps", 1e-12),
            HiddenDropoutProb = Real("hidden_dropout_prob", 0.1),
            AttentionProbsDropoutProb = Real("attention_probs_dropout_prob", 0.1),
            Labels = labels,
            ProblemType = json.GetValueOrDefault("problem_type") switch
            {
                null => null,
                string t when t is "single_label_classification" or "multi_label_classification" or "regression" => t,
                var v => throw new ArgumentException($"problem_type must be single_label_classification, multi_label_classification or regression, got {ConfigJson.Write(v)}."),
            },
        };
    }

    /// <summary>The encoder's architecture in <c>config.json</c>'s keys (for saving a model's config; the task's labels stay out).</summary>
    public Dictionary<string, object?> ToJson() => new()
    {
        ["vocab_size"] = VocabSize, ["hidden_size"] = HiddenSize, ["num_hidden_layers"] = NumHiddenLayers,
        ["num_attention_heads"] = NumAttentionHeads, ["intermediate_size"] = IntermediateSize, ["hidden_act"] = HiddenAct,
        ["max_position_embeddings"] = MaxPositionEmbeddings, ["type_vocab_size"] = TypeVocabSize, ["layer_norm_eps"] = LayerNormEps,
        ["hidden_dropout_prob"] = HiddenDropoutProb, ["attention_probs_dropout_prob"] = AttentionProbsDropoutProb,
    };
}
