namespace KerasSharp.Metrics;

/// <summary>How often the argmax of the predictions equals the argmax of one-hot targets (Keras's <c>CategoricalAccuracy</c>).</summary>
/// <param name="name">The metric's name.</param>
public sealed class CategoricalAccuracy(string name = "categorical_accuracy") : MeanMetricWrapper(name)
{
    /// <inheritdoc/>
    public override string? Direction => "up";

    private protected override MetricValues ComputeValues(Tensor yTrue, Tensor yPred)
    {
        var t = MetricValues.From(yTrue);
        var p = MetricValues.From(yPred);
        if (!t.SameShape(p) || p.Rank == 0)
            throw ShapeMismatch(t, p, "one-hot targets must have the predictions' shape (integer labels go to SparseCategoricalAccuracy)");
        return MetricValues.Of(MetricValues.Indicator(Ops.Equal(Ops.ArgMax(t.Values, -1), Ops.ArgMax(p.Values, -1))));
    }
}
