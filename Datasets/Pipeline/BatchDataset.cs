namespace KerasSharp.Datasets;

/// <summary>Stacks consecutive elements along a new first axis.</summary>
internal sealed class BatchDataset : Dataset
{
    private readonly Dataset _input;
    private readonly int _batchSize;
    private readonly bool _dropRemainder;

    public BatchDataset(Dataset input, int batchSize, bool dropRemainder)
    {
        if (batchSize <= 0) throw new ArgumentOutOfRangeException(nameof(batchSize), $"Dataset.Batch: batchSize must be positive, got {batchSize}.");
        _input = input;
        _batchSize = batchSize;
        _dropRemainder = dropRemainder;
    }

    public override long Cardinality => _input.Cardinality switch
    {
        < 0 and var c => c,
        var n => _dropRemainder ? n / _batchSize : (n + _batchSize - 1) / _batchSize,
    };

    public override int ComponentCount => _input.ComponentCount;
    internal override bool? IsBatched => true;

    internal override IEnumerator<Tensor[]> Open() =>
        _input.Indexed is { } rows ? Gathered(rows) : Stacked();

    private IEnumerator<Tensor[]> Gathered(IndexedSource rows)
    {
        using var source = rows.Open();
        var batch = new List<long>(Math.Min(_batchSize, 4096));
        while (true)
        {
            batch.Clear();
            while (batch.Count < _batchSize && source.MoveNext()) batch.Add(source.Current);
            if (batch.Count == 0 || (batch.Count < _batchSize && _dropRemainder)) yield break;
            yield return rows.Gather([.. batch]);
        }
    }

    private IEnumerator<Tensor[]> Stacked()
    {
        var source = _input.Open();
        var batch = new List<Tensor[]>(Math.Min(_batchSize, 4096));
        long index = 0;
        try
        {
            while (true)
            {
                long first = index;
                while (batch.Count < _batchSize && source.MoveNext()) { batch.Add(source.Current); index++; }
                if (batch.Count == 0 || (batch.Count < _batchSize && _dropRemainder)) yield break;
                var stacked = Stack(batch, first);
                Elements.FreeAll(batch);
                yield return stacked;
            }
        }
        finally
        {
            Elements.FreeAll(batch);
            source.Dispose();
        }
    }

    private static Tensor[] Stack(List<Tensor[]> batch, long first)
    {
        var head = batch[0];
        for (int e = 1; e < batch.Count; e++)
        {
            var el = batch[e];
            bool same = el.Length == head.Length;
            for (int c = 0; same && c < head.Length; c++) same = el[c].Shape == head[c].Shape && el[c].DType == head[c].DType;
            if (!same)
                throw new DatasetException("Batch", first + e,
                    $"its components ({Elements.Describe(el)}) differ from those of element {first} ({Elements.Describe(head)}); " +
                    "elements of a batch must have equal shapes and dtypes (Map them to one shape first).");
        }
        return Elements.Own(() =>
        {
            var result = new Tensor[head.Length];
            for (int c = 0; c < head.Length; c++) result[c] = Ops.Stack(batch.Select(el => el[c]).ToArray(), 0);
            return result;
        });
    }
}

/// <summary>Splits each element along its first axis.</summary>
internal sealed class UnbatchDataset(Dataset input) : Dataset
{
    public override long Cardinality => input.Cardinality == Infinite ? Infinite : Unknown;
    public override int ComponentCount => input.ComponentCount;
    internal override bool? IsBatched => input.IsBatched == true ? false : null;

    internal override IEnumerator<Tensor[]> Open()
    {
        using var source = input.Open();
        for (long index = 0; source.MoveNext(); index++)
        {
            var element = source.Current;
            try
            {
                if (element.Any(t => t.Rank == 0))
                    throw new DatasetException("Unbatch", index, $"a component is a scalar ({Elements.Describe(element)}); unbatching needs a first axis.");
                int rows = element[0].Shape[0];
                if (element.Any(t => t.Shape[0] != rows))
                    throw new DatasetException("Unbatch", index, $"the components' first axes differ ({Elements.Describe(element)}).");
            }
            catch { Elements.Free(element); throw; }
            int n = element[0].Shape[0];
            try
            {
                for (int r = 0; r < n; r++)
                {
                    int row = r;
                    yield return Elements.Own(() => element.Select(t => Ops.Reshape(Ops.SliceAxis(t, 0, row, 1), t.Shape.Dims[1..].ToArray())).ToArray());
                }
            }
            finally { Elements.Free(element); }
        }
    }
}
