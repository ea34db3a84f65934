using System.Globalization;

namespace KerasSharp.Benchmarks;

/// <summary>
/// The <c>train-mlp</c> subcommand: one epoch of the QuickStart MLP on Fashion-MNIST (784-128-10, dropout 0.2,
/// Adam, sparse cross-entropy, batch 64) through <c>Fit</c> on the native and the torch backend, and as a raw
/// TorchSharp loop, in one process, in samples per second (the best of three interleaved rounds). The headline line is one thread (libtorch's
/// two-thread OpenMP regions degrade on a loaded 2-core machine, see BENCHMARKS.md); a second line gives two
/// threads. <c>--quick</c> uses a fixed slice of 20,000 samples.
/// </summary>
internal static class TrainMlpBenchmark
{
    public const int QuickSamples = 20_000;

    public static void Run(BenchmarkOptions options)
    {
        using var problem = new TrainMlpProblem(options.Quick ? QuickSamples : null);
        string data = problem.Count == 60_000 ? "one full epoch (60,000 samples)" : $"a fixed slice of {problem.Count:N0} samples";
        Console.WriteLine($"# train-mlp: {data}, batch {TrainMlpProblem.Batch}, Fit verbose 0, loss only (no metrics)");
        foreach (int threads in BenchmarkOptions.ThreadCounts)
        {
            TorchReference.SetThreads(threads);
            // An epoch takes about a second: interleaved rounds, best of each, so a burst of load on this shared
            // machine does not land on one contender only.
            (double SamplesPerSecond, double Loss) native = default, torchFit = default, raw = default;
            for (int round = 0; round < Rounds; round++)
            {
                native = Best(native, KerasMlpTraining.Run("native", problem));
                torchFit = Best(torchFit, KerasMlpTraining.Run("torch", problem));
                Backend.Set("native");
                var r = RawTorchMlpTraining.Run(problem);
                raw = Best(raw, r);
                Console.WriteLine($"# round {round + 1} threads={threads} native={F0(native.SamplesPerSecond)} torch={F0(torchFit.SamplesPerSecond)} raw-torchsharp={F0(r.SamplesPerSecond)} (best so far for the first two)");
            }

            string label = threads == 1 ? "train-mlp" : $"train-mlp threads={threads}";
            Console.WriteLine($"# check threads={threads} epoch loss native={F4(native.Loss)} torch={F4(torchFit.Loss)} raw-torchsharp={F4(raw.Loss)}");
            Console.WriteLine($"{label} native={F0(native.SamplesPerSecond)} samples/s torch={F0(torchFit.SamplesPerSecond)} samples/s " +
                              $"raw-torchsharp={F0(raw.SamplesPerSecond)} samples/s");
            Console.WriteLine($"{label} torch/raw={F2(torchFit.SamplesPerSecond / raw.SamplesPerSecond)} " +
                              $"native/raw={F2(native.SamplesPerSecond / raw.SamplesPerSecond)}");
        }
    }

    private const int Rounds = 3;

    private static (double SamplesPerSecond, double Loss) Best((double SamplesPerSecond, double Loss) a, (double SamplesPerSecond, double Loss) b) =>
        b.SamplesPerSecond > a.SamplesPerSecond ? b : a;

    private static string F0(double v) => v.ToString("F0", CultureInfo.InvariantCulture);
    private static string F2(double v) => v.ToString("F2", CultureInfo.InvariantCulture);
    private static string F4(double v) => v.ToString("F4", CultureInfo.InvariantCulture);
}
