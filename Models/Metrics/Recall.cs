namespace KerasSharp.Metrics;

/// <summary>
/// Recall <c>TP / (TP + FN)</c> of binary (or multi-label) predictions at a threshold (Keras's <c>Recall</c>);
/// 0 when there were no positive targets.
/// </summary>
public sealed class Recall : ThresholdMetric
{
    /// <summary>Creates the metric.</summary>
    /// <param name="thresholds">Thresholds on the predicted probabilities (default 0.5); <see cref="Metric.Result"/> uses the first.</param>
    /// <param name="name">The metric's name.</param>
    public Recall(double[]? thresholds = null, string name = "recall") : base(thresholds, name) { }

    /// <summary>Creates the metric with one threshold.</summary>
    /// <param name="thresholds">The threshold on the predicted probabilities, in [0, 1].</param>
    /// <param name="name">The metric's name.</param>
    public Recall(double thresholds, string name = "recall") : base(thresholds, name) { }

    private protected override double ValueAt(ConfusionTotals counts, int k) =>
        ConfusionCounts.DivideNoNan(counts.TruePositives[k], counts.TruePositives[k] + counts.FalseNegatives[k]);
}
