namespace KerasSharp.Callbacks;

/// <summary>
/// Stops training when a monitored metric has stopped improving, as Keras's EarlyStopping: after
/// <c>patience</c> epochs without an improvement larger than <c>minDelta</c> (optionally restoring the best weights).
/// </summary>
public sealed class EarlyStopping : Callback
{
    private readonly bool _maximize;
    private readonly double _minDelta;
    private double _best;
    private int _wait;
    private Tensor[]? _bestWeights;

    /// <summary>Creates the callback. <paramref name="mode"/> "auto" maximizes metrics named like accuracy or AUC and minimizes the rest.</summary>
    public EarlyStopping(string monitor = "val_loss", double minDelta = 0, int patience = 0, int verbose = 0,
                         string mode = "auto", double? baseline = null, bool restoreBestWeights = false, int startFromEpoch = 0)
    {
        ArgumentNullException.ThrowIfNull(monitor);
        if (patience < 0) throw new ArgumentOutOfRangeException(nameof(patience), $"EarlyStopping: patience must be >= 0, got {patience}.");
        if (startFromEpoch < 0) throw new ArgumentOutOfRangeException(nameof(startFromEpoch), $"EarlyStopping: startFromEpoch must be >= 0, got {startFromEpoch}.");
        Monitor = monitor;
        Patience = patience;
        Verbose = verbose;
        Baseline = baseline;
        RestoreBestWeights = restoreBestWeights;
        StartFromEpoch = startFromEpoch;
        _maximize = mode.ToLowerInvariant() switch
        {
            "min" => false,
            "max" => true,
            "auto" => monitor.EndsWith("acc", StringComparison.Ordinal) || monitor.Contains("accuracy", StringComparison.Ordinal) || monitor.Contains("auc", StringComparison.Ordinal),
            _ => throw new ArgumentException($"EarlyStopping: mode must be \"auto\", \"min\" or \"max\", got \"{mode}\"."),
        };
        _minDelta = Math.Abs(minDelta);
    }

    /// <summary>The metric watched ("val_loss", "val_accuracy", ...).</summary>
    public string Monitor { get; }
    /// <summary>Epochs without improvement before stopping.</summary>
    public int Patience { get; }
    /// <summary>1 prints a line when training stops.</summary>
    public int Verbose { get; }
    /// <summary>A value the metric must beat, if any.</summary>
    public double? Baseline { get; }
    /// <summary>Whether the weights of the best epoch are restored when training stops.</summary>
    public bool RestoreBestWeights { get; }
    /// <summary>Epochs to wait before watching (warm-up).</summary>
    public int StartFromEpoch { get; }
    /// <summary>The epoch at which training was stopped (0 if it was not).</summary>
    public int StoppedEpoch { get; private set; }
    /// <summary>The epoch with the best value so far.</summary>
    public int BestEpoch { get; private set; }

    private bool Improves(double value, double reference) =>
        _maximize ? value - _minDelta > reference : value + _minDelta < reference;

    /// <inheritdoc/>
    public override void OnTrainBegin(IReadOnlyDictionary<string, double> logs)
    {
        _wait = 0;
        StoppedEpoch = 0;
        BestEpoch = 0;
        _best = _maximize ? double.NegativeInfinity : double.PositiveInfinity;
        KeepBestWeights(null);
    }

    // The kept weights are snapshots holding buffers: release the previous ones when they are replaced.
    private void KeepBestWeights(Tensor[]? weights)
    {
        if (_bestWeights is not null) foreach (var w in _bestWeights) w.Dispose();
        _bestWeights = weights;
    }

    /// <inheritdoc/>
    public override void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs)
    {
        if (!logs.TryGetValue(Monitor, out var current))
        {
            Console.Error.WriteLine($"EarlyStopping: metric '{Monitor}' is not available; available metrics are {string.Join(", ", logs.Keys)}.");
            return;
        }
        if (epoch < StartFromEpoch) return;
        if (RestoreBestWeights && _bestWeights is null) KeepBestWeights(Model!.GetWeights());
        _wait++;
        if (Improves(current, _best))
        {
            _best = current;
            BestEpoch = epoch;
            if (RestoreBestWeights) KeepBestWeights(Model!.GetWeights());
            if (Baseline is not double b || Improves(current, b)) { _wait = 0; return; }
        }
        if (_wait >= Patience && epoch > 0)
        {
            StoppedEpoch = epoch;
            Model!.StopTraining = true;
            if (RestoreBestWeights && _bestWeights is not null)
            {
                if (Verbose > 0) Console.WriteLine($"Restoring model weights from the end of the best epoch: {BestEpoch + 1}.");
                Model.SetWeights(_bestWeights);
            }
        }
    }

    /// <inheritdoc/>
    public override void OnTrainEnd(IReadOnlyDictionary<string, double> logs)
    {
        if (StoppedEpoch > 0 && Verbose > 0) Console.WriteLine($"Epoch {StoppedEpoch + 1}: early stopping");
    }
}
