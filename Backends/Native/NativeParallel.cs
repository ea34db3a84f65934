namespace KerasSharp.Backends.Native;

/// <summary>
/// The single entry point for parallel loops of the native kernels. It splits [0, count) into at most
/// <see cref="Config.NumThreads"/> contiguous chunks; a later issue replaces the internals with a
/// persistent worker pool without touching callers.
/// </summary>
internal static class NativeParallel
{
    [ThreadStatic] private static bool _inside;

    /// <summary>Runs <paramref name="body"/>(start, end) over chunks of at least <paramref name="minGrain"/> items.</summary>
    /// <remarks>Nested calls run inline, so an outer parallel loop (over a batch) is not oversubscribed.</remarks>
    public static void For(int count, int minGrain, Action<int, int> body)
    {
        if (count <= 0) return;
        int chunks = Chunks(count, minGrain);
        if (chunks <= 1 || _inside)
        {
            body(0, count);
            return;
        }
        Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = chunks }, c =>
        {
            var (start, end) = Range(count, chunks, c);
            bool was = _inside;
            _inside = true;
            try { body(start, end); }
            finally { _inside = was; }
        });
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
