using System.Globalization;
using KerasSharp.Layers;

namespace KerasSharp.Models;

public partial class Model
{
    /// <summary>The Keras version whose file layout <see cref="Save"/> follows (written to metadata.json).</summary>
    public const string KerasFormatVersion = "3.6.0";

    /// <summary>
    /// Saves the whole model as a Keras 3 <c>.keras</c> file: a zip of <c>metadata.json</c>, <c>config.json</c> (the
    /// architecture and the compile settings), <c>model.weights.h5</c> (the weights, the random layers' generator
    /// states and the optimizer's state, in Keras's layout) and, for lookup layers with learned vocabularies,
    /// <c>assets/&lt;layer path&gt;/vocabulary.txt</c>. The file is written under a temporary name and renamed,
    /// so a crash never leaves a half-written file where a good one was.
    /// </summary>
    /// <exception cref="ArgumentException">The path does not end in ".keras".</exception>
    /// <exception cref="InvalidOperationException">Part of the model cannot be saved (a C# delegate, an unregistered custom class): the message names it.</exception>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!path.EndsWith(".keras", StringComparison.OrdinalIgnoreCase))
            throw new ArgumentException($"Model.Save writes a .keras file; '{path}' has another extension. Use SaveWeights for .weights.h5 or .safetensors.", nameof(path));
        // Everything that can fail on the model's side runs before the file is opened.
        string config = ToJson();
        string metadata = ConfigJson.Write(new Dictionary<string, object?>
        {
            ["keras_version"] = KerasFormatVersion,
            ["date_saved"] = DateTime.Now.ToString("yyyy-MM-dd@HH:mm:ss", CultureInfo.InvariantCulture),
            ["producer"] = "KerasSharp",
        });
        var h5 = new H5Writer();
        KerasWeightsFile.Write(this, h5);
        var assets = LayerAssets.Collect(this);
        KerasArchive.Write(path, metadata, config, h5.Save, assets);
    }

    /// <summary>
    /// Loads a model saved by <see cref="Save"/> (or by Python Keras 3, for the layers KerasSharp has): rebuilds it from
    /// config.json, compiles it as it was (unless <paramref name="compile"/> is false) and loads the weights and the
    /// optimizer's state, on the current backend. Nothing in the file is run as code: classes are looked up among
    /// KerasSharp's own, those marked [KerasSerializable] and <paramref name="customObjects"/>.
    /// </summary>
    /// <exception cref="ModelFileException">The file is missing, truncated or not a .keras archive (the message names the file and the entry).</exception>
    /// <exception cref="ArgumentException">The config names a class this program does not know, or the weights do not fit the architecture.</exception>
    public static Model Load(string path, IReadOnlyDictionary<string, Type>? customObjects = null, bool compile = true)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var archive = KerasArchive.Open(path);
        var form = ConfigJson.Read(archive.ReadText(KerasArchive.ConfigEntry), $"'{path}': {KerasArchive.ConfigEntry}") as Dictionary<string, object?>
                   ?? throw new ModelFileException(path, KerasArchive.ConfigEntry, "the config is not a JSON object.");
        if (!compile) form.Remove("compile_config");
        Model model;
        try { model = KerasObjects.Deserialize<Model>(form, customObjects); }
        catch (ArgumentException e) { throw new ArgumentException($"'{path}': {KerasArchive.ConfigEntry}: {e.Message}", e); }
        using var h5 = archive.OpenWeights();
        KerasWeightsFile.Plan(model, h5, compile ? OptimizerState.Required : OptimizerState.Skip).Run();
        LayerAssets.Restore(model, archive);
        return model;
    }

    /// <summary>
    /// Saves the weights alone, chosen by extension: <c>.weights.h5</c> in Keras 3's layout (with the optimizer's
    /// state, as Keras's save_weights does), or <c>.safetensors</c> keyed by <see cref="StateDict"/> paths (weights only).
    /// Written under a temporary name and renamed.
    /// </summary>
    /// <exception cref="ArgumentException">The extension is neither.</exception>
    public void SaveWeights(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        switch (WeightsFormat(path))
        {
            case ".weights.h5":
                var h5 = new H5Writer();
                KerasWeightsFile.Write(this, h5);
                h5.Save(path);
                break;
            default:
                var state = StateDict();
                try { SafeTensors.Save(path, state, new Dictionary<string, string> { ["format"] = "kerassharp", ["model"] = Name }); }
                finally { foreach (var t in state.Values) t.Dispose(); }
                break;
        }
    }

    /// <summary>
    /// Loads weights saved by <see cref="SaveWeights"/> (or the weights of a <c>.keras</c> file) into this model, all
    /// or nothing: every weight must be in the file with its shape and the file may hold no weights the model lacks,
    /// else nothing is assigned and the message lists the differences. A <c>.weights.h5</c> or <c>.keras</c> file's
    /// optimizer state is loaded too when the model is compiled with an optimizer it fits (else a warning says it was
    /// left out, as Keras's load_weights does).
    /// </summary>
    /// <exception cref="ModelFileException">The file is missing, truncated or corrupt.</exception>
    /// <exception cref="ArgumentException">The extension is unknown, or the file's weights do not fit the model.</exception>
    public void LoadWeights(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        switch (WeightsFormat(path, allowKeras: true))
        {
            case ".keras":
            {
                using var archive = KerasArchive.Open(path);
                using var h5 = archive.OpenWeights();
                KerasWeightsFile.Plan(this, h5, OptimizerState.IfItFits).Run();
                break;
            }
            case ".weights.h5":
            {
                using var h5 = H5Reader.Open(path);
                KerasWeightsFile.Plan(this, h5, OptimizerState.IfItFits).Run();
                break;
            }
            default:
                LoadSafeTensors(path);
                break;
        }
    }

    private void LoadSafeTensors(string path)
    {
        using var file = SafeTensors.Open(path);
        var entries = file.Entries.ToDictionary(e => e.Name, e => (e.Shape, (Func<Tensor>)(() => file.ReadTensor(e.Name))), StringComparer.Ordinal);
        PlanStateDict(entries, strict: true, "the file", $"'{path}' does not fit it, nothing was loaded").Plan.Run();
    }

    private static string WeightsFormat(string path, bool allowKeras = false)
    {
        foreach (var ext in allowKeras ? new[] { ".weights.h5", ".safetensors", ".keras" } : [".weights.h5", ".safetensors"])
            if (path.EndsWith(ext, StringComparison.OrdinalIgnoreCase)) return ext;
        throw new ArgumentException(
            $"Cannot tell the weights format of '{path}' from its extension: use .weights.h5 (Keras 3) or .safetensors" +
            (allowKeras ? ", or a .keras file." : "; Model.Save writes a whole .keras model."), nameof(path));
    }
}
