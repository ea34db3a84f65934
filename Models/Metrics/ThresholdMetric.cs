namespace KerasSharp.Metrics;

/// <summary>
/// The shared base of <see cref="Precision"/> and <see cref="Recall"/>: confusion counts at one or more thresholds
/// on predicted probabilities (0.5 by default).
/// </summary>
public abstract class ThresholdMetric : Metric
{
    /// <inheritdoc/>
    public override string? Direction => "up";

    private readonly ConfusionCounts _counts;
    // The thresholds as given (null, one number or a list), which is what Keras's config holds.
    private readonly object? _thresholdsAsGiven;

    /// <summary>Sets the name and the thresholds (each in [0, 1]; null means 0.5).</summary>
    private protected ThresholdMetric(double[]? thresholds, string name) : this(thresholds, thresholds is null ? null : (double[])thresholds.Clone(), name) { }

    /// <summary>Sets the name and one threshold in [0, 1].</summary>
    private protected ThresholdMetric(double threshold, string name) : this([threshold], threshold, name) { }

    private ThresholdMetric(double[]? thresholds, object? asGiven, string name) : base(name)
    {
        _thresholdsAsGiven = asGiven;
        var t = thresholds is null || thresholds.Length == 0 ? [0.5] : (double[])thresholds.Clone();
        foreach (var v in t)
            if (v is < 0 or > 1 || double.IsNaN(v))
                throw new ArgumentOutOfRangeException(nameof(thresholds), $"{GetType().Name}: thresholds must lie in [0, 1], got {v}.");
        _counts = new ConfusionCounts(t);
    }

    /// <summary>The thresholds; a prediction above a threshold counts as positive.</summary>
    public IReadOnlyList<double> Thresholds => _counts.Thresholds;

    /// <inheritdoc/>
    public override void UpdateState(Tensor yTrue, Tensor yPred, Tensor? sampleWeight = null)
    {
        using var scope = new TensorScope();
        var (t, p) = ReadDense(yTrue, yPred);
        var w = sampleWeight is null ? null : ReadWeights(sampleWeight, p.Shape);
        _counts.Add(t, p, w);
    }

    /// <summary>The value at each threshold, in the order given.</summary>
    public double[] ResultPerThreshold()
    {
        var counts = _counts.Read();
        var r = new double[_counts.Thresholds.Length];
        for (int k = 0; k < r.Length; k++) r[k] = ValueAt(counts, k);
        return r;
    }

    /// <summary>The value at the first threshold (Keras returns a scalar when there is one threshold).</summary>
    public override double Result() => ValueAt(_counts.Read(), 0);

    /// <inheritdoc/>
    public override void ResetState() => _counts.Reset();

    private protected abstract double ValueAt(ConfusionTotals counts, int k);

    /// <inheritdoc/>
    /// <remarks>Keras also writes <c>top_k</c> and <c>class_id</c>; these metrics count every class (both null).</remarks>
    public override Dictionary<string, object?> GetConfig()
    {
        var c = base.GetConfig();
        c["thresholds"] = _thresholdsAsGiven;
        return c;
    }
}
