using KerasSharp.Layers;

namespace KerasSharp.ModelZoo;

/// <summary>
/// BERT's input embeddings: word + position + token type, then LayerNormalization and dropout. Inputs: token ids and
/// token type ids, both [batch, length] integers; output [batch, length, hidden].
/// </summary>
public sealed class BertEmbeddings : Layer
{
    private readonly Embedding _wordEmbeddings;
    private readonly Embedding _positionEmbeddings;
    private readonly Embedding _tokenTypeEmbeddings;
    private readonly LayerNormalization _layerNorm;
    private readonly Dropout _dropout;

    /// <summary>Creates the embeddings (initialised as BERT's: normal with standard deviation 0.02).</summary>
    public BertEmbeddings(int vocabSize, int hiddenSize, int maxPositionEmbeddings, int typeVocabSize, double layerNormEps = 1e-12,
                          double dropout = 0.1, string? name = null) : base(name)
    {
        VocabSize = vocabSize;
        HiddenSize = hiddenSize;
        MaxPositionEmbeddings = maxPositionEmbeddings;
        TypeVocabSize = typeVocabSize;
        LayerNormEps = layerNormEps;
        DropoutRate = dropout;
        var init = new TruncatedNormal(stddev: 0.02);
        _wordEmbeddings = new Embedding(vocabSize, hiddenSize, init, name: $"{Name}.word_embeddings");
        _positionEmbeddings = new Embedding(maxPositionEmbeddings, hiddenSize, init, name: $"{Name}.position_embeddings");
        _tokenTypeEmbeddings = new Embedding(typeVocabSize, hiddenSize, init, name: $"{Name}.token_type_embeddings");
        _layerNorm = new LayerNormalization(epsilon: layerNormEps, name: $"{Name}.layer_norm");
        _dropout = new Dropout(dropout, name: $"{Name}.dropout");
    }

    /// <summary>Tokens in the vocabulary.</summary>
    public int VocabSize { get; }
    /// <summary>Width of the vectors.</summary>
    public int HiddenSize { get; }
    /// <summary>The longest sequence.</summary>
    public int MaxPositionEmbeddings { get; }
    /// <summary>Token types.</summary>
    public int TypeVocabSize { get; }
    /// <summary>LayerNormalization's epsilon.</summary>
    public double LayerNormEps { get; }
    /// <summary>The dropout rate.</summary>
    public double DropoutRate { get; }

    /// <summary>The word embedding table [vocab, hidden] (the masked-language-model head ties its decoder to it).</summary>
    public Embedding WordEmbeddings => _wordEmbeddings;

    /// <inheritdoc/>
    public override Tensor Call(IReadOnlyList<Tensor> inputs, bool training)
    {
        if (inputs.Count != 2) throw new ArgumentException($"Layer '{Name}' takes token ids and token type ids, received {inputs.Count} inputs.");
        var ids = inputs[0];
        int length = ids.Shape[^1];
        if (length > MaxPositionEmbeddings)
            throw new ArgumentException($"Layer '{Name}': a sequence of {length} tokens is longer than max_position_embeddings ({MaxPositionEmbeddings}); truncate it.");
        var words = _wordEmbeddings.Apply(ids, training);
        // The position ids go where the token ids are (a model built on one backend may run while another is current).
        var arange = Ops.Arange(length);
        var positionIds = ReferenceEquals(arange.Backend, ids.Backend) && arange.Device == ids.Device ? arange : arange.To(ids.Backend, ids.Device);
        var positions = _positionEmbeddings.Apply(positionIds, training);
        var types = _tokenTypeEmbeddings.Apply(inputs[1], training);
        var sum = Ops.Add(Ops.Add(words, positions), types);
        return _dropout.Apply(_layerNorm.Apply(sum, training), training);
    }

    /// <inheritdoc/>
    public override int?[] ComputeOutputShape(IReadOnlyList<int?[]> inputShapes) => [.. inputShapes[0], HiddenSize];

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var c = base.GetConfig();
        c["vocab_size"] = VocabSize;
        c["hidden_size"] = HiddenSize;
        c["max_position_embeddings"] = MaxPositionEmbeddings;
        c["type_vocab_size"] = TypeVocabSize;
        c["layer_norm_eps"] = LayerNormEps;
        c["dropout"] = DropoutRate;
        return c;
    }
}
