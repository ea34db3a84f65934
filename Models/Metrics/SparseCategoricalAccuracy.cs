namespace KerasSharp.Metrics;

/// <summary>
/// How often the argmax of the predictions equals integer labels (Keras's <c>SparseCategoricalAccuracy</c>).
/// Labels have the predictions' shape without the class axis, optionally with a trailing 1.
/// </summary>
/// <param name="name">The metric's name.</param>
public sealed class SparseCategoricalAccuracy(string name = "sparse_categorical_accuracy") : MeanMetricWrapper(name)
{
    /// <inheritdoc/>
    public override string? Direction => "up";

    private protected override MetricValues ComputeValues(Tensor yTrue, Tensor yPred)
    {
        var p = MetricValues.From(yPred);
        var raw = MetricValues.From(yTrue);
        var t = SparseLabels.Align(raw, p)
            ?? throw ShapeMismatch(raw, p, "labels must have the predictions' shape without the last (class) axis, optionally with a trailing 1");
        // Compared as float64, as the labels came: a label of 2.5 matches no class.
        var predicted = Ops.Cast(Ops.ArgMax(p.Values, -1), DType.Float64);
        return MetricValues.Of(MetricValues.Indicator(Ops.Equal(t.Values, predicted)));
    }
}
