namespace KerasSharp.Metrics;

/// <summary>The mean of <c>|yTrue - yPred|</c> over the last axis, averaged over samples (Keras's <c>MeanAbsoluteError</c>).</summary>
/// <param name="name">The metric's name.</param>
public sealed class MeanAbsoluteError(string name = "mean_absolute_error") : MeanMetricWrapper(name)
{
    /// <inheritdoc/>
    public override string? Direction => "down";

    private protected override MetricValues ComputeValues(Tensor yTrue, Tensor yPred) => ErrorValues.PerSample(this, yTrue, yPred, Ops.Abs);
}
