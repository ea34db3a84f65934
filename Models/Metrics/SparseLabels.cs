namespace KerasSharp.Metrics;

/// <summary>Reads integer class labels that go with class scores along the last axis of the predictions.</summary>
internal static class SparseLabels
{
    /// <summary>
    /// Labels shaped like <paramref name="p"/> without its last axis (a trailing 1 is dropped); null when the shapes
    /// do not fit.
    /// </summary>
    public static MetricValues? Align(MetricValues labels, MetricValues p)
    {
        if (p.Rank == 0) return null;
        var t = labels;
        if (t.Rank == p.Rank && t.Last == 1) t = t.SqueezeLast();
        return t.Shape.AsSpan().SequenceEqual(p.Shape.AsSpan(0, p.Rank - 1)) ? t : null;
    }
}
