namespace KerasSharp.Metrics;

/// <summary>Class scores laid out as rows along the last axis.</summary>
internal static class ClassScores
{
    /// <summary>
    /// 1 where class <paramref name="target"/> (int64, one per row) is among the <paramref name="k"/> largest entries of
    /// its row, else 0: fewer than k entries are strictly larger (ties count in favour, as TensorFlow's <c>in_top_k</c>),
    /// and a NaN score never counts.
    /// </summary>
    public static Tensor InTopK(Tensor scores, Tensor target, int k)
    {
        var score = Ops.TakeAlongAxis(scores, Ops.ExpandDims(target, -1), -1);
        var larger = Ops.Sum(MetricValues.Indicator(Ops.Greater(scores, score)), -1);
        var inTop = Ops.LogicalAnd(Ops.Less(larger, Ops.FullLike(larger, k)), Ops.Equal(Ops.Squeeze(score, -1), Ops.Squeeze(score, -1)));
        return MetricValues.Indicator(inTop);
    }
}
