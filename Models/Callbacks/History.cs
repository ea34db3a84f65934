namespace KerasSharp.Callbacks;

/// <summary>What <c>Fit</c> returns: each metric's value at the end of every epoch ("loss", "val_loss", ...).</summary>
public sealed class History : Callback
{
    private readonly Dictionary<string, List<double>> _history = [];
    private readonly List<int> _epochs = [];
    private readonly Dictionary<string, List<int>> _epochsOf = [];

    /// <summary>The epochs run (0-based, counting from initialEpoch).</summary>
    public IReadOnlyList<int> Epochs => _epochs;

    /// <summary>Values by metric name, one per epoch.</summary>
    public IReadOnlyDictionary<string, List<double>> Values => _history;

    /// <summary>The values of one metric, one per epoch.</summary>
    public IReadOnlyList<double> this[string metric] =>
        _history.TryGetValue(metric, out var values) ? values
        : throw new KeyNotFoundException($"History has no metric '{metric}'. Recorded: {string.Join(", ", _history.Keys)}.");

    /// <summary>
    /// The epochs at which <paramref name="metric"/> was recorded: all of them for training metrics, fewer for validation
    /// metrics when validation ran every few epochs (validationFreq), so that values and epochs line up.
    /// </summary>
    public IReadOnlyList<int> EpochsOf(string metric) =>
        _epochsOf.TryGetValue(metric, out var epochs) ? epochs
        : throw new KeyNotFoundException($"History has no metric '{metric}'. Recorded: {string.Join(", ", _history.Keys)}.");

    /// <inheritdoc/>
    public override void OnTrainBegin(IReadOnlyDictionary<string, double> logs)
    {
        _history.Clear();
        _epochs.Clear();
        _epochsOf.Clear();
    }

    /// <inheritdoc/>
    public override void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs)
    {
        _epochs.Add(epoch);
        foreach (var (name, value) in logs)
        {
            if (!_history.TryGetValue(name, out var list)) _history[name] = list = [];
            list.Add(value);
            if (!_epochsOf.TryGetValue(name, out var at)) _epochsOf[name] = at = [];
            at.Add(epoch);
        }
    }
}
