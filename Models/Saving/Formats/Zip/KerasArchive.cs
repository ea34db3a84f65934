using System.Text;

namespace KerasSharp.Saving;

/// <summary>
/// The <c>.keras</c> archive: a zip with <c>metadata.json</c>, <c>config.json</c> and <c>model.weights.h5</c>, in that
/// order, all stored uncompressed (as Keras 3 writes them).
/// </summary>
/// <example><code>
/// KerasArchive.Write("model.keras", metadataJson, configJson, stream => weights.Save(stream));
/// using var archive = KerasArchive.Open("model.keras");
/// </code></example>
public static class KerasArchive
{
    /// <summary>The metadata entry's name.</summary>
    public const string MetadataEntry = "metadata.json";

    /// <summary>The model config entry's name.</summary>
    public const string ConfigEntry = "config.json";

    /// <summary>The weights entry's name (an HDF5 file).</summary>
    public const string WeightsEntry = "model.weights.h5";

    /// <summary>
    /// Writes the archive to <paramref name="path"/> atomically. <paramref name="writeWeights"/> writes the HDF5 weights
    /// into the stream it is given (readable, writable and seekable, position 0 at the entry's start), typically
    /// <c>stream =&gt; h5Writer.Save(stream)</c>; the bytes go straight into the archive file.
    /// </summary>
    public static void Write(string path, string metadataJson, string configJson, Action<Stream> writeWeights) =>
        Write(path, metadataJson, configJson, writeWeights, []);

    /// <summary>
    /// Writes the archive with asset entries after the weights (text files such as
    /// <c>assets/layers/string_lookup/vocabulary.txt</c>, as Keras 3 stores lookup vocabularies).
    /// </summary>
    public static void Write(string path, string metadataJson, string configJson, Action<Stream> writeWeights, IReadOnlyList<(string Name, string Text)> assets)
    {
        ArgumentNullException.ThrowIfNull(assets);
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(metadataJson);
        ArgumentNullException.ThrowIfNull(configJson);
        ArgumentNullException.ThrowIfNull(writeWeights);
        AtomicFile.Write(path, file =>
        {
            var zip = new ZipWriter(file);
            zip.Add(MetadataEntry, Encoding.UTF8.GetBytes(metadataJson));
            zip.Add(ConfigEntry, Encoding.UTF8.GetBytes(configJson));
            zip.Add(WeightsEntry, writeWeights);
            foreach (var (name, text) in assets) zip.Add(name, Encoding.UTF8.GetBytes(text));
            zip.Finish();
        });
    }

    /// <summary>Opens and validates the archive at <paramref name="path"/> for reading.</summary>
    public static KerasArchiveReader Open(string path) => KerasArchiveReader.Open(path);
}
