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
        ArgumentNullException.ThrowIfNull(yTrue);
        ArgumentNullException.ThrowIfNull(yPred);
        var rowShape = SparseLabels.Align(yTrue.Shape.ToArray(), yPred.Shape.ToArray())
            ?? throw new ArgumentException($"SparseCategoricalAccuracy ({Name}): yTrue has shape {yTrue.Shape} but yPred has shape {yPred.Shape}; " +
                                           "labels must have the predictions' shape without the last (class) axis, optionally with a trailing 1.");
        var labels = Ops.Reshape(Ops.StopGradient(yTrue), rowShape);
        var predicted = Ops.ArgMax(Ops.StopGradient(yPred), -1);
        // Integer labels compare as integers; others as float64, as they came (a label of 2.5 matches no class).
        var hit = yTrue.DType.IsInteger()
            ? Ops.Equal(labels, predicted)
            : Ops.Equal(Ops.Cast(labels, DType.Float64), Ops.Cast(predicted, DType.Float64));
        return MetricValues.Of(MetricValues.Indicator(hit));
    }
}
