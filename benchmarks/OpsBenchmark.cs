using static KerasSharp.Benchmarks.TorchReference;
using F = TorchSharp.torch.nn.functional;

namespace KerasSharp.Benchmarks;

/// <summary>
/// The <c>ops</c> subcommand: memory-bound ops in GB/s of bytes read plus written (the least traffic each op
/// needs), and small ops of the sizes an MLP step uses in microseconds per call, where per-op overhead shows;
/// each on the native backend and on the torch backend (libtorch) in the same process.
/// </summary>
internal static class OpsBenchmark
{
    private const long FloatBytes = sizeof(float);

    private static OpsCase[] Cases()
    {
        const long n = OpsInputs.VectorLength, m = (long)OpsInputs.Rows * OpsInputs.Columns;
        string vector = $"n={n}", square = $"shape={OpsInputs.Rows}x{OpsInputs.Columns}";
        string small = $"shape={OpsInputs.SmallRows}x{OpsInputs.SmallColumns}";
        const int b = OpsInputs.ImageBatch, c = OpsInputs.ImageChannels, side = OpsInputs.ImageSide;
        const long images = (long)b * c * side * side;
        return
        [
            new($"op=add {vector}", 3 * n * FloatBytes, t => Ops.Add(t.X, t.Y)),
            new($"op=mul {vector}", 3 * n * FloatBytes, t => Ops.Multiply(t.X, t.Y)),
            new($"op=relu {vector}", 2 * n * FloatBytes, t => Ops.Relu(t.X)),
            new($"op=exp {vector}", 2 * n * FloatBytes, t => Ops.Exp(t.X)),
            new($"op=sum-all {vector}", (n + 1) * FloatBytes, t => Ops.Sum(t.X)),
            new($"op=sum-last-axis {square}", (m + OpsInputs.Rows) * FloatBytes, t => Ops.Sum(t.Matrix, axis: -1)),
            new($"op=sum-first-axis {square}", (m + OpsInputs.Columns) * FloatBytes, t => Ops.Sum(t.Matrix, axis: 0)),
            // BatchNormalization's batch mean: every axis but the channels', channels last and channels first
            new($"op=mean-nhwc-stats shape={b}x{side}x{side}x{c}", (images + c) * FloatBytes, t => Ops.Mean(t.Nhwc, [0, 1, 2])),
            new($"op=mean-nchw-stats shape={b}x{c}x{side}x{side}", (images + c) * FloatBytes, t => Ops.Mean(t.Nchw, [0, 2, 3])),
            new($"op=softmax-last-axis {square}", 2 * m * FloatBytes, t => Ops.Softmax(t.Matrix, axis: -1)),
            new("op=matmul-small shape=64x784x128", 0, t => Ops.MatMul(t.Batch, t.Weights),
                t => Raw(t.Batch).matmul(Raw(t.Weights))),
            new("op=linear-relu-small shape=64x784x128", 0, t => Ops.Relu(Ops.Linear(t.Batch, t.Weights, t.Bias)),
                t => { using var y = Raw(t.Batch).matmul(Raw(t.Weights)); using var z = y.add(Raw(t.Bias)); return F.relu(z); }),
            new($"op=add-small {small}", 0, t => Ops.Add(t.SmallX, t.SmallY), t => Raw(t.SmallX).add(Raw(t.SmallY))),
            new($"op=mul-small {small}", 0, t => Ops.Multiply(t.SmallX, t.SmallY), t => Raw(t.SmallX).mul(Raw(t.SmallY))),
            new($"op=relu-small {small}", 0, t => Ops.Relu(t.SmallX), t => F.relu(Raw(t.SmallX))),
        ];
    }

    public static void Run(BenchmarkOptions options)
    {
        using var native = OpsInputs.CreateNative();
        using var torchInputs = native.CopyToTorch();
        foreach (int threads in BenchmarkOptions.ThreadCounts)
        {
            SetThreads(threads);
            foreach (var c in Cases())
            {
                string label = $"{c.Label} threads={threads}";
                double nativeValue = c.Value(Timing.MedianSecondsPerCall(() => c.Call(native).Dispose(), options));
                double torchValue = c.Value(Timing.MedianSecondsPerCall(() => c.Call(torchInputs).Dispose(), options));
                Console.WriteLine(new CaseResult(label, c.Unit, nativeValue, (Name, torchValue)));
                if (c.Raw is { } raw)
                {
                    double rawValue = c.Value(Timing.MedianSecondsPerCall(() => raw(torchInputs).Dispose(), options));
                    OverheadCheck.Report(label, c.Unit, torchValue, rawValue);
                }
            }
        }
    }
}
