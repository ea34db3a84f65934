namespace KerasSharp.Metrics;

/// <summary>
/// The (weighted) mean of the values given to <see cref="UpdateState(Tensor, Tensor?)"/>, as Keras's
/// <c>keras.metrics.Mean</c>. Values of rank &gt; 1 are first averaged to one value per sample.
/// </summary>
/// <param name="name">The metric's name.</param>
public sealed class Mean(string name = "mean") : Metric(name)
{
    private readonly WeightedMean _mean = new();

    /// <summary>Adds <paramref name="values"/> (e.g. a batch's losses), weighted by <paramref name="sampleWeight"/> when given.</summary>
    public void UpdateState(Tensor values, Tensor? sampleWeight = null)
    {
        ArgumentNullException.ThrowIfNull(values);
        using var scope = new TensorScope();
        _mean.Add(MetricValues.From(values), sampleWeight is null ? null : MetricValues.From(sampleWeight), $"Mean ({Name})");
    }

    /// <summary>As a compiled metric: the mean of the predictions <paramref name="yPred"/> (the targets are unused).</summary>
    public override void UpdateState(Tensor yTrue, Tensor yPred, Tensor? sampleWeight = null) => UpdateState(yPred, sampleWeight);

    /// <inheritdoc/>
    public override double Result() => _mean.Value;

    /// <inheritdoc/>
    public override void ResetState() => _mean.Reset();
}
