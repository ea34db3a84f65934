namespace KerasSharp.Datasets;

/// <summary>
/// A view of a pipeline as a stream of row numbers into in-memory tensors. Slices that are shuffled, taken, skipped
/// or repeated stay such a stream, so <c>Batch</c> gathers a whole batch with one <c>Take</c> per component instead
/// of slicing and stacking rows one by one. The order is exactly the one the element-by-element path gives.
/// </summary>
internal sealed class IndexedSource(Func<IEnumerator<long>> open, Func<long[], Tensor[]> gather)
{
    /// <summary>Starts a pass over the row numbers.</summary>
    public IEnumerator<long> Open() => open();

    /// <summary>Owned tensors holding the given rows (a new leading axis of <c>rows.Length</c>).</summary>
    public Tensor[] Gather(long[] rows) => gather(rows);
}
