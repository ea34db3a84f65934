namespace KerasSharp.Metrics;

/// <summary>
/// Precision <c>TP / (TP + FP)</c> of binary (or multi-label) predictions at a threshold (Keras's <c>Precision</c>);
/// 0 when nothing was predicted positive.
/// </summary>
/// <param name="thresholds">Thresholds on the predicted probabilities (default 0.5); <see cref="Metric.Result"/> uses the first.</param>
/// <param name="name">The metric's name.</param>
public sealed class Precision(double[]? thresholds = null, string name = "precision") : ThresholdMetric(thresholds, name)
{
    private protected override double ValueAt(int k) =>
        ConfusionCounts.DivideNoNan(Counts.TruePositives[k], Counts.TruePositives[k] + Counts.FalsePositives[k]);
}
