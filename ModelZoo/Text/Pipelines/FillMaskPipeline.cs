using KerasSharp.Models;

namespace KerasSharp.ModelZoo;

/// <summary>One prediction for a [MASK]: the token, its id, its probability and the text with it filled in.</summary>
/// <param name="Token">The predicted token as text (Hugging Face's <c>token_str</c>; a piece keeps its "##").</param>
/// <param name="TokenId">Its id in the vocabulary.</param>
/// <param name="Score">Its softmax probability over the vocabulary at that position.</param>
/// <param name="Sequence">The decoded input with this token in place of that [MASK]. With one [MASK] the special tokens
/// are left out; with several they are kept, so the other [MASK]s still show (Hugging Face's rule).</param>
public sealed record FillMaskPrediction(string Token, int TokenId, float Score, string Sequence);

/// <summary>Hugging Face's fill-mask pipeline over a BERT masked-LM checkpoint. Built by <see cref="Pipelines.FillMask"/>.</summary>
public sealed class FillMaskPipeline
{
    private readonly Model _model;
    private readonly int _maxLength;

    internal FillMaskPipeline(BertTokenizer tokenizer, Model model, BertConfig config, int topK)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(topK, 1);
        if (tokenizer.MaskTokenId is null)
            throw new ModelFileException(tokenizer.VocabPath, null, $"the vocabulary has no {tokenizer.Options.MaskToken}, so there is nothing to fill.");
        Tokenizer = tokenizer;
        _model = model;
        _maxLength = Pipelines.MaxLength(tokenizer, config);
        TopK = topK;
    }

    /// <summary>The checkpoint's tokenizer.</summary>
    public BertTokenizer Tokenizer { get; }

    /// <summary>Predictions per [MASK] unless a call asks otherwise.</summary>
    public int TopK { get; }

    /// <summary>
    /// The <paramref name="topK"/> most likely tokens for each [MASK] in <paramref name="text"/>, most likely first; one
    /// list per [MASK], in the order they appear. With <paramref name="targets"/>, only those words are scored (their
    /// probabilities over the whole vocabulary), as Hugging Face's <c>targets</c>: a word outside the vocabulary stands
    /// for its first WordPiece.
    /// </summary>
    /// <exception cref="ArgumentException">The text has no [MASK], is longer than the model takes, or no target gives a token.</exception>
    public IReadOnlyList<IReadOnlyList<FillMaskPrediction>> Predict(string text, int? topK = null, IEnumerable<string>? targets = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        int[]? candidates = targets is null ? null : TargetIds(targets);
        int k = Math.Min(topK ?? TopK, candidates?.Length ?? Tokenizer.VocabSize);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1, nameof(topK));
        int mask = Tokenizer.MaskTokenId!.Value;
        var ids = Tokenizer.EncodeToIds(text);
        var positions = Enumerable.Range(0, ids.Length).Where(i => ids[i] == mask).ToArray();
        if (positions.Length == 0)
            throw new ArgumentException($"FillMask: the text has no {Tokenizer.Options.MaskToken} to fill; write it where a word is missing, " +
                                        $"e.g. \"Paris is the {Tokenizer.Options.MaskToken} of France.\"", nameof(text));
        if (ids.Length > _maxLength)
            throw new ArgumentException($"FillMask: the text has {ids.Length} tokens with [CLS] and [SEP]; the model takes at most {_maxLength}. Shorten it.", nameof(text));

        float[] logits;
        using (var scope = new TensorScope())
        {
            var inputIds = Tensor.FromArray(ids.Select(i => (long)i).ToArray(), 1, ids.Length);
            logits = _model.PredictAll([inputIds, Ops.OnesLike(inputIds), Ops.ZerosLike(inputIds)], verbose: 0)[0].ToArray<float>();
        }
        int vocab = logits.Length / ids.Length;
        candidates ??= [.. Enumerable.Range(0, vocab)];
        return [.. positions.Select(p => Row(ids, p, Probabilities(logits.AsSpan(p * vocab, vocab)), candidates, k, positions.Length == 1))];
    }

    // Each target's id: the word itself where the vocabulary has it, else its first WordPiece; repeats count once.
    private int[] TargetIds(IEnumerable<string> targets)
    {
        var ids = new List<int>();
        var skipped = new List<string>();
        foreach (var target in targets)
        {
            ArgumentNullException.ThrowIfNull(target, nameof(targets));
            int? id = Tokenizer.TokenToId(target) ?? Tokenizer.EncodeToIds(target, addSpecialTokens: false).Select(i => (int?)i).FirstOrDefault();
            if (id is null) skipped.Add(target);
            else if (!ids.Contains(id.Value)) ids.Add(id.Value);
        }
        if (ids.Count == 0)
            throw new ArgumentException($"FillMask: no target gives a token ({(skipped.Count == 0 ? "the list is empty" : "none in: " + string.Join(", ", skipped.Select(t => $"\"{t}\"")))}); " +
                                        "pass words of the vocabulary.", nameof(targets));
        return [.. ids];
    }

    private List<FillMaskPrediction> Row(int[] ids, int position, double[] probabilities, int[] candidates, int k, bool singleMask) =>
        [.. candidates
            .OrderByDescending(i => probabilities[i]).ThenBy(i => i)
            .Take(k)
            .Select(id =>
            {
                var filled = (int[])ids.Clone();
                filled[position] = id;
                return new FillMaskPrediction(Tokenizer.Decode([id]), id, (float)probabilities[id],
                                              Tokenizer.Decode(filled, skipSpecialTokens: singleMask));
            })];

    // Softmax in double: the scores of a 30,000-token vocabulary are small and many.
    private static double[] Probabilities(ReadOnlySpan<float> logits)
    {
        double max = double.NegativeInfinity;
        foreach (var v in logits) max = Math.Max(max, v);
        var p = new double[logits.Length];
        double sum = 0;
        for (int i = 0; i < p.Length; i++) sum += p[i] = Math.Exp(logits[i] - max);
        for (int i = 0; i < p.Length; i++) p[i] /= sum;
        return p;
    }
}
