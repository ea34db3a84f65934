namespace KerasSharp.ModelZoo;

/// <summary>
/// Hugging Face's feature-extraction pipeline over any BERT checkpoint: the last hidden state of each token, and
/// sentence embeddings as sentence-transformers makes them (the mean of the token vectors weighted by the attention
/// mask, so padding does not count, then divided by its L2 norm). Texts longer than the model takes are truncated.
/// Built by <see cref="Pipelines.FeatureExtraction"/>.
/// </summary>
public sealed class FeatureExtractionPipeline
{
    private readonly int _maxLength;

    internal FeatureExtractionPipeline(BertTokenizer tokenizer, BertModel model, BertConfig config)
    {
        Tokenizer = tokenizer;
        Model = model;
        _maxLength = Pipelines.MaxLength(tokenizer, config);
    }

    /// <summary>The checkpoint's tokenizer.</summary>
    public BertTokenizer Tokenizer { get; }

    /// <summary>The encoder.</summary>
    public BertModel Model { get; }

    /// <summary>The vector of each token of <paramref name="text"/>, [CLS] and [SEP] included: [tokens, hidden].</summary>
    public Tensor TokenVectors(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        using var scope = new TensorScope();
        var encoding = Tokenizer.Encode(text, maxLength: _maxLength);
        var hidden = Model.Encode(encoding.InputIds, encoding.AttentionMask, encoding.TokenTypeIds).LastHiddenState;
        return scope.Keep(Ops.Squeeze(hidden, 0));
    }

    /// <summary>One unit-length embedding per text, [batch, hidden]: the dot product of two rows is their cosine similarity.</summary>
    public Tensor SentenceEmbeddings(IReadOnlyList<string> texts)
    {
        using var scope = new TensorScope();
        var encoding = Tokenizer.Encode(texts, maxLength: _maxLength);
        var hidden = Model.Encode(encoding.InputIds, encoding.AttentionMask, encoding.TokenTypeIds).LastHiddenState;
        var weights = Ops.ExpandDims(Ops.Cast(encoding.AttentionMask, hidden.DType), -1);          // [batch, length, 1]
        var mean = Ops.Sum(hidden * weights, 1) / Ops.Sum(weights, 1);                              // every row has [CLS]: no zero count
        var norm = Ops.Sqrt(Ops.Sum(Ops.Square(mean), 1, keepDims: true));
        return scope.Keep(mean / Ops.Maximum(norm, Ops.FullLike(norm, 1e-12)));                     // F.normalize's floor
    }

    /// <summary>The unit-length embedding of one text.</summary>
    public float[] SentenceEmbedding(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        using var embeddings = SentenceEmbeddings([text]);
        return embeddings.ToArray<float>();
    }
}
