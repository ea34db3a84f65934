using System.Globalization;

namespace KerasSharp.Callbacks;

/// <summary>
/// Saves the model (<c>.keras</c>) or its weights (<c>.weights.h5</c>, <c>.safetensors</c>) during <c>Fit</c>, as Keras's
/// ModelCheckpoint: every epoch or every N batches, always or only when the monitored metric improves. The file path may
/// name the epoch, the batch and any logged metric: <c>"ckpt-{epoch:02d}-{val_loss:.2f}.keras"</c> (epoch and batch count
/// from 1). Files are written under a temporary name and renamed, so a crash never leaves a half-written checkpoint.
/// </summary>
/// <example><code>new ModelCheckpoint("best.keras", monitor: "val_accuracy", saveBestOnly: true)</code></example>
public sealed class ModelCheckpoint : MonitorCallback
{
    private int _currentEpoch;
    private long _batchesSinceSave;

    /// <summary>Creates the callback; the path and settings are checked here.</summary>
    /// <param name="filepath">Where to save; a template filled from the epoch, the batch and the logs.</param>
    /// <param name="monitor">The metric that decides "best".</param>
    /// <param name="verbose">1 prints a line per decision.</param>
    /// <param name="saveBestOnly">Save only when <paramref name="monitor"/> improves on the best so far.</param>
    /// <param name="saveWeightsOnly">Save the weights alone (the path ends in .weights.h5 or .safetensors), else the whole model (.keras).</param>
    /// <param name="mode">"auto", "min" or "max".</param>
    /// <param name="saveFreq">"epoch" or a number of batches.</param>
    /// <param name="initialValueThreshold">A best value to beat from the start (with saveBestOnly).</param>
    /// <exception cref="ArgumentException">The extension does not fit <paramref name="saveWeightsOnly"/>, or the template is malformed.</exception>
    public ModelCheckpoint(string filepath, string monitor = "val_loss", int verbose = 0, bool saveBestOnly = false,
                           bool saveWeightsOnly = false, string mode = "auto", SaveFrequency saveFreq = default,
                           double? initialValueThreshold = null)
        : base("ModelCheckpoint", monitor, mode, initialValueThreshold, 0)
    {
        if (string.IsNullOrEmpty(filepath)) throw new ArgumentException("ModelCheckpoint: filepath is empty.", nameof(filepath));
        if (saveWeightsOnly)
        {
            if (!filepath.EndsWith(".weights.h5", StringComparison.OrdinalIgnoreCase) && !filepath.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase))
                throw new ArgumentException($"ModelCheckpoint: with saveWeightsOnly the file path must end in .weights.h5 or .safetensors; got \"{filepath}\".", nameof(filepath));
        }
        else if (!filepath.EndsWith(".keras", StringComparison.OrdinalIgnoreCase))
            throw new ArgumentException($"ModelCheckpoint: the file path must end in .keras (the whole model), or pass saveWeightsOnly: true for .weights.h5 or .safetensors; got \"{filepath}\".", nameof(filepath));
        FilePathTemplate.Fields(filepath, "ModelCheckpoint");
        Filepath = filepath;
        Verbose = verbose;
        SaveBestOnly = saveBestOnly;
        SaveWeightsOnly = saveWeightsOnly;
        SaveFreq = saveFreq;
    }

    /// <summary>The file path template.</summary>
    public string Filepath { get; }
    /// <summary>1 prints a line per decision.</summary>
    public int Verbose { get; }
    /// <summary>Whether only improvements are saved.</summary>
    public bool SaveBestOnly { get; }
    /// <summary>Whether only the weights are saved.</summary>
    public bool SaveWeightsOnly { get; }
    /// <summary>"epoch" or every N batches.</summary>
    public SaveFrequency SaveFreq { get; }
    /// <summary>The initial best value, if any (Keras's initial_value_threshold).</summary>
    public double? InitialValueThreshold => InitialBest;
    /// <summary>The files written, in order (the same path again when the template has no field).</summary>
    public List<string> Saved { get; } = [];

    /// <inheritdoc/>
    public override void OnTrainBegin(IReadOnlyDictionary<string, double> logs)
    {
        base.OnTrainBegin(logs);
        _batchesSinceSave = 0;
        Saved.Clear();
    }

    /// <inheritdoc/>
    public override void OnEpochBegin(int epoch, IReadOnlyDictionary<string, double> logs) => _currentEpoch = epoch;

    /// <inheritdoc/>
    public override void OnTrainBatchEnd(int batch, IReadOnlyDictionary<string, double> logs)
    {
        if (SaveFreq.IsEpoch || ++_batchesSinceSave < SaveFreq.Batches) return;
        _batchesSinceSave = 0;
        SaveIfDue(_currentEpoch, batch, logs);
    }

    /// <inheritdoc/>
    public override void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs)
    {
        if (SaveFreq.IsEpoch) SaveIfDue(epoch, null, logs);
    }

    private void SaveIfDue(int epoch, int? batch, IReadOnlyDictionary<string, double> logs)
    {
        var values = new Dictionary<string, double>(logs) { ["epoch"] = epoch + 1 };
        if (batch is int b && !values.ContainsKey("batch")) values["batch"] = b + 1;
        string path = FilePathTemplate.Format(Filepath, "ModelCheckpoint", values);
        if (SaveBestOnly)
        {
            if (!logs.TryGetValue(Monitor, out var current))
                throw new InvalidOperationException(
                    $"ModelCheckpoint: saveBestOnly monitors '{Monitor}', which is not in the logs {(batch is null ? $"of epoch {epoch + 1}" : $"of batch {batch + 1}")}; " +
                    $"available: {string.Join(", ", logs.Keys)}. Pass one of these as monitor (validation metrics need validation data in every epoch).");
            string best = Best is double bv ? bv.ToString("F5", CultureInfo.InvariantCulture) : "None";
            if (!IsImprovement(current, Best))
            {
                if (Verbose > 0) Output.WriteLine($"Epoch {epoch + 1}: {Monitor} did not improve from {best}");
                return;
            }
            if (Verbose > 0) Output.WriteLine($"Epoch {epoch + 1}: {Monitor} improved from {best} to {current.ToString("F5", CultureInfo.InvariantCulture)}, saving model to {path}");
            Best = current;
        }
        else if (Verbose > 0) Output.WriteLine($"Epoch {epoch + 1}: saving model to {path}");
        Folders.ForFile(path);
        if (Directory.Exists(path))
            throw new IOException($"ModelCheckpoint: the file path '{path}' is an existing folder; give a file name.");
        if (SaveWeightsOnly) Model!.SaveWeights(path);
        else Model!.Save(path);
        Saved.Add(path);
    }
}
