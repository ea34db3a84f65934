namespace KerasSharp.Benchmarks;

/// <summary>
/// The <c>conv</c> subcommand: Ops.Conv2d (NCHW, float32) forward, and forward plus both gradients through the
/// tape, on the native and the torch backend side by side, for the FashionCnn sample's convolutions and
/// ResNet-50's common ones (batch 8). Times in us per call; ratio = torch time / native time (higher is better).
/// </summary>
internal static class ConvBenchmark
{
    private sealed record Case(string Name, int N, int C, int H, int W, int O, int K, string Padding);

    private static readonly Case[] Cases =
    [
        new("fashion-cnn conv1 3x3 1->32 28x28", 64, 1, 28, 28, 32, 3, "same"),
        new("fashion-cnn conv2 3x3 32->64 14x14", 64, 32, 14, 14, 64, 3, "same"),
        new("resnet50 3x3 64->64 56x56", 8, 64, 56, 56, 64, 3, "same"),
        new("resnet50 1x1 64->256 56x56", 8, 64, 56, 56, 256, 1, "valid"),
        new("resnet50 1x1 256->64 56x56", 8, 256, 56, 56, 64, 1, "valid"),
        new("resnet50 3x3 256->256 14x14", 8, 256, 14, 14, 256, 3, "same"),
        new("resnet50 1x1 256->256 14x14", 8, 256, 14, 14, 256, 1, "valid"),
    ];

    public static void Run(BenchmarkOptions options)
    {
        int threads = BenchmarkOptions.ThreadsFromEnvironment() ?? BenchmarkOptions.ThreadCounts.Max();
        TorchReference.SetThreads(threads);
        Console.WriteLine($"# conv: NCHW float32, threads={threads}; us per call, ratio = torch/native time (higher is better for native)");
        foreach (var c in Cases)
        {
            using var native = new Problem(c, Backends.BackendRegistry.Get("native"));
            using var torch = new Problem(c, TorchReference.Backend);
            string label = $"conv {c.Name} batch={c.N}";
            Console.WriteLine(new CaseResult($"{label} forward", "us", Us(native.Forward, options), ("torch", Us(torch.Forward, options))));
            Console.WriteLine(new CaseResult($"{label} forward+backward", "us", Us(native.ForwardBackward, options),
                                             ("torch", Us(torch.ForwardBackward, options))));
        }
    }

    private static double Us(Action call, BenchmarkOptions options) => Timing.MedianSecondsPerCall(call, options) * 1e6;

    /// <summary>One case's input, kernel and output gradient on one backend.</summary>
    private sealed class Problem : IDisposable
    {
        private readonly Case _c;
        private readonly Tensor _x, _w, _g;

        public Problem(Case c, Backends.IBackend backend)
        {
            _c = c;
            var rng = new Random(1);
            Tensor Make(params int[] shape)
            {
                var data = new float[shape.Aggregate(1, (a, b) => a * b)];
                for (int i = 0; i < data.Length; i++) data[i] = (float)(rng.NextDouble() - 0.5);
                return backend.FromHost(data, new Shape(shape), DType.Float32, Device.Cpu);
            }
            _x = Make(c.N, c.C, c.H, c.W);
            _w = Make(c.O, c.C, c.K, c.K);
            using var probe = Ops.Conv2d(_x, _w, padding: c.Padding);
            _g = Make(probe.Shape.ToArray());
        }

        public void Forward() => Ops.Conv2d(_x, _w, padding: _c.Padding).Dispose();

        public void ForwardBackward()
        {
            using var tape = new GradientTape();
            tape.Watch(_x);
            tape.Watch(_w);
            using var y = Ops.Conv2d(_x, _w, padding: _c.Padding);
            foreach (var g in tape.Gradient(y, [_x, _w], _g)) g?.Dispose();
        }

        public void Dispose()
        {
            _x.Dispose();
            _w.Dispose();
            _g.Dispose();
        }
    }
}
