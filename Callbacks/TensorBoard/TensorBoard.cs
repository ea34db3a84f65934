using Google.Protobuf;
using KerasSharp.Callbacks.TensorBoardProto;

namespace KerasSharp.Callbacks;

/// <summary>
/// Writes TensorBoard event files during <c>Fit</c>, as Keras's TensorBoard callback, without TensorFlow:
/// <c>logDir/train</c> gets <c>epoch_loss</c>, <c>epoch_&lt;metric&gt;</c> and <c>epoch_learning_rate</c> per epoch (step = epoch),
/// <c>batch_&lt;name&gt;</c> every <c>updateFreq</c> batches (step = the optimizer's iteration), weight histograms every
/// <c>histogramFreq</c> epochs (tag = the weight's path + "/histogram") and the layer graph (<c>writeGraph</c>);
/// <c>logDir/validation</c> gets the validation values as <c>epoch_&lt;name&gt;</c> and <c>evaluation_&lt;name&gt;_vs_iterations</c>.
/// Scalars and histograms are written as TensorFlow 2 writes them (tensors with the plugins' metadata).
/// <c>profileBatch</c> is accepted for Keras compatibility and ignored: KerasSharp has no profiler trace to write.
/// </summary>
/// <example><code>new TensorBoard(logDir: "logs/run1", histogramFreq: 1)</code>, then <c>tensorboard --logdir logs</c>.</example>
public sealed class TensorBoard : Callback, IDisposable
{
    private EventFileWriter? _train, _validation;
    private long _batchesSinceWrite;

    /// <summary>Creates the callback; files are created when training starts.</summary>
    /// <param name="logDir">The folder of this run's logs (train/ and validation/ go under it).</param>
    /// <param name="histogramFreq">Write weight histograms every this many epochs (0: never).</param>
    /// <param name="writeGraph">Write the layer graph (TensorBoard's Graphs tab).</param>
    /// <param name="updateFreq">"epoch", "batch" or every N batches for the training scalars.</param>
    /// <param name="profileBatch">Ignored (no profiler): accepted so that Keras code ports unchanged.</param>
    /// <exception cref="ArgumentOutOfRangeException">histogramFreq is negative.</exception>
    public TensorBoard(string logDir = "logs", int histogramFreq = 0, bool writeGraph = true, UpdateFrequency updateFreq = default, int profileBatch = 0)
    {
        if (string.IsNullOrEmpty(logDir)) throw new ArgumentException("TensorBoard: logDir is empty.", nameof(logDir));
        if (histogramFreq < 0) throw new ArgumentOutOfRangeException(nameof(histogramFreq), histogramFreq, $"TensorBoard: histogramFreq must be >= 0, got {histogramFreq}.");
        LogDir = logDir;
        HistogramFreq = histogramFreq;
        WriteGraph = writeGraph;
        UpdateFreq = updateFreq;
        ProfileBatch = profileBatch;
    }

    /// <summary>The run's folder.</summary>
    public string LogDir { get; }
    /// <summary>Epochs between weight histograms (0: none).</summary>
    public int HistogramFreq { get; }
    /// <summary>Whether the layer graph is written.</summary>
    public bool WriteGraph { get; }
    /// <summary>How often training scalars are written.</summary>
    public UpdateFrequency UpdateFreq { get; }
    /// <summary>Accepted and ignored.</summary>
    public int ProfileBatch { get; }
    /// <summary>The training event file of the last run, once training has started.</summary>
    public string? TrainFile { get; private set; }
    /// <summary>The validation event file of the last run, once a validation has been written.</summary>
    public string? ValidationFile { get; private set; }

    /// <inheritdoc/>
    public override void OnTrainBegin(IReadOnlyDictionary<string, double> logs)
    {
        Close();
        _batchesSinceWrite = 0;
        if (ProfileBatch != 0) Output.WriteLine($"TensorBoard: profileBatch={ProfileBatch} is ignored: KerasSharp writes no profiler trace.");
        _train = new EventFileWriter(Path.Combine(LogDir, "train"));
        TrainFile = _train.Path;
        ValidationFile = null;
        if (WriteGraph) _train.Write(new Event { WallTime = EventFileWriter.Now(), Step = 0, GraphDef = Graph().ToByteString() });
        _train.Flush();
    }

    /// <inheritdoc/>
    public override void OnTrainBatchEnd(int batch, IReadOnlyDictionary<string, double> logs)
    {
        if (UpdateFreq.IsEpoch || _train is null || ++_batchesSinceWrite < UpdateFreq.Batches) return;
        _batchesSinceWrite = 0;
        long step = Model!.Optimizer?.Iterations ?? batch;
        WriteScalars(_train, step, logs.Select(kv => ("batch_" + kv.Key, kv.Value)));
    }

    /// <inheritdoc/>
    public override void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs)
    {
        if (_train is null) return;
        var train = logs.Where(kv => !kv.Key.StartsWith("val_", StringComparison.Ordinal)).ToDictionary(kv => kv.Key, kv => kv.Value);
        if (!train.ContainsKey("learning_rate") && Model!.Optimizer is { } optimizer) train["learning_rate"] = optimizer.CurrentLearningRate;
        WriteScalars(_train, epoch, train.Select(kv => ("epoch_" + kv.Key, kv.Value)));
        var validation = logs.Where(kv => kv.Key.StartsWith("val_", StringComparison.Ordinal)).Select(kv => (Name: kv.Key["val_".Length..], kv.Value)).ToList();
        if (validation.Count > 0)
        {
            if (_validation is null)
            {
                _validation = new EventFileWriter(Path.Combine(LogDir, "validation"));
                ValidationFile = _validation.Path;
            }
            WriteScalars(_validation, epoch, validation.Select(v => ("epoch_" + v.Name, v.Value)));
            long iterations = Model!.Optimizer?.Iterations ?? epoch;
            WriteScalars(_validation, iterations, validation.Select(v => ($"evaluation_{v.Name}_vs_iterations", v.Value)));
        }
        if (HistogramFreq > 0 && epoch % HistogramFreq == 0) WriteHistograms(epoch);
    }

    /// <inheritdoc/>
    public override void OnTrainEnd(IReadOnlyDictionary<string, double> logs) => Close();

    private static void WriteScalars(EventFileWriter writer, long step, IEnumerable<(string Tag, double Value)> values)
    {
        var summary = new Summary();
        foreach (var (tag, value) in values) summary.Value.Add(Summaries.Scalar(tag, value));
        if (summary.Value.Count == 0) return;
        writer.Write(new Event { WallTime = EventFileWriter.Now(), Step = step, Summary = summary });
        writer.Flush();
    }

    private void WriteHistograms(int epoch)
    {
        var summary = new Summary();
        var state = Model!.StateDict();
        try
        {
            foreach (var (path, tensor) in state)
            {
                if (!tensor.DType.IsFloating()) continue;
                using var values = Ops.Cast(tensor, DType.Float32);
                summary.Value.Add(Summaries.Histogram(path + "/histogram", values.ToArray<float>()));
            }
        }
        finally { foreach (var t in state.Values) t.Dispose(); }
        _train!.Write(new Event { WallTime = EventFileWriter.Now(), Step = epoch, Summary = summary });
        _train.Flush();
    }

    private GraphDef Graph()
    {
        var graph = new GraphDef { Versions = new VersionDef { Producer = 22 } };
        foreach (var node in Model!.LayerGraph())
        {
            var def = new NodeDef { Name = node.Name, Op = node.ClassName };
            def.Input.Add(node.Inputs);
            graph.Node.Add(def);
        }
        return graph;
    }

    private void Close()
    {
        _train?.Dispose();
        _validation?.Dispose();
        _train = _validation = null;
    }

    /// <summary>Closes the event files.</summary>
    public void Dispose() => Close();
}
