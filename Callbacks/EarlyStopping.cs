namespace KerasSharp.Callbacks;

/// <summary>
/// Stops training when a monitored metric has stopped improving, as Keras's EarlyStopping: after
/// <c>patience</c> epochs without an improvement larger than <c>minDelta</c> (optionally restoring the best weights).
/// </summary>
/// <example><code>model.Fit(x, y, validationSplit: 0.2, epochs: 100, callbacks: [new EarlyStopping(patience: 3, restoreBestWeights: true)]);</code></example>
public sealed class EarlyStopping : MonitorCallback
{
    private int _wait;
    private Tensor[]? _bestWeights;

    /// <summary>Creates the callback. <paramref name="mode"/> "auto" minimizes losses and follows a compiled metric's direction.</summary>
    public EarlyStopping(string monitor = "val_loss", double minDelta = 0, int patience = 0, int verbose = 0,
                         string mode = "auto", double? baseline = null, bool restoreBestWeights = false, int startFromEpoch = 0)
        : base("EarlyStopping", monitor, mode, null, minDelta)
    {
        if (patience < 0) throw new ArgumentOutOfRangeException(nameof(patience), $"EarlyStopping: patience must be >= 0, got {patience}.");
        if (startFromEpoch < 0) throw new ArgumentOutOfRangeException(nameof(startFromEpoch), $"EarlyStopping: startFromEpoch must be >= 0, got {startFromEpoch}.");
        Patience = patience;
        Verbose = verbose;
        Baseline = baseline;
        RestoreBestWeights = restoreBestWeights;
        StartFromEpoch = startFromEpoch;
    }

    /// <summary>Epochs without improvement before stopping.</summary>
    public int Patience { get; }
    /// <summary>1 prints a line when training stops.</summary>
    public int Verbose { get; }
    /// <summary>A value the metric must beat for an epoch to reset the wait, if any.</summary>
    public double? Baseline { get; }
    /// <summary>Whether the weights of the best epoch are restored when training ends.</summary>
    public bool RestoreBestWeights { get; }
    /// <summary>Epochs to wait before watching (warm-up).</summary>
    public int StartFromEpoch { get; }
    /// <summary>The epoch at which training was stopped (0 if it was not).</summary>
    public int StoppedEpoch { get; private set; }
    /// <summary>The epoch with the best value so far.</summary>
    public int BestEpoch { get; private set; }

    /// <inheritdoc/>
    public override void OnTrainBegin(IReadOnlyDictionary<string, double> logs)
    {
        base.OnTrainBegin(logs);
        _wait = 0;
        StoppedEpoch = 0;
        BestEpoch = 0;
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
        if (MonitoredValue(logs, "early stopping") is not double current || epoch < StartFromEpoch) return;
        if (RestoreBestWeights && _bestWeights is null)
        {
            KeepBestWeights(Model!.GetWeights());
            BestEpoch = epoch;
        }
        _wait++;
        if (IsImprovement(current, Best))
        {
            Best = current;
            BestEpoch = epoch;
            if (RestoreBestWeights) KeepBestWeights(Model!.GetWeights());
            // The wait restarts only when the value beats the baseline too.
            if (Baseline is not double b || IsImprovement(current, b)) _wait = 0;
            return;
        }
        if (_wait >= Patience && epoch > 0)
        {
            StoppedEpoch = epoch;
            Model!.StopTraining = true;
        }
    }

    /// <inheritdoc/>
    public override void OnTrainEnd(IReadOnlyDictionary<string, double> logs)
    {
        if (StoppedEpoch > 0 && Verbose > 0) Output.WriteLine($"Epoch {StoppedEpoch + 1}: early stopping");
        if (RestoreBestWeights && _bestWeights is not null)
        {
            if (Verbose > 0) Output.WriteLine($"Restoring model weights from the end of the best epoch: {BestEpoch + 1}.");
            Model!.SetWeights(_bestWeights);
            KeepBestWeights(null);
        }
    }
}
