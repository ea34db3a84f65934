using KerasSharp.Models;

namespace KerasSharp.ModelZoo;

/// <summary>
/// Pretrained BERTs from a Hugging Face checkpoint folder (<c>config.json</c>, the weights, <c>vocab.txt</c>) or a hub
/// name that <see cref="BertHub"/> downloads once into the cache.
/// </summary>
public static partial class Bert
{
    /// <summary>
    /// A <see cref="BertModel"/> built from the folder's <c>config.json</c> with its weights (a <c>BertModel</c> checkpoint,
    /// or the encoder of a task checkpoint such as <c>BertForMaskedLM</c>: its head's keys are ignored).
    /// </summary>
    /// <param name="folderOrName">A folder in Hugging Face's layout, or a hub name of <see cref="BertHub.Names"/> ("bert-base-uncased").</param>
    /// <exception cref="ModelFileException">A file is missing or malformed.</exception>
    /// <exception cref="ArgumentException">No such folder and not a known name; or the weights do not fit the config (the message lists the keys).</exception>
    /// <exception cref="KerasSharp.Datasets.DatasetDownloadException">A hub file cannot be downloaded (the message says which files to put where).</exception>
    public static BertModel FromPretrained(string folderOrName)
    {
        ArgumentException.ThrowIfNullOrEmpty(folderOrName);
        var (model, state, folder) = Open(folderOrName);
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
    private static (BertModel Model, OrderedDictionary<string, Tensor> State, string Folder) Open(string folderOrName)
    {
        var folder = BertHub.Resolve(folderOrName);
        var config = BertConfig.FromFile(Path.Combine(folder, "config.json"));
        return (new BertModel(config), HuggingFaceCheckpoint.Load(folder), folder);
    }

    /// <summary>Keys of Hugging Face's task heads (cls., classifier., qa_outputs.), which the bare encoder does not use.</summary>
    public static bool IsHead(string key) =>
        key.StartsWith("cls.", StringComparison.Ordinal) || key.StartsWith("classifier.", StringComparison.Ordinal) ||
        key.StartsWith("qa_outputs.", StringComparison.Ordinal);
}
