namespace KerasSharp.Metrics;

/// <summary>
/// The square root of the (weighted) mean of <c>(yTrue - yPred)^2</c> over all elements seen
/// (Keras's <c>RootMeanSquaredError</c>).
/// </summary>
/// <param name="name">The metric's name.</param>
public sealed class RootMeanSquaredError(string name = "root_mean_squared_error") : Metric(name)
{
    /// <inheritdoc/>
    public override string? Direction => "down";

    private readonly WeightedMean _mean = new();

    /// <inheritdoc/>
    public override void UpdateState(Tensor yTrue, Tensor yPred, Tensor? sampleWeight = null)
    {
        using var scope = new TensorScope();
        var squares = ErrorValues.Elementwise(this, yTrue, yPred, Ops.Square);
        _mean.Add(squares, sampleWeight is null ? null : MetricValues.From(sampleWeight), $"RootMeanSquaredError ({Name})");
    }

    /// <inheritdoc/>
    public override double Result() => Math.Sqrt(_mean.Value);

    /// <inheritdoc/>
    public override void ResetState() => _mean.Reset();
}
