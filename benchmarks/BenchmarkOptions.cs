namespace KerasSharp.Benchmarks;

/// <summary>Options shared by every subcommand.</summary>
/// <param name="Quick">Fewer warm-up calls and samples: checks that the harness runs, numbers are rough.</param>
internal sealed record BenchmarkOptions(bool Quick)
{
    /// <summary>Thread counts every case is measured at (the CI machines have 2 cores).</summary>
    public static readonly int[] ThreadCounts = [1, 2];

    /// <summary>KS_BENCH_THREADS, when set: the single thread count for the conv and train-cnn subcommands (both backends).</summary>
    public static int? ThreadsFromEnvironment() =>
        int.TryParse(Environment.GetEnvironmentVariable("KS_BENCH_THREADS"), out var t) && t > 0 ? t : null;
}
