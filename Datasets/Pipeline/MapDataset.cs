namespace KerasSharp.Datasets;

/// <summary>
/// Applies a function to each element, optionally several at once on worker threads. Inputs are read on the
/// consumer's thread; at most <c>numParallelCalls</c> run at once, and up to twice that many are started ahead.
/// </summary>
internal sealed class MapDataset : Dataset
{
    private readonly Dataset _input;
    private readonly Func<Tensor[], Tensor[]> _function;
    private readonly int _parallel;
    private readonly bool _deterministic;

    public MapDataset(Dataset input, Func<Tensor[], Tensor[]> function, int numParallelCalls, bool deterministic)
    {
        ArgumentNullException.ThrowIfNull(function);
        if (numParallelCalls == 0 || numParallelCalls < Autotune)
            throw new ArgumentOutOfRangeException(nameof(numParallelCalls), $"Dataset.Map: numParallelCalls must be positive or Dataset.Autotune, got {numParallelCalls}.");
        _input = input;
        _function = function;
        _parallel = numParallelCalls == Autotune ? Environment.ProcessorCount : numParallelCalls;
        _deterministic = deterministic;
    }

    public override long Cardinality => _input.Cardinality;
    public override int ComponentCount => -1;
    internal override bool? IsBatched => _input.IsBatched;

    /// <summary>Runs the function on one element; the input is freed, the results are owned.</summary>
    private Tensor[] Apply(Tensor[] input, long index)
    {
        try
        {
            return Elements.Own(() => _function(input));
        }
        catch (Exception e)
        {
            throw new DatasetException("Map", index, $"the function failed: {e.Message}", e);
        }
        finally { Elements.Free(input); }
    }

    internal override IEnumerator<Tensor[]> Open() => _parallel == 1 ? Sequential() : Parallel();

    private IEnumerator<Tensor[]> Sequential()
    {
        using var source = _input.Open();
        for (long index = 0; source.MoveNext(); index++)
            yield return Apply(source.Current, index);
    }

    private IEnumerator<Tensor[]> Parallel()
    {
        // Up to 2 * parallel elements are started ahead, at most `parallel` computing at once (the gate): a worker that
        // finishes while the consumer is busy (batching, or waiting for an earlier element to keep the order) starts the
        // next element instead of idling until the consumer takes its result.
        var inFlight = new LinkedList<Task<Tensor[]>>();
        using var gate = new SemaphoreSlim(_parallel, _parallel);
        var source = _input.Open();
        try
        {
            long index = 0;
            bool more = true;
            while (true)
            {
                while (more && inFlight.Count < 2 * _parallel)
                {
                    if (!source.MoveNext()) { more = false; break; }
                    var element = source.Current;
                    long i = index++;
                    inFlight.AddLast(Task.Run(async () =>
                    {
                        await gate.WaitAsync().ConfigureAwait(false);
                        try { return Apply(element, i); }
                        finally { gate.Release(); }
                    }));
                }
                if (inFlight.Count == 0) yield break;
                Task<Tensor[]> done;
                if (_deterministic) done = inFlight.First!.Value;
                else done = inFlight.ElementAt(Task.WaitAny(inFlight.ToArray()));
                inFlight.Remove(done);
                // GetResult rethrows the DatasetException itself (not an AggregateException).
                yield return done.GetAwaiter().GetResult();
            }
        }
        finally
        {
            source.Dispose();
            // Elements still being computed when the consumer stopped (or one failed) are waited for and freed.
            foreach (var task in inFlight)
            {
                try { Elements.Free(task.GetAwaiter().GetResult()); }
                catch (DatasetException) { }
            }
        }
    }
}

/// <summary>Keeps the elements a predicate accepts.</summary>
internal sealed class FilterDataset(Dataset input, Func<Tensor[], bool> predicate) : Dataset
{
    private readonly Func<Tensor[], bool> _predicate = predicate ?? throw new ArgumentNullException(nameof(predicate));

    public override long Cardinality => input.Cardinality == Infinite ? Infinite : Unknown;
    public override int ComponentCount => input.ComponentCount;
    internal override bool? IsBatched => input.IsBatched;

    internal override IEnumerator<Tensor[]> Open()
    {
        using var source = input.Open();
        for (long index = 0; source.MoveNext(); index++)
        {
            var element = source.Current;
            bool keep;
            try
            {
                using var scope = new TensorScope();
                keep = _predicate(element);
            }
            catch (Exception e)
            {
                Elements.Free(element);
                throw new DatasetException("Filter", index, $"the predicate failed: {e.Message}", e);
            }
            if (keep) yield return element;
            else Elements.Free(element);
        }
    }
}
