namespace KerasSharp.Metrics;

/// <summary>
/// Precision <c>TP / (TP + FP)</c> of binary (or multi-label) predictions at a threshold (Keras's <c>Precision</c>);
/// 0 when nothing was predicted positive.
/// </summary>
public sealed class Precision : ThresholdMetric
{
    /// <summary>Creates the metric.</summary>
    /// <param name="thresholds">Thresholds on the predicted probabilities (default 0.5); <see cref="Metric.Result"/> uses the first.</param>
    /// <param name="name">The metric's name.</param>
    public Precision(double[]? thresholds = null, string name = "precision") : base(thresholds, name) { }

    /// <summary>Creates the metric with one threshold.</summary>
    /// <param name="thresholds">The threshold on the predicted probabilities, in [0, 1].</param>
    /// <param name="name">The metric's name.</param>
    public Precision(double thresholds, string name = "precision") : base(thresholds, name) { }

    private protected override double ValueAt(ConfusionTotals counts, int k) =>
        ConfusionCounts.DivideNoNan(counts.TruePositives[k], counts.TruePositives[k] + counts.FalsePositives[k]);
}
