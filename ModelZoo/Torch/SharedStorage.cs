namespace KerasSharp.ModelZoo;

/// <summary>
/// A storage that several tensors of a state dict view (tied weights, slices of one buffer): read once, over the
/// range its tensors cover, and copied out for each tensor, then dropped after the last one.
/// </summary>
internal sealed class SharedStorage
{
    private long _first = long.MaxValue, _end;
    private int _remaining;
    private Array? _data;

    /// <summary>The storages viewed by two or more non-empty tensors, with the element range they cover.</summary>
    public static Dictionary<TorchStorage, SharedStorage> Plan(List<(string Name, TorchTensorView View)> tensors)
    {
        var all = new Dictionary<TorchStorage, SharedStorage>();
        foreach (var (_, view) in tensors)
        {
            if (view.Count == 0) continue;
            if (!all.TryGetValue(view.Root, out var s)) all[view.Root] = s = new SharedStorage();
            s._first = Math.Min(s._first, view.RootOffset);
            s._end = Math.Max(s._end, view.RootOffset + view.Span);
            s._remaining++;
        }
        return all.Where(p => p.Value._remaining > 1).ToDictionary(p => p.Key, p => p.Value);
    }

    /// <summary>False when the covered range is too long for one array; then each tensor is read on its own.</summary>
    public bool Fits => _end - _first <= Array.MaxLength;

    /// <summary>A copy of <paramref name="view"/>'s elements; <paramref name="read"/> reads (first, count) of the storage the first time.</summary>
    public Array Take(TorchTensorView view, Func<long, int, Array> read)
    {
        _data ??= read(_first, (int)(_end - _first));
        var result = StridedCopy.Gather(_data, view.RootOffset - _first, view.Shape, view.Stride, view.IsContiguous);
        if (--_remaining == 0) _data = null;
        return result;
    }
}
