using System.Globalization;
using KerasSharp.Callbacks;
using KerasSharp.Layers;
using KerasSharp.Models;

namespace KerasSharp.Benchmarks;

/// <summary>
/// The <c>callbacks</c> subcommand: what the callbacks cost inside <c>Fit</c>. One epoch of the QuickStart MLP on 6,000
/// Fashion-MNIST images (94 batches of 64, native, KS_BENCH_THREADS threads, default 1) with no callback, with the
/// epoch-end set (ModelCheckpoint of the weights, CSVLogger, TensorBoard with histograms, BackupAndRestore), and with
/// BackupAndRestore every 10 batches; interleaved, as ratios of the plain epoch's time (above 1: faster than plain).
/// </summary>
internal static class CallbacksBenchmark
{
    public static void Run(BenchmarkOptions options)
    {
        int threads = BenchmarkOptions.ThreadsFromEnvironment() ?? 1;
        Config.NumThreads = threads;
        Backend.Set("native");
        using var problem = new TrainMlpProblem(options.Quick ? 1_000 : 6_000);
        string dir = Path.Combine(Path.GetTempPath(), $"ks-bench-callbacks-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        try
        {
            Config.SetSeed(1);
            var model = new Sequential([new Input([28, 28]), new Flatten(), new Dense(128, activation: "relu"), new Dropout(0.2), new Dense(10, activation: "softmax")]);
            model.Compile(optimizer: "adam", loss: "sparse_categorical_crossentropy");
            void Epoch(IReadOnlyList<ICallback> callbacks) =>
                model.Fit(problem.X, problem.Y, batchSize: TrainMlpProblem.Batch, epochs: 1, verbose: 0, callbacks: callbacks);
            Action[] calls =
            [
                () => Epoch([]),
                () => Epoch([new ModelCheckpoint(Path.Combine(dir, "w.weights.h5"), saveWeightsOnly: true), new CSVLogger(Path.Combine(dir, "log.csv")),
                             new TensorBoard(Path.Combine(dir, "logs"), histogramFreq: 1), new BackupAndRestore(Path.Combine(dir, "backup"))]),
                () => Epoch([new BackupAndRestore(Path.Combine(dir, "backup10"), saveFreq: 10)]),
            ];
            var (seconds, ratios) = Timing.Interleaved(calls, reference: 0, options);
            string[] names = ["no callbacks", "epoch-end set (checkpoint, CSV, TensorBoard+histograms, backup)", "BackupAndRestore every 10 batches"];
            Console.WriteLine($"# callbacks: one epoch of the QuickStart MLP, {problem.Count:N0} samples, batch {TrainMlpProblem.Batch}, native, threads={threads}");
            for (int i = 0; i < calls.Length; i++)
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{names[i]}: {seconds[i] * 1e3:F1} ms/epoch, ratio={ratios[i]:F3}"));
        }
        finally
        {
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
        }
    }
}
