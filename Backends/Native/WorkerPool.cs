namespace KerasSharp.Backends.Native;

/// <summary>
/// Persistent worker threads for the native kernels. A parallel region hands out chunk indices
/// [0, chunks) by atomic claims; the caller claims too, so a region with one participant never
/// touches the workers. Workers spin briefly after a region (back-to-back regions are common: GEMM
/// packs, then computes) and then park on a monitor, so idle workers cost nothing.
/// </summary>
internal sealed class WorkerPool
{
    public static readonly WorkerPool Shared = new();

    // Claim state: generation (high 32 bits), chunk count (bits 16..31), next chunk (bits 0..15).
    // Packing the count with the generation makes a stale worker's claim fail instead of running
    // a chunk of the next region with the previous region's bounds.
    public const int MaxChunks = 0xFFFF;
    private long _claim;
    private int _generation;
    private Action<int>? _job;
    private int _wanted;            // workers that may join the current region
    private int _remaining;         // chunks not yet finished
    private int _sleepers;
    private Exception? _error;
    private readonly object _gate = new();
    private readonly object _busy = new();
    private readonly List<Thread> _threads = [];

    // Spin this long for the next region before parking: long enough to catch back-to-back regions
    // (a wake from Monitor.Wait costs tens of microseconds), short enough not to hold a core when idle.
    private static readonly long SpinTicks = System.Diagnostics.Stopwatch.Frequency / 10_000;

    /// <summary>
    /// Runs job(0) .. job(chunks - 1) on up to <paramref name="threads"/> threads (the caller included)
    /// and returns when all have finished. Returns false without running anything when the pool is busy
    /// with another caller's region, so that caller runs inline instead.
    /// </summary>
    public bool TryRun(int chunks, int threads, Action<int> job)
    {
        if (!Monitor.TryEnter(_busy)) return false;
        try
        {
            int helpers = Math.Min(threads, chunks) - 1;
            EnsureWorkers(helpers);
            _job = job;
            _error = null;
            _wanted = helpers;
            Volatile.Write(ref _remaining, chunks);
            int gen = _generation + 1;
            Interlocked.Exchange(ref _claim, ((long)gen << 32) | ((long)chunks << 16));
            Interlocked.Exchange(ref _generation, gen);
            if (Volatile.Read(ref _sleepers) > 0)
                lock (_gate) Monitor.PulseAll(_gate);
            Work(gen);
            var spin = new SpinWait();
            while (Volatile.Read(ref _remaining) > 0) spin.SpinOnce(-1);
            _job = null;
            if (_error is { } e) throw new AggregateException(e);
            return true;
        }
        finally { Monitor.Exit(_busy); }
    }

    // Claims and runs chunks of region gen until none are left (or the region has moved on).
    private void Work(int gen)
    {
        while (true)
        {
            long s = Volatile.Read(ref _claim);
            if ((int)(s >> 32) != gen) return;
            int next = (int)(s & 0xFFFF), chunks = (int)((s >> 16) & 0xFFFF);
            if (next >= chunks) return;
            var job = _job;
            if (Interlocked.CompareExchange(ref _claim, s + 1, s) != s) continue;
            try { job!(next); }
            catch (Exception e) { Interlocked.CompareExchange(ref _error, e, null); }
            Interlocked.Decrement(ref _remaining);
        }
    }

    private void EnsureWorkers(int count)
    {
        for (int i = _threads.Count; i < count; i++)
        {
            int index = i;
            var t = new Thread(() => Loop(index)) { IsBackground = true, Name = $"KerasSharp native worker {index}" };
            _threads.Add(t);
            t.Start();
        }
    }

    private void Loop(int index)
    {
        NativeParallel.MarkWorker();
        int seen = Volatile.Read(ref _generation);
        while (true)
        {
            int gen = WaitForRegion(seen);
            seen = gen;
            // workers beyond this region's thread count stay out, so Config.NumThreads is respected
            if (index < Volatile.Read(ref _wanted)) Work(gen);
        }
    }

    private int WaitForRegion(int seen)
    {
        // SpinWait yields the core now and then, which matters when a worker shares one with the caller
        long until = System.Diagnostics.Stopwatch.GetTimestamp() + SpinTicks;
        var spin = new SpinWait();
        do
        {
            int g = Volatile.Read(ref _generation);
            if (g != seen) return g;
            spin.SpinOnce(-1);
        }
        while (System.Diagnostics.Stopwatch.GetTimestamp() < until);
        lock (_gate)
        {
            Interlocked.Increment(ref _sleepers);
            int g;
            while ((g = Volatile.Read(ref _generation)) == seen) Monitor.Wait(_gate);
            Interlocked.Decrement(ref _sleepers);
            return g;
        }
    }
}
