using KerasSharp.Layers;

namespace KerasSharp.Models;

/// <summary>
/// The <c>assets/</c> part of a <c>.keras</c> archive: every <see cref="ILayerAssets"/> layer's files under the layer's
/// path in the weight tree (Keras's assets store uses the same inner paths as model.weights.h5's groups), e.g.
/// <c>assets/layers/text_vectorization/vocabulary.txt</c>.
/// </summary>
internal static class LayerAssets
{
    /// <summary>The assets prefix of the archive.</summary>
    public const string Prefix = "assets/";

    private static string Folder(WeightTree node) => Prefix + (node.H5Path.Length == 0 ? "" : node.H5Path + "/");

    /// <summary>The entries to write: (archive name, text).</summary>
    public static List<(string Name, string Text)> Collect(Model model)
    {
        var entries = new List<(string, string)>();
        foreach (var node in WeightTree.Of(model).All())
            if (node.Layer is ILayerAssets assets)
                foreach (var (file, text) in assets.SaveAssets())
                {
                    if (file.Length == 0 || file.Contains('/') || file.Contains('\\'))
                        throw new InvalidOperationException($"Layer '{node.Layer.Name}': asset file name \"{file}\" must be a plain file name.");
                    entries.Add((Folder(node) + file, text));
                }
        return entries;
    }

    /// <summary>Hands every asset layer the files the archive holds in its folder.</summary>
    public static void Restore(Model model, KerasArchiveReader archive)
    {
        foreach (var node in WeightTree.Of(model).All())
        {
            if (node.Layer is not ILayerAssets assets) continue;
            string folder = Folder(node);
            var files = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var entry in archive.Entries)
            {
                if (!entry.Name.StartsWith(folder, StringComparison.Ordinal)) continue;
                string file = entry.Name[folder.Length..];
                if (file.Length > 0 && !file.Contains('/')) files[file] = archive.ReadText(entry.Name);
            }
            try { assets.LoadAssets(files); }
            catch (Exception e) when (e is ArgumentException or FormatException or OverflowException)
            {
                throw new ModelFileException(archive.FilePath, folder, $"layer '{node.Layer.Name}' cannot use its assets: {e.Message}", e);
            }
        }
    }
}
