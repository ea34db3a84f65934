namespace KerasSharp;

/// <summary>Process-wide settings.</summary>
public static class Config
{
    private static int _numThreads = ReadThreads();

    private static int ReadThreads()
    {
        var text = Environment.GetEnvironmentVariable("KERASSHARP_NUM_THREADS");
        return int.TryParse(text, out var n) && n > 0 ? n : Environment.ProcessorCount;
    }

    /// <summary>
    /// Threads the native CPU kernels use (KERASSHARP_NUM_THREADS, else the processor count).
    /// Results are deterministic for a given seed and thread count.
    /// </summary>
    public static int NumThreads
    {
        get => _numThreads;
        set => _numThreads = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), $"NumThreads must be at least 1, got {value}.");
    }


    /// <summary>Seeds the global random generator (weights, dropout, shuffling) for reproducible runs.</summary>
    public static void SetSeed(long seed) => RandomGenerator.Global.Reset(seed);
}
