using KerasSharp.Layers;
using KerasSharp.Models;

namespace KerasSharp.ModelZoo;

/// <summary>
/// Hugging Face's <c>BertModel</c> as a functional model, so its checkpoints load: inputs <c>input_ids</c>,
/// <c>attention_mask</c> (1 for tokens, 0 for padding) and <c>token_type_ids</c>, each [batch, length] integers;
/// outputs the last hidden states [batch, length, hidden] and the pooled output [batch, hidden]. Layers carry
/// Hugging Face's module names (<c>embeddings</c>, <c>encoder.layer.3</c>, <c>pooler</c>). Use it as a layer in a
/// functional model, fine-tune it with Fit, save it.
/// </summary>
public sealed class BertModel : Model
{
    /// <summary>A BERT of <paramref name="config"/>'s shape with fresh weights (normal, standard deviation 0.02).</summary>
    public BertModel(BertConfig config, string? name = null) : this(BuildGraph(config.Validate()), config, name) { }

    private BertModel((Input[] Inputs, KerasTensor[] Outputs) graph, BertConfig config, string? name)
        : base(graph.Inputs, graph.Outputs, name ?? "bert")
    {
        Config = config;
    }

    /// <summary>The shape this BERT was built with.</summary>
    public BertConfig Config { get; }

    /// <summary>The embeddings layer (its word table ties a masked-language-model decoder).</summary>
    public BertEmbeddings Embeddings => (BertEmbeddings)GetLayer("embeddings");

    private static (Input[] Inputs, KerasTensor[] Outputs) BuildGraph(BertConfig c)
    {
        var ids = new Input([null], name: "input_ids", dtype: DType.Int64);
        var mask = new Input([null], name: "attention_mask", dtype: DType.Int64);
        var types = new Input([null], name: "token_type_ids", dtype: DType.Int64);
        KerasTensor h = new BertEmbeddings(c.VocabSize, c.HiddenSize, c.MaxPositionEmbeddings, c.TypeVocabSize, c.LayerNormEps,
                                           c.HiddenDropoutProb, name: "embeddings").Apply(ids, types);
        for (int i = 0; i < c.NumHiddenLayers; i++)
            h = new BertEncoderLayer(c.HiddenSize, c.NumAttentionHeads, c.IntermediateSize, c.HiddenAct, c.LayerNormEps,
                                     c.HiddenDropoutProb, c.AttentionProbsDropoutProb, name: $"encoder.layer.{i}").Apply(h, mask);
        var pooled = new BertPooler(c.HiddenSize, name: "pooler").Apply(h);
        return ([ids, mask, types], [h, pooled]);
    }

    /// <summary>
    /// The last hidden states and pooled output for a batch of token ids, with its attention mask (null: every
    /// token counts) and token type ids (null: all segment A).
    /// </summary>
    public (Tensor LastHiddenState, Tensor PooledOutput) Encode(Tensor inputIds, Tensor? attentionMask = null, Tensor? tokenTypeIds = null)
    {
        ArgumentNullException.ThrowIfNull(inputIds);
        using var ones = attentionMask is null ? Ops.OnesLike(inputIds) : null;
        using var zeros = tokenTypeIds is null ? Ops.ZerosLike(inputIds) : null;
        var outputs = PredictAll([inputIds, attentionMask ?? ones!, tokenTypeIds ?? zeros!], verbose: 0);
        return (outputs[0], outputs[1]);
    }

    /// <summary>The config: the layer's name and Hugging Face's config.json keys.</summary>
    public override Dictionary<string, object?> GetConfig()
    {
        var c = new Dictionary<string, object?> { ["name"] = Name, ["trainable"] = Trainable };
        foreach (var (k, v) in Config.ToJson()) c[k] = v;
        return c;
    }

    /// <summary>Rebuilds a BERT from its config.</summary>
    public static new BertModel FromConfig(Dictionary<string, object?> config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var model = new BertModel(BertConfig.FromJson(config), config.GetValueOrDefault("name") as string);
        if (config.GetValueOrDefault("trainable") is bool trainable) model.Trainable = trainable;
        return model;
    }
}
