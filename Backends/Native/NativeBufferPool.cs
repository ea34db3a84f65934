namespace KerasSharp.Backends.Native;

/// <summary>
/// Counters and limits of the native backend's buffer pools (one per element type). A tensor's buffer goes back
/// to its pool when the tensor is disposed (or its <see cref="TensorScope"/> ends) and the next op of the same
/// size reuses it, so a warm training step allocates no element arrays. What the pools keep plus what is rented stays
/// within twice the most the program has had rented at once (its high-water mark: what one step needs; sizes are
/// exact, so a step's arrays can outnumber its peak), and within <see cref="MaxRetainedBytes"/>; after each full (gen 2) collection they drop the sizes that were not used
/// since the previous one — all of them when the machine is short of memory.
/// </summary>
public static class NativeBufferPool
{
    private static readonly List<Action<long>> Trimmers = [];
    private static long _retained, _hits, _misses, _epoch, _rented, _peakRented, _highWater, _missedBytes;

    static NativeBufferPool() => Gen2Callback.Start(OnGen2);

    /// <summary>
    /// Most bytes kept for reuse across all element types (default: half the memory the GC may use). Below it the
    /// pools keep no more than twice <see cref="HighWaterRentedBytes"/> less <see cref="RentedBytes"/>. A cap below what a training step has alive at its
    /// peak makes every step allocate the difference anew (measured: a fixed 2 GiB cap against ResNet-18's 4.5 GB
    /// batch-16 step threw away 2.5 GB a step, and the process grew to 12-17 GB between full collections).
    /// </summary>
    public static long MaxRetainedBytes { get; set; } = Math.Max(64L << 20, GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 2);

    /// <summary>Most <see cref="RentedBytes"/> seen since the process started (see <see cref="MaxRetainedBytes"/>).</summary>
    public static long HighWaterRentedBytes => Interlocked.Read(ref _highWater);

    /// <summary>Tests: starts the high-water mark again from what is rented now.</summary>
    internal static void ResetHighWater() => Interlocked.Exchange(ref _highWater, RentedBytes);

    /// <summary>
    /// Debugging aid: every rented buffer is first filled with all-ones bytes (NaN for floats), so a kernel that
    /// reads its output before writing all of it shows up at once. <c>KERASSHARP_POOL_POISON=1</c> turns it on.
    /// </summary>
    public static bool Poison { get; set; } = Environment.GetEnvironmentVariable("KERASSHARP_POOL_POISON") == "1";

    /// <summary>Bytes held by the pools now.</summary>
    public static long RetainedBytes => Interlocked.Read(ref _retained);

    /// <summary>Rents served from the pool since the process started.</summary>
    public static long Hits => Interlocked.Read(ref _hits);

    /// <summary>Rents that had to allocate a new array.</summary>
    public static long Misses => Interlocked.Read(ref _misses);

    /// <summary>
    /// Bytes of pooled-size arrays handed out and not given back yet: the tensors and scratch buffers alive now. An
    /// array that is never given back (a tensor left to the GC) stays counted, so this also shows leaks.
    /// </summary>
    public static long RentedBytes => Interlocked.Read(ref _rented);

    /// <summary>Most <see cref="RentedBytes"/> seen since the last <see cref="ResetPeak"/>.</summary>
    public static long PeakRentedBytes => Interlocked.Read(ref _peakRented);

    /// <summary>Bytes of the rents that had to allocate a new array.</summary>
    public static long MissedBytes => Interlocked.Read(ref _missedBytes);

    /// <summary>Starts <see cref="PeakRentedBytes"/> again from <see cref="RentedBytes"/>.</summary>
    public static void ResetPeak() => Interlocked.Exchange(ref _peakRented, RentedBytes);

    /// <summary>Drops every pooled array (the GC reclaims them).</summary>
    public static void Clear() => TrimAll(long.MaxValue);

    internal static long Epoch => Interlocked.Read(ref _epoch);

    internal static void Register(Action<long> trim)
    {
        lock (Trimmers) Trimmers.Add(trim);
    }

    internal static void Taken(long bytes)
    {
        Interlocked.Add(ref _retained, -bytes);
        Interlocked.Increment(ref _hits);
        Lent(bytes);
    }

    internal static void Missed(long bytes)
    {
        Interlocked.Increment(ref _misses);
        Interlocked.Add(ref _missedBytes, bytes);
        Lent(bytes);
    }

    private static void Lent(long bytes)
    {
        long now = Interlocked.Add(ref _rented, bytes);
        Raise(ref _peakRented, now);
        Raise(ref _highWater, now);
    }

    private static void Raise(ref long max, long value)
    {
        long seen = Interlocked.Read(ref max);
        while (value > seen)
        {
            long before = Interlocked.CompareExchange(ref max, value, seen);
            if (before == seen) break;
            seen = before;
        }
    }

    internal static void Given(long bytes) => Interlocked.Add(ref _rented, -bytes);

    internal static void Dropped(long bytes) => Interlocked.Add(ref _retained, -bytes);

    /// <summary>Reserves room for <paramref name="bytes"/> under the cap and the high-water mark; false when it does not fit.</summary>
    internal static bool TryKeep(long bytes)
    {
        long kept = Interlocked.Add(ref _retained, bytes);
        if (kept <= MaxRetainedBytes && kept + RentedBytes <= 2 * HighWaterRentedBytes) return true;
        Interlocked.Add(ref _retained, -bytes);
        return false;
    }

    private static void TrimAll(long before)
    {
        Action<long>[] trimmers;
        lock (Trimmers) trimmers = [.. Trimmers];
        foreach (var t in trimmers) t(before);
    }

    private static void OnGen2()
    {
        var info = GC.GetGCMemoryInfo();
        bool pressure = info.MemoryLoadBytes >= info.HighMemoryLoadThresholdBytes * 9 / 10;
        long epoch = Interlocked.Increment(ref _epoch);
        TrimAll(pressure ? long.MaxValue - 1 : epoch - 1);
    }
}
