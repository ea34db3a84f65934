using KerasSharp.Datasets;
using KerasSharp.Models;

namespace KerasSharp.ModelZoo;

/// <summary>
/// Loads the weights an application was asked for: torchvision's published files (downloaded once into
/// <c>$KERASSHARP_HOME/models/</c> and checked), or a file by path: a PyTorch <c>.pth</c>/<c>.pt</c> or a
/// <c>.safetensors</c> with torchvision's keys, or one of our own weights files (<c>.keras</c>, <c>.weights.h5</c>,
/// <c>.safetensors</c> with the model's keys).
/// </summary>
public static class PretrainedWeights
{
    /// <summary>
    /// KERASSHARP_MODELS_URL: a base URL (a local mirror) that replaces https://download.pytorch.org/models (the hash
    /// check stays) and https://huggingface.co (<see cref="BertHub"/>: the mirror serves &lt;name&gt;/resolve/main/&lt;file&gt;).
    /// </summary>
    public const string MirrorVariable = "KERASSHARP_MODELS_URL";

    /// <summary>The cache folder of downloaded weights: <c>$KERASSHARP_HOME/models</c> (default <c>~/.keras-sharp/models</c>).</summary>
    public static string CacheFolder => Path.Combine(IdxImageDataset.KerasSharpHome, "models");

    /// <summary>
    /// The local path of torchvision's published <paramref name="weights"/> ("imagenet" or "imagenet_v2") for
    /// <paramref name="architecture"/> ("resnet50", "alexnet", ...): the cached copy, else a checked download.
    /// </summary>
    /// <exception cref="DatasetDownloadException">The file is not cached and cannot be downloaded (the message says where to put it by hand).</exception>
    public static string Fetch(string architecture, string weights)
    {
        var (file, parameters, _) = PublishedWeights.Of(architecture, weights);
        var target = Path.Combine(CacheFolder, file);
        if (File.Exists(target)) return target;
        string hint = $"To use the weights without a download, copy {file} (published at {PublishedWeights.Url(file)}) into {CacheFolder}.";
        if (DownloadSettings.Offline)
            throw new DatasetDownloadException(target, $"{architecture}: {file} is not in {CacheFolder} and {DownloadSettings.OfflineVariable} forbids downloading it. {hint}");
        // The size is not published: allow the float32 parameters plus room for buffers and the pickle.
        var known = new KnownFile(file, null, PublishedWeights.HashPrefix(file), [PublishedWeights.Url(file)], MaxSize: parameters * 4 * 11 / 10 + (8 << 20));
        return FileDownloader.Download(architecture, DownloadSettings.Apply(known, MirrorVariable), CacheFolder, hint);
    }

    /// <summary>Loads <paramref name="weights"/> (null: none) into a zoo model built as <paramref name="architecture"/>.</summary>
    internal static void Load(Model model, string? weights, string? architecture, string dataFormat)
    {
        if (weights is null) return;
        bool ignoreClassifier = model.Layers.All(l => !IsClassifierLayer(l.Name));
        if (weights is "imagenet" or "imagenet_v2")
        {
            if (architecture is null)
                throw new ArgumentException($"Model '{model.Name}': torchvision publishes weights for ResNet-18/34/50/101/152 and AlexNet only; build this depth with weights: null or a file of your own.");
            LoadTorchFile(model, Fetch(architecture, weights), ignoreClassifier);
            return;
        }
        string ext = Path.GetExtension(weights).ToLowerInvariant();
        if (ext is ".pth" or ".pt" or ".bin") LoadTorchFile(model, weights, ignoreClassifier);
        else if (ext == ".safetensors" && HasTorchVisionKeys(weights))
        {
            var state = SafeTensors.Load(weights);
            try { TorchVisionWeights.Load(model, state, ignoreClassifier); }
            finally { foreach (var t in state.Values) t.Dispose(); }
        }
        else model.LoadWeights(weights);
    }

    private static void LoadTorchFile(Model model, string path, bool ignoreClassifier)
    {
        var state = TorchStateDict.Load(path);
        try { TorchVisionWeights.Load(model, state, ignoreClassifier); }
        catch (ArgumentException e) { throw new ArgumentException($"'{path}': {e.Message}", e); }
        finally { foreach (var t in state.Values) t.Dispose(); }
    }

    private static bool HasTorchVisionKeys(string path)
    {
        using var file = SafeTensors.Open(path);
        return file.Entries.Any(e => e.Name.EndsWith(".weight", StringComparison.Ordinal));
    }

    private static bool IsClassifierLayer(string name) => name == "fc" || name.StartsWith("classifier.", StringComparison.Ordinal);
}
