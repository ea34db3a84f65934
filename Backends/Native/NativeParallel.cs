namespace KerasSharp.Backends.Native;

/// <summary>
/// The single entry point for parallel loops of the native kernels, running on the persistent
/// <see cref="WorkerPool"/>. Splits are fixed by the arguments and <see cref="Config.NumThreads"/>,
/// never by timing, so every chunk's work (and result) is the same whichever thread runs it.
/// </summary>
internal static class NativeParallel
{
    [ThreadStatic] private static bool _inside;

    /// <summary>Called by pool workers: loops they run nest inline.</summary>
    internal static void MarkWorker() => _inside = true;

    /// <summary>Runs <paramref name="body"/>(start, end) over chunks of at least <paramref name="minGrain"/> items.</summary>
    /// <remarks>Nested calls run inline, so an outer parallel loop (over a batch) is not oversubscribed.</remarks>
    public static void For(int count, int minGrain, Action<int, int> body)
    {
        if (count <= 0) return;
        int chunks = Chunks(count, minGrain);
        if (chunks <= 1)
        {
            body(0, count);
            return;
        }
        Run(chunks, c =>
        {
            var (start, end) = Range(count, chunks, c);
            body(start, end);
        });
    }

    /// <summary>
    /// Runs job(0) .. job(items - 1), each exactly once, on up to <see cref="Config.NumThreads"/> threads
    /// (inline when nested, when there is one item or one thread).
    /// </summary>
    public static void Run(int items, Action<int> job)
    {
        int threads = _inside ? 1 : Config.NumThreads;
        if (items <= 0) return;
        if (threads <= 1 || items == 1 || items > WorkerPool.MaxChunks || !RunOnPool(items, threads, job))
            for (int i = 0; i < items; i++) job(i);
    }

    private static bool RunOnPool(int items, int threads, Action<int> job)
    {
        _inside = true;
        try { return WorkerPool.Shared.TryRun(items, threads, job); }
        finally { _inside = false; }
    }

    /// <summary>How many chunks <see cref="For"/> would use (1 when nested).</summary>
    public static int Chunks(int count, int minGrain)
    {
        if (_inside) return 1;
        long byGrain = Math.Max(1, (long)count / Math.Max(1, minGrain));
        return (int)Math.Min(Math.Min(Config.NumThreads, byGrain), count);
    }

    /// <summary>Chunk <paramref name="c"/> of <paramref name="chunks"/> equal parts of [0, count).</summary>
    public static (int Start, int End) Range(int count, int chunks, int c) =>
        ((int)((long)count * c / chunks), (int)((long)count * (c + 1) / chunks));
}
