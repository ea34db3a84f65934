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

    private protected override HostArray ComputeValues(Tensor yTrue, Tensor yPred)
    {
        var p = HostArray.From(yPred);
        var raw = HostArray.From(yTrue);
        var t = SparseLabels.Align(raw, p)
            ?? throw ShapeMismatch(raw, p, "labels must have the predictions' shape without the last (class) axis, optionally with a trailing 1");
        var r = new double[p.Rows];
        for (int i = 0; i < r.Length; i++) r[i] = t.Data[i] == ClassScores.ArgMax(p, i) ? 1 : 0;
        return new HostArray(r, t.Shape);
    }
}
