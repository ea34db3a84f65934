namespace KerasSharp.Benchmarks;

/// <summary>
/// The <c>ops</c> subcommand: memory-bound ops in GB/s of bytes read plus written (the least traffic each op
/// needs), and a small matmul of the size an MLP step uses, in microseconds per call, where per-op overhead shows.
/// </summary>
internal static class OpsBenchmark
{
    private const int VectorLength = 1 << 20;
    private const int Rows = 1024, Columns = 1024;
    private const long FloatBytes = sizeof(float);

    public static void Run(BenchmarkOptions options)
    {
        using var x = Ops.RandomUniform([VectorLength], low: -1, high: 1, seed: 1);
        using var y = Ops.RandomUniform([VectorLength], low: -1, high: 1, seed: 2);
        using var matrix = Ops.RandomUniform([Rows, Columns], low: -1, high: 1, seed: 3);
        using var batch = Ops.RandomUniform([64, 784], seed: 4);
        using var weights = Ops.RandomUniform([784, 128], low: -0.1, high: 0.1, seed: 5);

        const long n = VectorLength, m = (long)Rows * Columns;
        string vector = $"n={VectorLength}", square = $"shape={Rows}x{Columns}";
        var cases = new (string Op, string Size, long Bytes, Func<Tensor> Call)[]
        {
            ("add", vector, 3 * n * FloatBytes, () => Ops.Add(x, y)),
            ("mul", vector, 3 * n * FloatBytes, () => Ops.Multiply(x, y)),
            ("relu", vector, 2 * n * FloatBytes, () => Ops.Relu(x)),
            ("exp", vector, 2 * n * FloatBytes, () => Ops.Exp(x)),
            ("sum-all", vector, (n + 1) * FloatBytes, () => Ops.Sum(x)),
            ("sum-last-axis", square, (m + Rows) * FloatBytes, () => Ops.Sum(matrix, axis: -1)),
            ("softmax-last-axis", square, 2 * m * FloatBytes, () => Ops.Softmax(matrix, axis: -1)),
        };

        foreach (int threads in BenchmarkOptions.ThreadCounts)
        {
            Config.NumThreads = threads;
            foreach (var (op, size, bytes, call) in cases)
            {
                double seconds = Timing.MedianSecondsPerCall(() => call().Dispose(), options);
                Console.WriteLine(new CaseResult($"op={op} {size} threads={threads}", "GB/s", bytes / seconds / 1e9));
            }
            double matmulSeconds = Timing.MedianSecondsPerCall(() => Ops.MatMul(batch, weights).Dispose(), options);
            Console.WriteLine(new CaseResult($"op=matmul-small shape=64x784x128 threads={threads}", "us", matmulSeconds * 1e6));
        }
    }
}
