using KerasSharp.Datasets;

namespace KerasSharp.ModelZoo;

/// <summary>
/// BERT checkpoints on the Hugging Face hub by name: bert-base-uncased, bert-base-cased, bert-large-uncased and the 20
/// miniatures google/bert_uncased_L-{2,4,6,8,12}_H-{128,256,512,768}_A-{H/64}. Their files come from
/// <c>https://huggingface.co/&lt;name&gt;/resolve/main/&lt;file&gt;</c> into <c>$KERASSHARP_HOME/models/&lt;name&gt;/</c> once,
/// with the downloader's rules: each file written under a temporary name and renamed, held to a size limit,
/// KERASSHARP_MODELS_URL (or else Hugging Face's own HF_ENDPOINT) replacing <c>https://huggingface.co</c>,
/// KERASSHARP_OFFLINE forbidding downloads.
/// </summary>
public static class BertHub
{
    /// <summary>Where the hub serves files: <c>&lt;endpoint&gt;/&lt;name&gt;/resolve/main/&lt;file&gt;</c>.</summary>
    public const string Endpoint = "https://huggingface.co";

    /// <summary>Hugging Face's variable for a hub mirror; read when KERASSHARP_MODELS_URL is not set.</summary>
    public const string EndpointVariable = "HF_ENDPOINT";

    /// <summary>The names <see cref="Fetch"/> knows, the three original BERTs first.</summary>
    public static IReadOnlyList<string> Names { get; } =
    [
        "bert-base-uncased", "bert-base-cased", "bert-large-uncased",
        .. from layers in new[] { 2, 4, 6, 8, 12 }
           from hidden in new[] { 128, 256, 512, 768 }
           select $"google/bert_uncased_L-{layers}_H-{hidden}_A-{hidden / 64}",
    ];

    // The hub's files of a BERT, in download order. The weights come last, so their presence means the set is complete.
    private const string Config = "config.json", Vocab = "vocab.txt", TokenizerConfig = "tokenizer_config.json";
    private static readonly string[] WeightFiles = ["model.safetensors", "pytorch_model.bin"];

    /// <summary>Whether <paramref name="name"/> is one of <see cref="Names"/>.</summary>
    public static bool IsKnown(string name) => Names.Contains(name, StringComparer.Ordinal);

    /// <summary>The cache folder of a hub name: <c>$KERASSHARP_HOME/models/&lt;name&gt;</c>.</summary>
    public static string CacheFolderOf(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return Path.Combine(PretrainedWeights.CacheFolder, Path.Combine(name.Split('/')));
    }

    /// <summary>
    /// The folder of <paramref name="folderOrName"/>: the folder itself when it exists, else the cached copy of a hub name
    /// (downloaded first if it is not complete).
    /// </summary>
    /// <exception cref="ArgumentException">No such folder exists and the name is not one the hub list knows.</exception>
    /// <exception cref="DatasetDownloadException">A file is not cached and cannot be downloaded (the message says which files to put where).</exception>
    public static string Resolve(string folderOrName)
    {
        ArgumentException.ThrowIfNullOrEmpty(folderOrName);
        if (Directory.Exists(folderOrName)) return folderOrName;
        if (IsKnown(folderOrName)) return Fetch(folderOrName);
        throw new ArgumentException(
            $"'{folderOrName}' is neither a folder (none at {Path.GetFullPath(folderOrName)}) nor a BERT name the hub list knows. Pass a folder in " +
            "Hugging Face's layout (config.json, vocab.txt, model.safetensors or pytorch_model.bin), or one of: bert-base-uncased, bert-base-cased, " +
            "bert-large-uncased, google/bert_uncased_L-{2,4,6,8,12}_H-{128,256,512,768}_A-{H/64} (e.g. google/bert_uncased_L-4_H-256_A-4).",
            nameof(folderOrName));
    }

    /// <summary>
    /// The cache folder of hub checkpoint <paramref name="name"/>, with config.json, vocab.txt, tokenizer_config.json
    /// (where the repository has one) and model.safetensors (or, where the repository has none, pytorch_model.bin),
    /// downloading what is missing.
    /// </summary>
    /// <exception cref="ArgumentException">The name is not one of <see cref="Names"/>.</exception>
    /// <exception cref="DatasetDownloadException">A file cannot be downloaded, or downloads are off (the message says which files to put where).</exception>
    /// <exception cref="ModelFileException">The downloaded config.json is not a BERT config.</exception>
    public static string Fetch(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (!IsKnown(name))
            throw new ArgumentException($"'{name}' is not a BERT name the hub list knows; known: {string.Join(", ", Names)}.", nameof(name));
        var folder = CacheFolderOf(name);
        if (WeightFiles.Any(w => File.Exists(Path.Combine(folder, w)))) return folder;

        string hint = $"To use {name} without a download, put config.json, vocab.txt, tokenizer_config.json (where the repository has one) and " +
                      $"model.safetensors or pytorch_model.bin from {Endpoint}/{name}/tree/main into {folder}, or pass the path of a folder holding them.";
        if (DownloadSettings.Offline)
            throw new DatasetDownloadException(folder, $"{name}: the checkpoint is not complete in {folder} and {DownloadSettings.OfflineVariable} forbids downloading it. {hint}");

        Download(name, Config, TokenizerLimits.MaxConfigBytes, folder, hint);
        var config = BertConfig.FromFile(Path.Combine(folder, Config));
        Download(name, Vocab, TokenizerLimits.MaxVocabularyBytes, folder, hint);
        try { Download(name, TokenizerConfig, TokenizerLimits.MaxConfigBytes, folder, hint); }
        catch (DatasetDownloadException e) when (e.NotFound) { /* optional: the defaults (uncased) apply */ }

        long limit = WeightsLimit(config);
        try { Download(name, WeightFiles[0], limit, folder, hint); }
        catch (DatasetDownloadException e) when (e.NotFound) { Download(name, WeightFiles[1], limit, folder, hint); }
        return folder;
    }

    private static void Download(string name, string file, long maxSize, string folder, string hint)
    {
        if (File.Exists(Path.Combine(folder, file))) return;   // an earlier, interrupted fetch already placed it whole
        // A mirror takes the hub's place, so it serves <name>/resolve/main/<file> as the hub does.
        string root = (DownloadSettings.Mirror(PretrainedWeights.MirrorVariable) ?? DownloadSettings.Mirror(EndpointVariable) ?? Endpoint).TrimEnd('/');
        FileDownloader.Download(name, new KnownFile(file, null, null, [$"{root}/{name}/resolve/main/{file}"], MaxSize: maxSize), folder, hint);
    }

    // No digest is published for a hub file, so the limit is what the config's BERT can weigh: float32 parameters,
    // with the pre-training heads and an untied decoder copy, plus 10% and 8 MiB for the container and buffers.
    private static long WeightsLimit(BertConfig c)
    {
        long h = c.HiddenSize, i = c.IntermediateSize, v = c.VocabSize;
        long embeddings = (v + c.MaxPositionEmbeddings + c.TypeVocabSize) * h + 2 * h;
        long layer = 4 * h * h + 4 * h + 2 * h * i + i + h + 4 * h;
        long heads = (h * h + h) * 2 + 2 * h + v + v * h + 2 * h + 2;
        long parameters = embeddings + c.NumHiddenLayers * layer + heads;
        return parameters * 4 * 11 / 10 + (8L << 20);
    }
}
