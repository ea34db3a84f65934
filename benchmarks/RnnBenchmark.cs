using System.Globalization;
using KerasSharp.Layers;
using TorchSharp;

namespace KerasSharp.Benchmarks;

/// <summary>
/// The <c>rnn</c> subcommand: LSTM and GRU layers of 256 units over 100 steps of 256 features at batch 64, forward
/// (inference) and forward+backward (the tape's gradients of every weight), on the native backend and on
/// KerasSharp-on-torch, against TorchSharp's own <c>nn.LSTM</c> / <c>nn.GRU</c> in the same process, timed in
/// interleaved rounds (<see cref="Timing.Interleaved"/>). Prints ms per call (medians) and the ratio to TorchSharp (the
/// median of the rounds' ratios; above 1: faster than TorchSharp).
/// </summary>
internal static class RnnBenchmark
{
    private const int Batch = 64, Steps = 100, Features = 256, Units = 256;

    public static void Run(BenchmarkOptions options)
    {
        int threads = BenchmarkOptions.ThreadsFromEnvironment() ?? BenchmarkOptions.ThreadCounts.Max();
        TorchReference.SetThreads(threads);
        Console.WriteLine($"# rnn: batch={Batch} steps={Steps} features={Features} units={Units}, threads={threads}, ms per call; ratio = TorchSharp time / ours (higher is better)");
        foreach (var kind in new[] { "lstm", "gru" })
        {
            Backend.Set("native");
            using var x = Ops.RandomUniform([Batch, Steps, Features], -1, 1, seed: 1);
            var native = Make(kind);
            native.Apply(x).Dispose();
            Backend.Set("torch");
            var onTorch = Make(kind);
            using var xT = TorchReference.Copy(x);
            onTorch.Apply(xT).Dispose();
            for (int i = 0; i < native.Weights.Count; i++) onTorch.Weights[i].Assign(TorchReference.Copy(native.Weights[i]));
            Backend.Set("native");
            torch.nn.Module<torch.Tensor, torch.Tensor?, (torch.Tensor, torch.Tensor)>? gru = null;
            TorchSharp.Modules.LSTM? lstm = null;
            if (kind == "lstm") lstm = torch.nn.LSTM(Features, Units, batchFirst: true);
            else gru = torch.nn.GRU(Features, Units, batchFirst: true);
            var raw = TorchReference.Raw(xT);
            torch.Tensor RawForward() => lstm is not null ? lstm.call(raw).Item1 : gru!.call(raw, null).Item1;
            torch.nn.Module module = (torch.nn.Module?)lstm ?? (torch.nn.Module)gru!;

            var (fs, fr) = Timing.Interleaved(
            [
                () => native.Apply(x).Dispose(),
                () => OnTorch(() => onTorch.Apply(xT).Dispose()),
                () =>
                {
                    using var scope = torch.NewDisposeScope();
                    using var noGrad = torch.no_grad();
                    RawForward();
                },
            ], reference: 2, options);
            Console.WriteLine($"rnn {kind} forward native={Ms(fs[0])} torch={Ms(fs[1])} torchsharp={Ms(fs[2])} ms native/torchsharp={R(fr[0])} torch/torchsharp={R(fr[1])}");

            var (bs, br) = Timing.Interleaved(
            [
                () => Step(native, x),
                () => OnTorch(() => Step(onTorch, xT)),
                () =>
                {
                    using var scope = torch.NewDisposeScope();
                    module.zero_grad();
                    RawForward().sum().backward();
                },
            ], reference: 2, options);
            Console.WriteLine($"rnn {kind} forward+backward native={Ms(bs[0])} torch={Ms(bs[1])} torchsharp={Ms(bs[2])} ms native/torchsharp={R(br[0])} torch/torchsharp={R(br[1])}");
        }
    }

    private static RNN Make(string kind) => kind == "lstm"
        ? new LSTM(Units, returnSequences: true, kernelInitializer: new GlorotUniform(seed: 2), recurrentInitializer: new Orthogonal(seed: 3))
        : new GRU(Units, returnSequences: true, kernelInitializer: new GlorotUniform(seed: 2), recurrentInitializer: new Orthogonal(seed: 3));

    // The gradients of sum(outputs) with respect to every weight, as a training step computes them.
    private static void Step(RNN layer, Tensor x)
    {
        using var scope = new TensorScope();
        using var tape = new GradientTape();
        var y = layer.Apply(x, training: true);
        tape.Gradient(Ops.Sum(y), [.. layer.TrainableWeights]);
    }

    private static void OnTorch(Action call)
    {
        Backend.Set("torch");
        try { call(); }
        finally { Backend.Set("native"); }
    }

    private static string Ms(double seconds) => (seconds * 1e3).ToString("F1", CultureInfo.InvariantCulture);

    private static string R(double v) => v.ToString("F2", CultureInfo.InvariantCulture);
}
