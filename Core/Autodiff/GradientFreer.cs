namespace KerasSharp;

/// <summary>
/// Counts, during one backward pass, how many places (gradient-table entries, a rule's fresh results) hold each
/// gradient tensor, and frees one the moment nothing holds it. Frees only tensors the pass itself made (their ids are
/// newer than the seed gradient's), never the caller's output gradient, and never a source's gradient (it is returned).
/// </summary>
internal sealed class GradientFreer(long firstId, Tensor? outputGradient, IReadOnlyList<Tensor> sources)
{
    private readonly Dictionary<Tensor, int> _holds = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<long> _sources = [.. sources.Select(s => s.Id)];

    /// <summary>Whether <paramref name="id"/> is a source: its gradient stays in the table to be returned.</summary>
    public bool IsSource(long id) => _sources.Contains(id);

    /// <summary>One more place holds <paramref name="t"/>.</summary>
    public void Hold(Tensor t) => _holds[t] = _holds.GetValueOrDefault(t) + 1;

    /// <summary>One place lets go of <paramref name="t"/>; frees it when it was the last and the pass made it.</summary>
    public void Drop(Tensor t)
    {
        int left = _holds.GetValueOrDefault(t) - 1;
        if (left > 0) { _holds[t] = left; return; }
        _holds.Remove(t);
        if (t.Id >= firstId && !ReferenceEquals(t, outputGradient)) t.Dispose();
    }
}
