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

    /// <summary>
    /// Times several calls in interleaved rounds (a, b, c, a, b, c, ...) after warming each up, so that a change of
    /// load on a shared machine falls on all of them alike. Returns each call's median seconds per call and, for each
    /// call, the median over rounds of <c>time(reference) / time(call)</c> (its speed relative to call
    /// <paramref name="reference"/>, measured within one round).
    /// </summary>
    public static (double[] Seconds, double[] Ratios) Interleaved(Action[] calls, int reference, BenchmarkOptions options)
    {
        foreach (var call in calls) MedianSecondsPerCall(call, options with { Quick = true });
        double warmup = options.Quick ? 0.02 : 0.5;
        foreach (var call in calls)
        {
            var clock = Stopwatch.StartNew();
            do call(); while (clock.Elapsed.TotalSeconds < warmup);
        }
        double roundSeconds = 0;
        var t = new double[calls.Length];
        for (int i = 0; i < calls.Length; i++) roundSeconds += t[i] = Once(calls[i]);
        double target = options.Quick ? 0.2 : 6.0;
        int rounds = Math.Clamp((int)(target / roundSeconds), options.Quick ? 1 : 7, options.Quick ? 3 : 41);
        var samples = new double[calls.Length][];
        for (int i = 0; i < calls.Length; i++) samples[i] = new double[rounds];
        for (int r = 0; r < rounds; r++)
            for (int i = 0; i < calls.Length; i++) samples[i][r] = Once(calls[i]);
        var seconds = samples.Select(Median).ToArray();
        var ratios = samples.Select(s => Median(s.Select((v, r) => samples[reference][r] / v).ToArray())).ToArray();
        return (seconds, ratios);
    }

    private static double Once(Action call)
    {
        long start = Stopwatch.GetTimestamp();
        call();
        return Stopwatch.GetElapsedTime(start).TotalSeconds;
    }

    /// <summary>The profiles' median of a list (the upper middle value for an even count), with one decimal.</summary>
    internal static string MedianF1(List<double> values)
    {
        values.Sort();
        return values[values.Count / 2].ToString("F1", System.Globalization.CultureInfo.InvariantCulture);
    }

    private static double Median(double[] values)
    {
        var v = (double[])values.Clone();
        Array.Sort(v);
        return v.Length % 2 == 1 ? v[v.Length / 2] : (v[v.Length / 2 - 1] + v[v.Length / 2]) / 2;
    }
}
