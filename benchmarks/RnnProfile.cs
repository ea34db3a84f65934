using System.Globalization;
using KerasSharp.Backends;
using KerasSharp.Backends.Native;
using TorchSharp;

namespace KerasSharp.Benchmarks;

/// <summary>
/// The <c>rnn-profile</c> subcommand: the native fused recurrence of the <c>rnn</c> case (256 units, 100 steps of 256
/// features, batch 64) split into its phases, each timed alone: the input projection GEMM, the 100 recurrent GEMMs,
/// the whole forward (the gate passes are the difference), and the backward with and without the inputs' gradient;
/// beside libtorch's matrix products of the same shapes. In ms, one thread unless KS_BENCH_THREADS says otherwise.
/// </summary>
internal static class RnnProfile
{
    private const int Batch = 64, Steps = 100, Features = 256, Units = 256;

    public static void Run(BenchmarkOptions options)
    {
        int threads = BenchmarkOptions.ThreadsFromEnvironment() ?? 1;
        TorchReference.SetThreads(threads);
        Console.WriteLine($"# rnn-profile: batch={Batch} steps={Steps} features={Features} units={Units}, threads={threads}, ms per call");
        foreach (var kind in new[] { RecurrentCellKind.Lstm, RecurrentCellKind.Gru })
        {
            int gates = kind == RecurrentCellKind.Lstm ? 4 : 3, gu = gates * Units;
            var d = new RecurrentKernel.Dims(Batch, Steps, Features, Units, gates, new RecurrenceOptions(kind, RecurrentActivation.Tanh, RecurrentActivation.Sigmoid, false));
            var rng = new Random(1);
            float[] Rand(int n) => [.. Enumerable.Range(0, n).Select(_ => (float)(rng.NextDouble() - 0.5) * 0.2f)];
            var x = Rand(Batch * Steps * Features);
            var k = Rand(Features * gu);
            var bias = Rand(gu);
            var r = Rand(Units * gu);
            var rb = kind == RecurrentCellKind.Gru ? Rand(gu) : null;
            var h0 = new float[Batch * Units];
            var c0 = kind == RecurrentCellKind.Lstm ? new float[Batch * Units] : null;
            var proj = new float[Batch * Steps * gu];
            var step = new float[Batch * gu];
            using var tx = torch.randn(Batch * Steps, Features);
            using var tk = torch.randn(Features, gu);
            using var th = torch.randn(Batch, Units);
            using var tr = torch.randn(Units, gu);
            var last = RecurrentKernel.Forward(d, x, k, bias, r, rb, h0, c0, null);
            var grad = Rand(Batch * d.Rows * Units);
            Action Backward(bool inputs) => () =>
            {
                var g = RecurrentKernel.Backward(d, x, k, true, r, rb is not null, null, last.Saved, grad, needInputs: inputs);
                foreach (var a in new[] { g.DInputs, g.DKernel, g.DBias, g.Dr, g.Drb, g.Dh0, g.Dc0 }) if (a is not null) BufferPool<float>.Return(a);
            };
            // interleaved rounds: a change of load falls on every phase alike
            var (t, _) = Timing.Interleaved(
            [
                () => Gemm.Run(Batch * Steps, gu, Features, x, 0, Features, 1, k, 0, gu, 1, proj, 0, gu, accumulate: false, bias: bias),
                () => { for (int s = 0; s < Steps; s++) Gemm.Run(Batch, gu, Units, h0, 0, Units, 1, r, 0, gu, 1, step, 0, gu, accumulate: true); },
                () =>
                {
                    BufferPool<float>.Return(last.Packed);
                    BufferPool<float>.Return(last.Saved);
                    last = RecurrentKernel.Forward(d, x, k, bias, r, rb, h0, c0, null);
                },
                Backward(true),
                Backward(false),
                () => { using var _ = torch.matmul(tx, tk); },
                () => { for (int s = 0; s < Steps; s++) { using var _ = torch.matmul(th, tr); } },
            ], reference: 0, options);
            double projection = t[0], recurrent = t[1], forward = t[2], backwardAll = t[3], backwardWeights = t[4], torchProjection = t[5], torchRecurrent = t[6];
            string name = kind.ToString().ToLowerInvariant();
            Console.WriteLine($"rnn-profile {name} projection={Ms(projection)} (torch {Ms(torchProjection)}) recurrent-gemms={Ms(recurrent)} (torch {Ms(torchRecurrent)}) " +
                              $"forward={Ms(forward)} gate-passes~{Ms(forward - projection - recurrent)} backward={Ms(backwardAll)} backward-weights-only={Ms(backwardWeights)}");
        }
    }

    private static string Ms(double seconds) => (seconds * 1e3).ToString("F1", CultureInfo.InvariantCulture);
}
