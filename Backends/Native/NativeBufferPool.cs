namespace KerasSharp.Backends.Native;

/// <summary>
/// Counters and limits of the native backend's buffer pools (one per element type). A tensor's buffer goes back
/// to its pool when the tensor is disposed (or its <see cref="TensorScope"/> ends) and the next op of the same
/// size reuses it, so a warm training step allocates no element arrays. Retained memory is capped, and after
/// each full (gen 2) collection the pool drops the sizes that were not used since the previous one — all of
/// them when the machine is short of memory.
/// </summary>
public static class NativeBufferPool
{
    private static readonly List<Action<long>> Trimmers = [];
    private static long _retained, _hits, _misses, _epoch;

    static NativeBufferPool() => Gen2Callback.Start(OnGen2);

    /// <summary>Most bytes kept for reuse across all element types (default: a quarter of the memory the GC may use, at most 2 GiB).</summary>
    public static long MaxRetainedBytes { get; set; } =
        Math.Min(2L << 30, Math.Max(64L << 20, GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 4));

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
    }

    internal static void Missed() => Interlocked.Increment(ref _misses);

    internal static void Dropped(long bytes) => Interlocked.Add(ref _retained, -bytes);

    /// <summary>Reserves room for <paramref name="bytes"/> under the cap; false when it does not fit.</summary>
    internal static bool TryKeep(long bytes)
    {
        if (Interlocked.Add(ref _retained, bytes) <= MaxRetainedBytes) return true;
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
