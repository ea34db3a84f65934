namespace KerasSharp.Metrics;

/// <summary>How often predictions equal the targets exactly (Keras's <c>Accuracy</c>), averaged per sample.</summary>
/// <param name="name">The metric's name.</param>
public sealed class Accuracy(string name = "accuracy") : MeanMetricWrapper(name)
{
    /// <inheritdoc/>
    public override string? Direction => "up";

    private protected override MetricValues ComputeValues(Tensor yTrue, Tensor yPred)
    {
        var (t, p) = ReadDense(yTrue, yPred);
        return MetricValues.Of(MetricValues.Indicator(Ops.Equal(t.Values, p.Values)));
    }
}
