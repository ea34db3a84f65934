namespace KerasSharp.Datasets;

/// <summary>tf.data's buffered shuffle, over elements or (for in-memory slices) over row numbers, in the same order.</summary>
internal sealed class ShuffleDataset : Dataset
{
    private readonly Dataset _input;
    private readonly int _bufferSize;
    private readonly ulong _seed;
    private readonly bool _reshuffle;
    private long _passes;

    public ShuffleDataset(Dataset input, int bufferSize, long? seed, bool reshuffleEachIteration)
    {
        if (bufferSize <= 0) throw new ArgumentOutOfRangeException(nameof(bufferSize), $"Dataset.Shuffle: bufferSize must be positive, got {bufferSize}.");
        _input = input;
        _bufferSize = bufferSize;
        _seed = seed is long s ? (ulong)s : RandomGenerator.Global.NextSeed();
        _reshuffle = reshuffleEachIteration;
    }

    public override long Cardinality => _input.Cardinality;
    public override int ComponentCount => _input.ComponentCount;
    internal override bool? IsBatched => _input.IsBatched;

    private ulong PassSeed()
    {
        long pass = Interlocked.Increment(ref _passes) - 1;
        return _reshuffle ? RandomGenerator.Mix(_seed, (ulong)pass) : _seed;
    }

    internal override IndexedSource? Indexed => _input.Indexed is { } rows
        ? new IndexedSource(() => Shuffled(rows.Open(), PassSeed(), _ => { }), rows.Gather)
        : null;

    internal override IEnumerator<Tensor[]> Open()
    {
        if (_input is TensorSlicesDataset slices)
        {
            // Row numbers shuffle the same way and only the drawn rows are sliced: the buffer holds numbers, not tensors.
            return Rows(slices, Shuffled(slices.Indexed.Open(), PassSeed(), _ => { }));
        }
        return Shuffled(_input.Open(), PassSeed(), Elements.Free);
    }

    private static IEnumerator<Tensor[]> Rows(TensorSlicesDataset slices, IEnumerator<long> rows)
    {
        using (rows)
            while (rows.MoveNext()) yield return slices.Row(rows.Current);
    }

    private IEnumerator<T> Shuffled<T>(IEnumerator<T> source, ulong seed, Action<T> free)
    {
        var buffer = new List<T>(Math.Min(_bufferSize, 1 << 16));
        try
        {
            while (buffer.Count < _bufferSize && source.MoveNext()) buffer.Add(source.Current);
            ulong state = seed;
            ulong draw = 0;
            while (buffer.Count > 0)
            {
                state = RandomGenerator.Mix(seed, draw++);
                int j = (int)(state % (ulong)buffer.Count);
                var item = buffer[j];
                if (source.MoveNext()) buffer[j] = source.Current;
                else
                {
                    buffer[j] = buffer[^1];
                    buffer.RemoveAt(buffer.Count - 1);
                }
                yield return item;
            }
        }
        finally
        {
            foreach (var item in buffer) free(item);
            source.Dispose();
        }
    }
}
