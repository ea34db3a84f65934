namespace KerasSharp.Metrics;

/// <summary>
/// Recall <c>TP / (TP + FN)</c> of binary (or multi-label) predictions at a threshold (Keras's <c>Recall</c>);
/// 0 when there were no positive targets.
/// </summary>
/// <param name="thresholds">Thresholds on the predicted probabilities (default 0.5); <see cref="Metric.Result"/> uses the first.</param>
/// <param name="name">The metric's name.</param>
public sealed class Recall(double[]? thresholds = null, string name = "recall") : ThresholdMetric(thresholds, name)
{
    private protected override double ValueAt(int k) =>
        ConfusionCounts.DivideNoNan(Counts.TruePositives[k], Counts.TruePositives[k] + Counts.FalseNegatives[k]);
}
