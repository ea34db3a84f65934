namespace KerasSharp.Metrics;

/// <summary>The mean of <c>(yTrue - yPred)^2</c> over the last axis, averaged over samples (Keras's <c>MeanSquaredError</c>).</summary>
/// <param name="name">The metric's name.</param>
public sealed class MeanSquaredError(string name = "mean_squared_error") : MeanMetricWrapper(name)
{
    /// <inheritdoc/>
    public override string? Direction => "down";

    private protected override MetricValues ComputeValues(Tensor yTrue, Tensor yPred) => ErrorValues.PerSample(this, yTrue, yPred, Ops.Square);
}
