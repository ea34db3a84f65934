namespace KerasSharp.Metrics;

/// <summary>How often the argmax of the predictions equals the argmax of one-hot targets (Keras's <c>CategoricalAccuracy</c>).</summary>
/// <param name="name">The metric's name.</param>
public sealed class CategoricalAccuracy(string name = "categorical_accuracy") : MeanMetricWrapper(name)
{
    /// <inheritdoc/>
    public override string? Direction => "up";

    private protected override HostArray ComputeValues(Tensor yTrue, Tensor yPred)
    {
        var t = HostArray.From(yTrue);
        var p = HostArray.From(yPred);
        if (!t.SameShape(p) || p.Rank == 0)
            throw ShapeMismatch(t, p, "one-hot targets must have the predictions' shape (integer labels go to SparseCategoricalAccuracy)");
        var r = new double[p.Rows];
        for (int i = 0; i < r.Length; i++) r[i] = ClassScores.ArgMax(t, i) == ClassScores.ArgMax(p, i) ? 1 : 0;
        return new HostArray(r, ClassScores.RowShape(p));
    }
}
