using System.Globalization;
using System.Text;
using System.Text.Json;
using KerasSharp.Saving;

namespace KerasSharp.Callbacks;

/// <summary>
/// Backs up the training state during <c>Fit</c> and restores it when <c>Fit</c> is called again after a crash, as
/// Keras's BackupAndRestore: the weights, the optimizer's state, the random layers' generators, the model's shuffle
/// generator, the process-wide generator (<see cref="RandomGenerator.Global"/>), and where training stood (epoch, batch, and the shuffle seed of the epoch in progress), so that the resumed
/// run continues as the uninterrupted one would have (bit for bit on the native backend). Backups are written atomically
/// (weights first, then the small state file that points at them), so a process killed at any moment, even during a save,
/// leaves a complete backup. When training ends, the backup is deleted unless <c>deleteCheckpoint</c> is false.
/// The epoch's running metrics after a resume inside an epoch cover only the batches run after it.
/// </summary>
/// <example><code>model.Fit(x, y, epochs: 10, callbacks: [new BackupAndRestore("backup", saveFreq: 100)]);</code></example>
public sealed class BackupAndRestore : Callback
{
    /// <summary>The name of the state file in the backup folder.</summary>
    public const string StateFileName = "training_state.json";
    private const string WeightsPrefix = "backup-";
    private const string WeightsSuffix = ".weights.h5";
    private const int MaxStateBytes = 1 << 16;

    private long _batchesSinceSave;
    private long _saves;

    /// <summary>Creates the callback.</summary>
    /// <param name="backupDir">The folder for the backup; used by this callback alone.</param>
    /// <param name="saveFreq">"epoch" (at each epoch end) or every N batches.</param>
    /// <param name="deleteCheckpoint">Delete the backup when training ends.</param>
    public BackupAndRestore(string backupDir, SaveFrequency saveFreq = default, bool deleteCheckpoint = true)
    {
        if (string.IsNullOrEmpty(backupDir)) throw new ArgumentException("BackupAndRestore: backupDir is empty.", nameof(backupDir));
        BackupDir = backupDir;
        SaveFreq = saveFreq;
        DeleteCheckpoint = deleteCheckpoint;
    }

    /// <summary>The backup folder.</summary>
    public string BackupDir { get; }
    /// <summary>"epoch" or every N batches.</summary>
    public SaveFrequency SaveFreq { get; }
    /// <summary>Whether the backup is deleted when training ends.</summary>
    public bool DeleteCheckpoint { get; }
    /// <summary>Where the last <c>Fit</c> resumed, or null when it started afresh.</summary>
    public FitPosition? ResumedFrom { get; private set; }

    private string StatePath => Path.Combine(BackupDir, StateFileName);

    /// <inheritdoc/>
    public override void OnTrainBegin(IReadOnlyDictionary<string, double> logs)
    {
        _batchesSinceSave = 0;
        ResumedFrom = null;
        if (!File.Exists(StatePath)) return;
        var (position, weights, globalRng) = ReadState();
        string weightsPath = Path.Combine(BackupDir, weights);
        if (!File.Exists(weightsPath))
            throw new InvalidDataException($"BackupAndRestore: '{StatePath}' points at '{weights}', which is missing; delete the folder '{BackupDir}' to start afresh.");
        Model!.LoadWeights(weightsPath);
        if (globalRng is { } g) RandomGenerator.Global.State = g;
        Model.ResumeFitAt(position);
        ResumedFrom = position;
        _saves = SaveNumber(weights);
    }

    /// <inheritdoc/>
    public override void OnTrainBatchEnd(int batch, IReadOnlyDictionary<string, double> logs)
    {
        if (SaveFreq.IsEpoch || ++_batchesSinceSave < SaveFreq.Batches) return;
        _batchesSinceSave = 0;
        Save();
    }

    /// <inheritdoc/>
    public override void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs)
    {
        if (SaveFreq.IsEpoch) Save();
    }

    /// <inheritdoc/>
    public override void OnTrainEnd(IReadOnlyDictionary<string, double> logs)
    {
        if (!DeleteCheckpoint || !Directory.Exists(BackupDir)) return;
        // Only what this callback writes: the state file first (so no state ever points at a deleted file), then the weights.
        File.Delete(StatePath);
        foreach (var file in OwnFiles()) File.Delete(file);
        if (!Directory.EnumerateFileSystemEntries(BackupDir).Any()) Directory.Delete(BackupDir);
    }

    private void Save()
    {
        var position = Model!.FitPosition ?? throw new InvalidOperationException("BackupAndRestore: saving outside Fit.");
        Directory.CreateDirectory(BackupDir);
        string name = $"{WeightsPrefix}{++_saves}{WeightsSuffix}";
        Model.SaveWeights(Path.Combine(BackupDir, name));
        AtomicFile.WriteAllBytes(StatePath, Encoding.UTF8.GetBytes(WriteState(position, name)));
        // The state now points at the new file: older backups (and temporary files of a save cut short) can go.
        foreach (var file in OwnFiles())
            if (Path.GetFileName(file) != name) File.Delete(file);
    }

    private IEnumerable<string> OwnFiles() =>
        Directory.EnumerateFiles(BackupDir)
                 .Where(f => Path.GetFileName(f) is var n
                             && ((n.StartsWith(WeightsPrefix, StringComparison.Ordinal) && n.EndsWith(WeightsSuffix, StringComparison.Ordinal))
                                 || (n.StartsWith("." + WeightsPrefix, StringComparison.Ordinal) && n.EndsWith(".tmp", StringComparison.Ordinal))
                                 || (n.StartsWith("." + StateFileName, StringComparison.Ordinal) && n.EndsWith(".tmp", StringComparison.Ordinal))))
                 .ToList();

    private static string WriteState(FitPosition position, string weights)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteNumber("epoch", position.Epoch);
            json.WriteNumber("batch", position.Step);
            if (position.ShuffleSeed is long seed) json.WriteString("shuffle_seed", seed.ToString(CultureInfo.InvariantCulture));
            else json.WriteNull("shuffle_seed");
            json.WriteString("weights", weights);
            // The process-wide generator: random layers without a seed draw their first seed from it, and layers built later
            // their initial weights.
            var (globalSeed, globalCounter) = RandomGenerator.Global.State;
            json.WriteString("global_rng_seed", globalSeed.ToString(CultureInfo.InvariantCulture));
            json.WriteString("global_rng_counter", globalCounter.ToString(CultureInfo.InvariantCulture));
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private (FitPosition Position, string Weights, (ulong, ulong)? GlobalRng) ReadState()
    {
        var info = new FileInfo(StatePath);
        if (info.Length > MaxStateBytes) throw Bad($"it is {info.Length} bytes; a state file is a few hundred");
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(StatePath));
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw Bad("it is not a JSON object");
            int epoch = Int(root, "epoch"), batch = Int(root, "batch");
            long? seed = root.TryGetProperty("shuffle_seed", out var s) && s.ValueKind == JsonValueKind.String
                ? long.TryParse(s.GetString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) ? v : throw Bad("shuffle_seed is not an integer")
                : null;
            string weights = root.TryGetProperty("weights", out var w) && w.ValueKind == JsonValueKind.String ? w.GetString()! : throw Bad("it has no \"weights\" file name");
            if (weights != Path.GetFileName(weights) || !weights.StartsWith(WeightsPrefix, StringComparison.Ordinal) || !weights.EndsWith(WeightsSuffix, StringComparison.Ordinal))
                throw Bad($"\"weights\" is '{weights}', not a backup file of this folder");
            (ulong, ulong)? global = null;
            if (root.TryGetProperty("global_rng_seed", out var gs) && root.TryGetProperty("global_rng_counter", out var gc))
            {
                if (gs.ValueKind != JsonValueKind.String || gc.ValueKind != JsonValueKind.String
                    || !ulong.TryParse(gs.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var gSeed)
                    || !ulong.TryParse(gc.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var gCounter))
                    throw Bad("the global generator's state is not two integers");
                global = (gSeed, gCounter);
            }
            return (new FitPosition(epoch, batch, seed), weights, global);
        }
        catch (JsonException e) { throw Bad($"it is not valid JSON ({e.Message})"); }
    }

    private int Int(JsonElement root, string name) =>
        root.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.Number && p.TryGetInt32(out int v) && v >= 0 ? v
        : throw Bad($"\"{name}\" is missing or not a count");

    private InvalidDataException Bad(string what) =>
        new($"BackupAndRestore: the state file '{StatePath}' is damaged: {what}. Delete the folder '{BackupDir}' to start afresh.");

    private static long SaveNumber(string weights) =>
        long.TryParse(weights.AsSpan(WeightsPrefix.Length, weights.Length - WeightsPrefix.Length - WeightsSuffix.Length),
                      NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;
}
