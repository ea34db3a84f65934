using KerasSharp.Models;

namespace KerasSharp.ModelZoo;

/// <summary>A label with its score (a probability, or the raw logit with <see cref="ClassificationFunction.None"/>).</summary>
public sealed record LabelScore(string Label, float Score);

/// <summary>
/// Hugging Face's text-classification pipeline over a BERT sequence-classification checkpoint: the label of config.json's
/// <c>id2label</c> (LABEL_0, LABEL_1, ... where it has none) with its score, the softmax of the head's logits, or their
/// sigmoid for a multi-label or one-unit head (see <see cref="Function"/>). Texts longer than the model takes are
/// truncated. Built by <see cref="Pipelines.TextClassification"/>.
/// </summary>
public sealed class TextClassificationPipeline
{
    private readonly Model _model;
    private readonly int _maxLength;

    internal TextClassificationPipeline(BertTokenizer tokenizer, Model model, BertConfig config, ClassificationFunction? function)
    {
        Tokenizer = tokenizer;
        _model = model;
        _maxLength = Pipelines.MaxLength(tokenizer, config);
        int count = model.Outputs[0].Shape[^1] ?? throw new InvalidOperationException("TextClassification: the head's width is unknown.");
        Labels = [.. Enumerable.Range(0, count).Select(i => i < config.Labels.Count ? config.Labels[i] : $"LABEL_{i}")];
        Function = function ?? DefaultFunction(config.ProblemType, count);
    }

    // Hugging Face's rule: the checkpoint's problem_type decides; without one, a single output unit is a sigmoid.
    private static ClassificationFunction DefaultFunction(string? problemType, int labels) => problemType switch
    {
        "multi_label_classification" => ClassificationFunction.Sigmoid,
        "regression" => ClassificationFunction.None,
        "single_label_classification" => ClassificationFunction.Softmax,
        _ => labels == 1 ? ClassificationFunction.Sigmoid : ClassificationFunction.Softmax,
    };

    /// <summary>The checkpoint's tokenizer.</summary>
    public BertTokenizer Tokenizer { get; }

    /// <summary>The labels by class index.</summary>
    public IReadOnlyList<string> Labels { get; }

    /// <summary>What turns the head's logits into scores: chosen when the pipeline was built, from config.json's
    /// <c>problem_type</c> (or the head's width) unless the caller named one.</summary>
    public ClassificationFunction Function { get; }

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
            var logits = _model.PredictAll(Pipelines.Inputs(encoding), verbose: 0)[0];
            probabilities = (Function switch
            {
                ClassificationFunction.Softmax => Ops.Softmax(logits, -1),
                ClassificationFunction.Sigmoid => Ops.Sigmoid(logits),
                _ => logits,
            }).ToArray<float>();
        }
        int n = Labels.Count;
        return [.. Enumerable.Range(0, texts.Count).Select(row =>
            Enumerable.Range(0, n).Select(i => new LabelScore(Labels[i], probabilities[row * n + i]))
                      .OrderByDescending(s => s.Score).ToList())];
    }
}
