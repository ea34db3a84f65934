namespace KerasSharp.Metrics;

/// <summary>Integer class labels that go with class scores along the last axis of the predictions.</summary>
internal static class SparseLabels
{
    /// <summary>
    /// The shape the labels take (the predictions' shape without the last axis; a trailing 1 of the labels is dropped);
    /// null when the shapes do not fit.
    /// </summary>
    public static int[]? Align(int[] labels, int[] predictions)
    {
        if (predictions.Length == 0) return null;
        var t = labels.Length == predictions.Length && labels[^1] == 1 ? labels[..^1] : labels;
        return t.AsSpan().SequenceEqual(predictions.AsSpan(0, predictions.Length - 1)) ? t : null;
    }
}
