namespace KerasSharp.Benchmarks;

/// <summary>The <c>gemm</c> subcommand: square float32 matrix multiply, the bar being libtorch's SGEMM.</summary>
internal static class GemmBenchmark
{
    private static readonly int[] Sizes = [256, 512, 1024, 2048];

    public static void Run(BenchmarkOptions options)
    {
        foreach (int n in Sizes)
        {
            using var a = Ops.RandomUniform([n, n], seed: 1);
            using var b = Ops.RandomUniform([n, n], seed: 2);
            foreach (int threads in BenchmarkOptions.ThreadCounts)
                Console.WriteLine(Measure(a, b, n, threads, options));
        }
    }

    private static CaseResult Measure(Tensor a, Tensor b, int n, int threads, BenchmarkOptions options)
    {
        Config.NumThreads = threads;
        double seconds = Timing.MedianSecondsPerCall(() => Ops.MatMul(a, b).Dispose(), options);
        double flops = 2.0 * n * n * n;   // one multiply and one add per inner-product term
        return new CaseResult($"sgemm n={n} threads={threads}", "GFLOP/s", flops / seconds / 1e9);
    }
}
