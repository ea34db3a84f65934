namespace KerasSharp.Callbacks;

/// <summary>
/// The base of callbacks that watch one metric and act when it improves or stops improving (EarlyStopping,
/// ModelCheckpoint, ReduceLROnPlateau), as Keras 3's <c>MonitorCallback</c>: the metric's name, the direction
/// (mode "min", "max", or "auto": "loss" and "val_loss" are minimized, a compiled metric goes by its
/// <see cref="Metrics.Metric.Direction"/>), the smallest change that counts (<see cref="MinDelta"/>) and a starting
/// best value (<see cref="InitialBest"/>).
/// </summary>
public abstract class MonitorCallback : Callback
{
    private bool? _maximize;

    /// <summary>Checks and keeps the settings; <paramref name="callbackName"/> prefixes the error messages.</summary>
    /// <exception cref="ArgumentException">The mode is not "auto", "min" or "max", or the monitor is empty.</exception>
    protected MonitorCallback(string callbackName, string monitor, string mode, double? initialBest, double minDelta)
    {
        CallbackName = callbackName;
        if (string.IsNullOrEmpty(monitor)) throw new ArgumentException($"{callbackName}: monitor must name a metric (\"val_loss\", \"accuracy\", ...).", nameof(monitor));
        ArgumentNullException.ThrowIfNull(mode);
        if (mode is not ("auto" or "min" or "max"))
            throw new ArgumentException($"{callbackName}: mode must be \"auto\", \"min\" or \"max\", got \"{mode}\".", nameof(mode));
        if (!double.IsFinite(minDelta)) throw new ArgumentOutOfRangeException(nameof(minDelta), minDelta, $"{callbackName}: minDelta must be finite.");
        Monitor = monitor;
        Mode = mode;
        InitialBest = initialBest;
        MinDelta = Math.Abs(minDelta);
        if (mode != "auto") _maximize = mode == "max";
    }

    /// <summary>The callback's name, as its messages start.</summary>
    protected string CallbackName { get; }

    /// <summary>The metric watched ("val_loss", "val_accuracy", ...).</summary>
    public string Monitor { get; }

    /// <summary>"auto", "min" or "max", as given.</summary>
    public string Mode { get; }

    /// <summary>The best value to start from (Keras's MonitorCallback baseline; null: the first value seen is an improvement).</summary>
    public double? InitialBest { get; }

    /// <summary>The smallest change that counts as an improvement (absolute value).</summary>
    public double MinDelta { get; }

    /// <summary>The best value seen so far (or the baseline), null before the first.</summary>
    public double? Best { get; protected set; }

    /// <summary>Whether a larger value is better; resolved from the model's metrics on first use in mode "auto".</summary>
    /// <exception cref="InvalidOperationException">Mode "auto" and the direction of the metric cannot be told.</exception>
    public bool Maximize => _maximize ??= ResolveDirection();

    private bool ResolveDirection()
    {
        string name = Monitor.StartsWith("val_", StringComparison.Ordinal) ? Monitor["val_".Length..] : Monitor;
        if (name == "loss" || name.EndsWith("_loss", StringComparison.Ordinal)) return false;
        switch (Model?.FindMetric(Monitor)?.Direction)
        {
            case "up": return true;
            case "down": return false;
        }
        throw new InvalidOperationException(
            $"{CallbackName}: cannot tell whether monitor '{Monitor}' should be maximized or minimized (mode \"auto\" knows the " +
            "losses and the compiled metrics that declare a direction); pass mode: \"max\" or mode: \"min\".");
    }

    /// <summary>Forgets the best value (back to <see cref="InitialBest"/>); called from <see cref="OnTrainBegin"/>.</summary>
    protected void ResetBest() => Best = InitialBest;

    /// <summary>
    /// Keras's rule: <paramref name="value"/> improves on <paramref name="reference"/> when it is better by more than
    /// <see cref="MinDelta"/>; anything improves on a missing reference.
    /// </summary>
    public bool IsImprovement(double value, double? reference)
    {
        if (reference is not double r) return true;
        return Maximize ? value - MinDelta > r : value + MinDelta < r;
    }

    /// <summary>The monitored value in <paramref name="logs"/>, or null (after a message listing the logs' keys) when missing.</summary>
    protected double? MonitoredValue(IReadOnlyDictionary<string, double> logs, string doing)
    {
        if (logs.TryGetValue(Monitor, out var value)) return value;
        Output.WriteLine($"{CallbackName}: {doing} is conditioned on metric '{Monitor}', which is not available; available metrics are: {string.Join(", ", logs.Keys)}.");
        return null;
    }

    /// <inheritdoc/>
    public override void OnTrainBegin(IReadOnlyDictionary<string, double> logs) => ResetBest();
}
