namespace KerasSharp.ModelZoo;

/// <summary>
/// Ready-made BERT tasks in one line, as Hugging Face's <c>pipeline(...)</c>: each loads a checkpoint folder (or hub name
/// of <see cref="BertHub.Names"/>) with its tokenizer and takes plain text.
/// </summary>
/// <example><code>
/// var fill = Pipelines.FillMask("bert-base-uncased");
/// foreach (var p in fill.Predict("Paris is the [MASK] of France.")[0]) Console.WriteLine($"{p.Token} {p.Score:0.000}");
/// var embed = Pipelines.FeatureExtraction("google/bert_uncased_L-4_H-256_A-4");
/// using var e = embed.SentenceEmbeddings(["a cat sat", "a dog ran"]);   // [2, 256], unit rows: e[0]·e[1] is the cosine
/// </code></example>
public static class Pipelines
{
    /// <summary>The most likely tokens for each [MASK] of a text, from a masked-LM checkpoint (its <c>cls.predictions</c> head).</summary>
    /// <param name="folderOrName">A checkpoint folder in Hugging Face's layout, or a hub name.</param>
    /// <param name="topK">Predictions per [MASK] (Hugging Face's default 5).</param>
    public static FillMaskPipeline FillMask(string folderOrName, int topK = 5)
    {
        var (folder, tokenizer, config) = Open(folderOrName);
        return new FillMaskPipeline(tokenizer, Bert.ForMaskedLM(folder), config, topK);
    }

    /// <summary>The label of a text, with its score, from a sequence-classification checkpoint (labels from <c>id2label</c>).</summary>
    /// <param name="folderOrName">A checkpoint folder in Hugging Face's layout, or a hub name.</param>
    /// <param name="function">What turns logits into scores; by default config.json's <c>problem_type</c> decides (softmax for
    /// single-label, sigmoid for multi-label, none for regression), and without one the head's width does (sigmoid for one unit).</param>
    public static TextClassificationPipeline TextClassification(string folderOrName, ClassificationFunction? function = null)
    {
        var (folder, tokenizer, config) = Open(folderOrName);
        return new TextClassificationPipeline(tokenizer, Bert.ForSequenceClassification(folder), config, function);
    }

    /// <summary>Token vectors and sentence embeddings (mean-pooled, L2-normalised) from any BERT checkpoint.</summary>
    /// <param name="folderOrName">A checkpoint folder in Hugging Face's layout, or a hub name.</param>
    public static FeatureExtractionPipeline FeatureExtraction(string folderOrName)
    {
        var (folder, tokenizer, config) = Open(folderOrName);
        return new FeatureExtractionPipeline(tokenizer, Bert.FromPretrained(folder), config);
    }

    // The folder (downloaded if a hub name), its tokenizer and config; a vocabulary larger than the model's is refused
    // here, before it can give ids the embedding table lacks.
    private static (string Folder, BertTokenizer Tokenizer, BertConfig Config) Open(string folderOrName)
    {
        var folder = BertHub.Resolve(folderOrName);
        var config = BertConfig.FromFile(Path.Combine(folder, "config.json"));
        var tokenizer = BertTokenizer.FromFolder(folder);
        if (tokenizer.VocabSize > config.VocabSize)
            throw new ModelFileException(tokenizer.VocabPath, null,
                $"the vocabulary has {tokenizer.VocabSize} tokens but config.json's vocab_size is {config.VocabSize}: they are from different checkpoints.");
        return (folder, tokenizer, config);
    }

    /// <summary>The longest input the model takes: the tokenizer's limit, and never more than its position embeddings.</summary>
    internal static int MaxLength(BertTokenizer tokenizer, BertConfig config) =>
        Math.Min(tokenizer.ModelMaxLength ?? int.MaxValue, config.MaxPositionEmbeddings);

    /// <summary>The tokenizer's three tensors, in BertModel's input order.</summary>
    internal static Tensor[] Inputs(BertEncoding e) => [e.InputIds, e.AttentionMask, e.TokenTypeIds];
}
