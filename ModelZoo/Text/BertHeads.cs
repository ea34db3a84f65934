using KerasSharp.Layers;
using KerasSharp.Models;

namespace KerasSharp.ModelZoo;

public static partial class Bert
{
    /// <summary>
    /// Hugging Face's <c>BertForMaskedLM</c>: the encoder's hidden states through <see cref="BertLMHead"/>, giving
    /// vocabulary logits [batch, length, vocab]. From a folder: a masked-LM checkpoint (its <c>cls.predictions</c> keys).
    /// </summary>
    public static Model ForMaskedLM(string folder) => FromFolder(folder, ForMaskedLM, HeadTable.MaskedLM);

    /// <summary>A masked-LM model over <paramref name="bert"/> (sharing its layers), with a fresh head.</summary>
    public static Model ForMaskedLM(BertModel bert)
    {
        ArgumentNullException.ThrowIfNull(bert);
        var head = new BertLMHead(bert.Embeddings.WordEmbeddings, bert.Config.HiddenAct, bert.Config.LayerNormEps, name: "lm_head");
        return new Model(bert.Inputs, head.Apply(bert.Outputs[0]), name: "bert_for_masked_lm");
    }

    /// <summary>
    /// Hugging Face's <c>BertForSequenceClassification</c>: the pooled output, dropout, a dense layer of one logit per
    /// label. From a folder: as many labels as its config's <c>id2label</c> has.
    /// </summary>
    public static Model ForSequenceClassification(string folder) => FromFolder(folder, b => ForSequenceClassification(b, Math.Max(2, b.Config.Labels.Count)), HeadTable.Classifier);

    /// <summary>A sentence classifier over <paramref name="bert"/> with a fresh head.</summary>
    public static Model ForSequenceClassification(BertModel bert, int numLabels)
    {
        ArgumentNullException.ThrowIfNull(bert);
        var x = new Dropout(bert.Config.HiddenDropoutProb, name: "dropout").Apply(bert.Outputs[1]);
        var logits = new Dense(numLabels, kernelInitializer: new TruncatedNormal(stddev: 0.02), name: "classifier").Apply(x);
        return new Model(bert.Inputs, logits, name: "bert_for_sequence_classification");
    }

    /// <summary>Hugging Face's <c>BertForTokenClassification</c>: per-token logits [batch, length, labels].</summary>
    public static Model ForTokenClassification(string folder) => FromFolder(folder, b => ForTokenClassification(b, Math.Max(2, b.Config.Labels.Count)), HeadTable.Classifier);

    /// <summary>A token classifier over <paramref name="bert"/> with a fresh head.</summary>
    public static Model ForTokenClassification(BertModel bert, int numLabels)
    {
        ArgumentNullException.ThrowIfNull(bert);
        var x = new Dropout(bert.Config.HiddenDropoutProb, name: "dropout").Apply(bert.Outputs[0]);
        var logits = new Dense(numLabels, kernelInitializer: new TruncatedNormal(stddev: 0.02), name: "classifier").Apply(x);
        return new Model(bert.Inputs, logits, name: "bert_for_token_classification");
    }

    /// <summary>
    /// Hugging Face's <c>BertForQuestionAnswering</c>: start and end logits per token, as the last axis of
    /// [batch, length, 2] (index 0: start, 1: end; <see cref="SplitSpans"/> separates them).
    /// </summary>
    public static Model ForQuestionAnswering(string folder) => FromFolder(folder, ForQuestionAnswering, HeadTable.QuestionAnswering);

    /// <summary>A span extractor over <paramref name="bert"/> with a fresh head.</summary>
    public static Model ForQuestionAnswering(BertModel bert)
    {
        ArgumentNullException.ThrowIfNull(bert);
        var logits = new Dense(2, kernelInitializer: new TruncatedNormal(stddev: 0.02), name: "qa_outputs").Apply(bert.Outputs[0]);
        return new Model(bert.Inputs, logits, name: "bert_for_question_answering");
    }

    /// <summary>The start and end logits [batch, length] of a question-answering output [batch, length, 2].</summary>
    public static (Tensor Start, Tensor End) SplitSpans(Tensor logits)
    {
        ArgumentNullException.ThrowIfNull(logits);
        if (logits.Rank != 3 || logits.Shape[2] != 2)
            throw new ArgumentException($"Bert.SplitSpans: expected [batch, length, 2] logits, got {logits.Shape}.");
        return (Ops.Squeeze(Ops.SliceAxis(logits, 2, 0, 1), 2), Ops.Squeeze(Ops.SliceAxis(logits, 2, 1, 1), 2));
    }

    // Builds the encoder from the folder's config, the head on it, and loads the checkpoint's encoder and head keys.
    private static Model FromFolder(string folder, Func<BertModel, Model> build, IReadOnlyList<(string, string, bool)> headRows)
    {
        var (bert, state) = Open(folder);
        try
        {
            var model = build(bert);
            var table = BertWeights.EncoderTable(bert.Config);
            if (BertWeights.HasBertPrefix(state.Keys)) table = BertWeights.Prefixed(table, "bert.");
            // A head model holds only the layers its output needs (a masked-LM model has no pooler): rows for layers
            // it lacks are dropped, and their keys in the checkpoint are not its business.
            var keys = model.StateDict();
            foreach (var t in keys.Values) t.Dispose();
            var rows = table.Concat(headRows).ToList();
            var unused = rows.Where(r => !keys.ContainsKey(r.Item2)).Select(r => r.Item1).ToHashSet(StringComparer.Ordinal);
            rows = rows.Where(r => keys.ContainsKey(r.Item2)).ToList();
            var used = rows.Select(r => r.Item1).ToHashSet(StringComparer.Ordinal);
            BertWeights.Load(model, state, rows, ignored: k => unused.Contains(k) || (IsHead(k) && !used.Contains(k)));
            return model;
        }
        catch (ArgumentException e) { throw new ArgumentException($"'{folder}': {e.Message}", e); }
        finally { foreach (var t in state.Values) t.Dispose(); }
    }

    /// <summary>Each head's Hugging Face keys onto its layer (named lm_head, classifier, qa_outputs above).</summary>
    private static class HeadTable
    {
        public static readonly IReadOnlyList<(string, string, bool)> MaskedLM =
        [
            ("cls.predictions.transform.dense.weight", "lm_head/transform/kernel", true),
            ("cls.predictions.transform.dense.bias", "lm_head/transform/bias", false),
            ("cls.predictions.transform.LayerNorm.weight", "lm_head/layer_norm/gamma", false),
            ("cls.predictions.transform.LayerNorm.bias", "lm_head/layer_norm/beta", false),
            ("cls.predictions.bias", "lm_head/bias", false),
        ];

        public static readonly IReadOnlyList<(string, string, bool)> Classifier =
            [("classifier.weight", "classifier/kernel", true), ("classifier.bias", "classifier/bias", false)];

        public static readonly IReadOnlyList<(string, string, bool)> QuestionAnswering =
            [("qa_outputs.weight", "qa_outputs/kernel", true), ("qa_outputs.bias", "qa_outputs/bias", false)];
    }
}
