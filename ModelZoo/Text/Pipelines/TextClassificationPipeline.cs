using KerasSharp.Models;

namespace KerasSharp.ModelZoo;

/// <summary>A label with its score (softmax probability).</summary>
public sealed record LabelScore(string Label, float Score);

/// <summary>
/// Hugging Face's text-classification pipeline over a BERT sequence-classification checkpoint: the label of config.json's
/// <c>id2label</c> (LABEL_0, LABEL_1, ... where it has none) with the softmax of the head's logits. Texts longer than
/// the model takes are truncated. Built by <see cref="Pipelines.TextClassification"/>.
/// </summary>
public sealed class TextClassificationPipeline
{
    private readonly Model _model;
    private readonly int _maxLength;

    internal TextClassificationPipeline(BertTokenizer tokenizer, Model model, BertConfig config)
    {
        Tokenizer = tokenizer;
        _model = model;
        _maxLength = Pipelines.MaxLength(tokenizer, config);
        int count = model.Outputs[0].Shape[^1] ?? throw new InvalidOperationException("TextClassification: the head's width is unknown.");
        Labels = [.. Enumerable.Range(0, count).Select(i => i < config.Labels.Count ? config.Labels[i] : $"LABEL_{i}")];
    }

    /// <summary>The checkpoint's tokenizer.</summary>
    public BertTokenizer Tokenizer { get; }

    /// <summary>The labels by class index.</summary>
    public IReadOnlyList<string> Labels { get; }

    /// <summary>The most likely label of <paramref name="text"/> (or of the pair with <paramref name="textPair"/>) and its score.</summary>
    public LabelScore Predict(string text, string? textPair = null) => AllScores(text, textPair)[0];

    /// <summary>The most likely label of each text, batched.</summary>
    public IReadOnlyList<LabelScore> Predict(IReadOnlyList<string> texts) => [.. Scores(texts, null).Select(row => row[0])];

    /// <summary>Every label of <paramref name="text"/> with its score, the most likely first.</summary>
    public IReadOnlyList<LabelScore> AllScores(string text, string? textPair = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Scores([text], textPair is null ? null : [textPair])[0];
    }

    private List<LabelScore>[] Scores(IReadOnlyList<string> texts, IReadOnlyList<string>? pairs)
    {
        float[] probabilities;
        using (var scope = new TensorScope())
        {
            var encoding = Tokenizer.Encode(texts, pairs, maxLength: _maxLength);
            probabilities = Ops.Softmax(_model.PredictAll(Pipelines.Inputs(encoding), verbose: 0)[0], -1).ToArray<float>();
        }
        int n = Labels.Count;
        return [.. Enumerable.Range(0, texts.Count).Select(row =>
            Enumerable.Range(0, n).Select(i => new LabelScore(Labels[i], probabilities[row * n + i]))
                      .OrderByDescending(s => s.Score).ToList())];
    }
}
