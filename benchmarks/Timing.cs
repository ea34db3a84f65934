using System.Diagnostics;

namespace KerasSharp.Benchmarks;

/// <summary>Times one operation: warm up, then the median over several samples (robust to noisy shared machines).</summary>
internal static class Timing
{
    /// <summary>Median seconds per call of <paramref name="call"/>.</summary>
    public static double MedianSecondsPerCall(Action call, BenchmarkOptions options)
    {
        // Warm-up reaches optimized JIT code, fills buffer pools and starts worker threads.
        double warmupSeconds = options.Quick ? 0.02 : 0.5;
        int minWarmupCalls = options.Quick ? 1 : 3;
        var clock = Stopwatch.StartNew();
        int warmupCalls = 0;
        do { call(); warmupCalls++; }
        while (warmupCalls < minWarmupCalls || clock.Elapsed.TotalSeconds < warmupSeconds);
        double estimate = clock.Elapsed.TotalSeconds / warmupCalls;

        // Fast calls are batched so that each sample lasts long enough for the stopwatch to resolve.
        int callsPerSample = Math.Max(1, (int)Math.Ceiling(0.002 / estimate));
        double targetSeconds = options.Quick ? 0.05 : 1.0;
        int samples = Math.Clamp((int)(targetSeconds / (estimate * callsPerSample)), options.Quick ? 1 : 5, options.Quick ? 3 : 31);

        var perCall = new double[samples];
        for (int s = 0; s < samples; s++)
        {
            long start = Stopwatch.GetTimestamp();
            for (int c = 0; c < callsPerSample; c++) call();
            perCall[s] = Stopwatch.GetElapsedTime(start).TotalSeconds / callsPerSample;
        }
        Array.Sort(perCall);
        return samples % 2 == 1 ? perCall[samples / 2] : (perCall[samples / 2 - 1] + perCall[samples / 2]) / 2;
    }
}
