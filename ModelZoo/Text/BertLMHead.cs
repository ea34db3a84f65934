using KerasSharp.Layers;

namespace KerasSharp.ModelZoo;

/// <summary>
/// BERT's masked-language-model head: a dense transform with the encoder's activation and LayerNormalization, then a
/// decoder tied to the word embedding table (logits = h · Eᵀ + bias): [batch, length, hidden] → [batch, length, vocab].
/// The embedding layer is shared with the encoder, so its weights are saved once, under the encoder.
/// </summary>
public sealed class BertLMHead : Layer
{
    private readonly Dense _transform;
    private readonly LayerNormalization _layerNorm;
    private readonly Embedding _wordEmbeddings;
    private Variable? _bias;

    /// <summary>Creates the head over <paramref name="wordEmbeddings"/> (the encoder's word table).</summary>
    public BertLMHead(Embedding wordEmbeddings, string hiddenAct = "gelu", double layerNormEps = 1e-12, string? name = null) : base(name)
    {
        _wordEmbeddings = wordEmbeddings ?? throw new ArgumentNullException(nameof(wordEmbeddings));
        HiddenAct = hiddenAct;
        LayerNormEps = layerNormEps;
        _transform = new Dense(wordEmbeddings.OutputDim, kernelInitializer: new TruncatedNormal(stddev: 0.02), name: $"{Name}.transform");
        _layerNorm = new LayerNormalization(epsilon: layerNormEps, name: $"{Name}.layer_norm");
    }

    /// <summary>The transform's activation.</summary>
    public string HiddenAct { get; }
    /// <summary>LayerNormalization's epsilon.</summary>
    public double LayerNormEps { get; }

    /// <inheritdoc/>
    public override void Build(int?[] inputShape)
    {
        _bias = AddWeight("bias", [_wordEmbeddings.InputDim], "zeros");
        Built = true;
    }

    /// <inheritdoc/>
    public override Tensor Call(Tensor inputs, bool training)
    {
        var t = _layerNorm.Apply(BertEncoderLayer.ActivationOf(HiddenAct)(_transform.Apply(inputs, training)), training);
        var table = _wordEmbeddings.Embeddings ?? throw new InvalidOperationException($"Layer '{Name}': the tied word embeddings are not built yet.");
        int batch = t.Shape[0], length = t.Shape[1];
        var logits = Ops.MatMul(Ops.Reshape(t, batch * length, t.Shape[2]), Ops.Transpose(table, [1, 0]));
        return Ops.Reshape(Ops.Add(logits, _bias!), batch, length, _wordEmbeddings.InputDim);
    }

    /// <inheritdoc/>
    public override int?[] ComputeOutputShape(int?[] inputShape) => [inputShape[0], inputShape[1], _wordEmbeddings.InputDim];

    /// <summary>Not saved on its own: the head is rebuilt with its encoder (<see cref="Bert.ForMaskedLM(BertModel)"/>).</summary>
    public override Dictionary<string, object?> GetConfig()
    {
        var c = base.GetConfig();
        c["word_embeddings"] = new NotSerializable(
            "a BertLMHead ties its decoder to the encoder's word embeddings, which a config cannot hold; save the weights " +
            "(SaveWeights) and rebuild the model with Bert.ForMaskedLM.");
        return c;
    }
}
