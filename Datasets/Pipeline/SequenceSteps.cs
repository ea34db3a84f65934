namespace KerasSharp.Datasets;

/// <summary>Repeats its input a number of times, or forever (-1).</summary>
internal sealed class RepeatDataset : Dataset
{
    private readonly Dataset _input;
    private readonly int _count;

    public RepeatDataset(Dataset input, int count)
    {
        if (count < -1) throw new ArgumentOutOfRangeException(nameof(count), $"Dataset.Repeat: count must be -1 (forever) or >= 0, got {count}.");
        _input = input;
        _count = count;
    }

    public override long Cardinality => _input.Cardinality switch
    {
        0 => 0,
        < 0 and var c => c,
        var n => _count < 0 ? Infinite : n * _count,
    };

    public override int ComponentCount => _input.ComponentCount;
    internal override bool? IsBatched => _input.IsBatched;

    internal override IndexedSource? Indexed => _input.Indexed is { } rows ? new IndexedSource(() => Repeat(rows.Open), rows.Gather) : null;

    internal override IEnumerator<Tensor[]> Open() => Repeat(_input.Open);

    private IEnumerator<T> Repeat<T>(Func<IEnumerator<T>> open)
    {
        for (long pass = 0; _count < 0 || pass < _count; pass++)
        {
            bool any = false;
            using (var source = open())
                while (source.MoveNext()) { any = true; yield return source.Current; }
            if (!any) yield break;   // an empty input repeated forever is still empty
        }
    }
}

/// <summary>The first elements of its input.</summary>
internal sealed class TakeDataset : Dataset
{
    private readonly Dataset _input;
    private readonly long _count;

    public TakeDataset(Dataset input, long count)
    {
        if (count < -1) throw new ArgumentOutOfRangeException(nameof(count), $"Dataset.Take: count must be -1 (all) or >= 0, got {count}.");
        _input = input;
        _count = count;
    }

    public override long Cardinality => _count < 0 ? _input.Cardinality : _input.Cardinality switch
    {
        Infinite => _count,
        Unknown => Unknown,
        var n => Math.Min(n, _count),
    };

    public override int ComponentCount => _input.ComponentCount;
    internal override bool? IsBatched => _input.IsBatched;
    internal override IndexedSource? Indexed => _input.Indexed is { } rows ? new IndexedSource(() => Take(rows.Open()), rows.Gather) : null;
    internal override IEnumerator<Tensor[]> Open() => Take(_input.Open());

    private IEnumerator<T> Take<T>(IEnumerator<T> source)
    {
        using (source)
            for (long i = 0; (_count < 0 || i < _count) && source.MoveNext(); i++) yield return source.Current;
    }
}

/// <summary>Its input without the first elements.</summary>
internal sealed class SkipDataset : Dataset
{
    private readonly Dataset _input;
    private readonly long _count;

    public SkipDataset(Dataset input, long count)
    {
        if (count < 0) throw new ArgumentOutOfRangeException(nameof(count), $"Dataset.Skip: count must be >= 0, got {count}.");
        _input = input;
        _count = count;
    }

    public override long Cardinality => _input.Cardinality switch
    {
        < 0 and var c => c,
        var n => Math.Max(0, n - _count),
    };

    public override int ComponentCount => _input.ComponentCount;
    internal override bool? IsBatched => _input.IsBatched;
    internal override IndexedSource? Indexed => _input.Indexed is { } rows ? new IndexedSource(() => Skip(rows.Open(), _ => { }), rows.Gather) : null;
    internal override IEnumerator<Tensor[]> Open() => Skip(_input.Open(), Elements.Free);

    private IEnumerator<T> Skip<T>(IEnumerator<T> source, Action<T> free)
    {
        using (source)
        {
            for (long i = 0; i < _count; i++)
            {
                if (!source.MoveNext()) yield break;
                free(source.Current);
            }
            while (source.MoveNext()) yield return source.Current;
        }
    }
}

/// <summary>One dataset after another.</summary>
internal sealed class ConcatenateDataset : Dataset
{
    private readonly Dataset _first, _second;

    public ConcatenateDataset(Dataset first, Dataset second)
    {
        ArgumentNullException.ThrowIfNull(second);
        if (first.ComponentCount >= 0 && second.ComponentCount >= 0 && first.ComponentCount != second.ComponentCount)
            throw new ArgumentException($"Dataset.Concatenate: the datasets' elements have {first.ComponentCount} and {second.ComponentCount} components; they must match.");
        _first = first;
        _second = second;
    }

    public override long Cardinality => AddCardinality(_first.Cardinality, _second.Cardinality);
    public override int ComponentCount => _first.ComponentCount >= 0 ? _first.ComponentCount : _second.ComponentCount;
    internal override bool? IsBatched => _first.IsBatched == _second.IsBatched ? _first.IsBatched : null;

    internal override IEnumerator<Tensor[]> Open()
    {
        using (var a = _first.Open())
            while (a.MoveNext()) yield return a.Current;
        using var b = _second.Open();
        while (b.MoveNext()) yield return b.Current;
    }
}

/// <summary>Components of several datasets side by side, element by element.</summary>
internal sealed class ZipDataset : Dataset
{
    private readonly Dataset[] _inputs;

    public ZipDataset(Dataset[] inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (inputs.Length == 0) throw new ArgumentException("Dataset.Zip: give at least one dataset.");
        for (int i = 0; i < inputs.Length; i++)
            if (inputs[i] is null) throw new ArgumentNullException(nameof(inputs), $"Dataset.Zip: dataset {i} is null.");
        _inputs = inputs;
    }

    public override long Cardinality
    {
        get
        {
            var cs = _inputs.Select(d => d.Cardinality).ToArray();
            var finite = cs.Where(c => c >= 0).ToArray();
            if (finite.Length > 0) return cs.Any(c => c == Unknown) ? Unknown : finite.Min();
            return cs.Any(c => c == Unknown) ? Unknown : Infinite;
        }
    }

    public override int ComponentCount => _inputs.Any(d => d.ComponentCount < 0) ? -1 : _inputs.Sum(d => d.ComponentCount);
    internal override bool? IsBatched => _inputs.All(d => d.IsBatched == _inputs[0].IsBatched) ? _inputs[0].IsBatched : null;

    internal override IEnumerator<Tensor[]> Open()
    {
        var sources = new List<IEnumerator<Tensor[]>>();
        try
        {
            foreach (var d in _inputs) sources.Add(d.Open());
            while (true)
            {
                var parts = new List<Tensor[]>();
                foreach (var s in sources)
                {
                    if (!s.MoveNext())
                    {
                        foreach (var p in parts) Elements.Free(p);
                        yield break;
                    }
                    parts.Add(s.Current);
                }
                yield return parts.SelectMany(p => p).ToArray();
            }
        }
        finally
        {
            foreach (var s in sources) s.Dispose();
        }
    }
}
