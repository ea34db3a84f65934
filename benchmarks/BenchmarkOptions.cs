namespace KerasSharp.Benchmarks;

/// <summary>Options shared by every subcommand.</summary>
/// <param name="Quick">Fewer warm-up calls and samples: checks that the harness runs, numbers are rough.</param>
internal sealed record BenchmarkOptions(bool Quick)
{
    /// <summary>Thread counts every case is measured at (the CI machines have 2 cores).</summary>
    public static readonly int[] ThreadCounts = [1, 2];
}
