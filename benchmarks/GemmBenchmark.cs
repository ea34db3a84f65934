using TorchSharp;

namespace KerasSharp.Benchmarks;

/// <summary>
/// The <c>gemm</c> subcommand: square float32 matrix multiply on the native backend against libtorch's SGEMM
/// (the torch backend through <see cref="Ops.MatMul"/>) in the same process, same sizes and thread count.
/// </summary>
internal static class GemmBenchmark
{
    private static readonly int[] Sizes = [256, 512, 1024, 2048];

    public static void Run(BenchmarkOptions options)
    {
        foreach (int n in Sizes)
        {
            using var a = Ops.RandomUniform([n, n], seed: 1);
            using var b = Ops.RandomUniform([n, n], seed: 2);
            using var ta = TorchReference.Copy(a);
            using var tb = TorchReference.Copy(b);
            foreach (int threads in BenchmarkOptions.ThreadCounts)
            {
                TorchReference.SetThreads(threads);
                string label = $"sgemm n={n} threads={threads}";
                double native = Rate(n, () => Ops.MatMul(a, b).Dispose(), options);
                double viaOps = Rate(n, () => Ops.MatMul(ta, tb).Dispose(), options);
                var (rawA, rawB) = (TorchReference.Raw(ta), TorchReference.Raw(tb));
                double raw = Rate(n, () => torch.matmul(rawA, rawB).Dispose(), options);
                Console.WriteLine(new CaseResult(label, "GFLOP/s", native, (TorchReference.Name, viaOps)));
                OverheadCheck.Report(label, "GFLOP/s", viaOps, raw);
            }
        }
    }

    /// <summary>GFLOP/s of an n×n by n×n multiply: 2n³ flops (one multiply and one add per inner-product term).</summary>
    private static double Rate(int n, Action call, BenchmarkOptions options) =>
        2.0 * n * n * n / Timing.MedianSecondsPerCall(call, options) / 1e9;
}
