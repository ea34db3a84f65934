namespace KerasSharp.Metrics;

/// <summary>Elementwise errors of aligned targets and predictions, for the regression metrics.</summary>
internal static class ErrorValues
{
    /// <summary><paramref name="f"/>(yPred - yTrue) elementwise, averaged over the last axis as the Keras losses do.</summary>
    public static MetricValues PerSample(Metric metric, Tensor yTrue, Tensor yPred, Func<Tensor, Tensor> f)
    {
        var e = Elementwise(metric, yTrue, yPred, f);
        return e.Rank == 0 ? e : e.MeanTrailing(e.Rank - 1);
    }

    /// <summary><paramref name="f"/>(yPred - yTrue) elementwise.</summary>
    public static MetricValues Elementwise(Metric metric, Tensor yTrue, Tensor yPred, Func<Tensor, Tensor> f)
    {
        var (t, p) = metric.ReadDense(yTrue, yPred);
        return MetricValues.Of(f(Ops.Subtract(p.Values, t.Values)));
    }
}
