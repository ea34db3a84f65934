namespace KerasSharp.Metrics;

/// <summary>Elementwise errors of aligned targets and predictions, for the regression metrics.</summary>
internal static class ErrorValues
{
    /// <summary><paramref name="f"/>(yPred - yTrue) elementwise, averaged over the last axis as the Keras losses do.</summary>
    public static HostArray PerSample(Metric metric, Tensor yTrue, Tensor yPred, Func<double, double> f)
    {
        var e = Elementwise(metric, yTrue, yPred, f);
        return e.Rank == 0 ? e : e.MeanTrailing(e.Rank - 1);
    }

    /// <summary><paramref name="f"/>(yPred - yTrue) elementwise.</summary>
    public static HostArray Elementwise(Metric metric, Tensor yTrue, Tensor yPred, Func<double, double> f)
    {
        var (t, p) = metric.ReadDense(yTrue, yPred);
        var r = new double[t.Size];
        for (int i = 0; i < r.Length; i++) r[i] = f(p.Data[i] - t.Data[i]);
        return new HostArray(r, t.Shape);
    }
}
