namespace KerasSharp.Metrics;

/// <summary>
/// How often <c>yPred &gt; threshold</c> matches binary targets (Keras's <c>BinaryAccuracy</c>), averaged per
/// sample and then over samples.
/// </summary>
/// <param name="threshold">The decision threshold on predicted probabilities (0.5).</param>
/// <param name="name">The metric's name.</param>
public sealed class BinaryAccuracy(double threshold = 0.5, string name = "binary_accuracy") : MeanMetricWrapper(name)
{
    /// <inheritdoc/>
    public override string? Direction => "up";

    /// <summary>The decision threshold.</summary>
    public double Threshold { get; } = threshold;

    private protected override MetricValues ComputeValues(Tensor yTrue, Tensor yPred)
    {
        var (t, p) = ReadDense(yTrue, yPred);
        var predicted = MetricValues.Indicator(Ops.Greater(p.Values, Ops.FullLike(p.Values, Threshold)));
        return MetricValues.Of(MetricValues.Indicator(Ops.Equal(t.Values, predicted)));
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var c = base.GetConfig();
        c["threshold"] = Threshold;
        return c;
    }
}
