using KerasSharp.Models;

namespace KerasSharp.ModelZoo;

/// <summary>Pretrained BERTs from a Hugging Face checkpoint folder (<c>config.json</c>, the weights, <c>vocab.txt</c>).</summary>
public static partial class Bert
{
    /// <summary>
    /// A <see cref="BertModel"/> built from the folder's <c>config.json</c> with its weights (a <c>BertModel</c> checkpoint,
    /// or the encoder of a task checkpoint such as <c>BertForMaskedLM</c>: its head's keys are ignored).
    /// </summary>
    /// <exception cref="ModelFileException">A file is missing or malformed.</exception>
    /// <exception cref="ArgumentException">The weights do not fit the config (the message lists the keys).</exception>
    public static BertModel FromPretrained(string folder)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        var (model, state) = Open(folder);
        try
        {
            var table = BertWeights.EncoderTable(model.Config);
            if (BertWeights.HasBertPrefix(state.Keys)) table = BertWeights.Prefixed(table, "bert.");
            BertWeights.Load(model, state, table, ignored: IsHead);
        }
        catch (ArgumentException e) { throw new ArgumentException($"'{folder}': {e.Message}", e); }
        finally { foreach (var t in state.Values) t.Dispose(); }
        return model;
    }

    // The encoder of the folder's config (fresh weights) and the folder's checkpoint, by Hugging Face key.
    private static (BertModel Model, OrderedDictionary<string, Tensor> State) Open(string folder)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        if (!Directory.Exists(folder)) throw new ModelFileException(folder, null, "the folder does not exist.");
        var config = BertConfig.FromFile(Path.Combine(folder, "config.json"));
        return (new BertModel(config), HuggingFaceCheckpoint.Load(folder));
    }

    /// <summary>Keys of Hugging Face's task heads (cls., classifier., qa_outputs.), which the bare encoder does not use.</summary>
    public static bool IsHead(string key) =>
        key.StartsWith("cls.", StringComparison.Ordinal) || key.StartsWith("classifier.", StringComparison.Ordinal) ||
        key.StartsWith("qa_outputs.", StringComparison.Ordinal);
}
