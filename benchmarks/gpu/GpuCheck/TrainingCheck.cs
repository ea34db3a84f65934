using System.Diagnostics;
using KerasSharp.Benchmarks;
using KerasSharp.Layers;
using KerasSharp.Models;

namespace KerasSharp.GpuCheck;

/// <summary>
/// Training-step speed of the QuickStart MLP and the FashionCnn model through Fit (batch 64, Adam, sparse
/// categorical cross-entropy, accuracy metric) on synthetic data of Fashion-MNIST's shapes, on Device.Default
/// (run.sh sets KERASSHARP_DEVICE=cuda:0), against the same models in PyTorch eager (peer.py). One untimed epoch
/// warms up (JIT, kernel compilation, allocator caches). Prints samples/s and the ratio to torch.
/// </summary>
internal static class TrainingCheck
{
    private const int Batch = 64;

    public static void Run(Peer peer, bool quick)
    {
        Console.WriteLine($"training on Device.Default = {Device.Default} (backend {Backend.Current.Name})");
        Step("mlp", quick ? 640 : 64 * 300, Mlp, [28, 28], peer);
        Step("cnn", quick ? 128 : 64 * 100, FashionCnnModel.Build, [28, 28, 1], peer);
    }

    private static void Step(string name, int samples, Func<Sequential> build, int[] inputShape, Peer peer)
    {
        try
        {
            Config.SetSeed(42);
            var rng = new Random(7);
            var xs = new float[samples * inputShape.Aggregate(1, (a, b) => a * b)];
            for (int i = 0; i < xs.Length; i++) xs[i] = (float)rng.NextDouble();
            var ys = Enumerable.Range(0, samples).Select(_ => (long)rng.Next(10)).ToArray();
            using var x = Tensor.FromArray(xs, [samples, .. inputShape]);
            using var y = Tensor.FromArray(ys, samples);
            var model = build();
            model.Compile(optimizer: "adam", loss: "sparse_categorical_crossentropy", metrics: ["accuracy"]);
            model.Fit(x, y, batchSize: Batch, epochs: 1, verbose: 0);
            var clock = Stopwatch.StartNew();
            var history = model.Fit(x, y, batchSize: Batch, epochs: 1, verbose: 0);
            double rate = samples / clock.Elapsed.TotalSeconds;
            Console.WriteLine($"train {name}: {Peer.F(rate)} samples/s on {x.Device} (loss {history["loss"][^1]:F3}); {peer.Ratio($"train_{name}_sps", rate)} (goal >= 1.0)");
        }
        catch (Exception e) when (e is NotSupportedException or InvalidOperationException or ArgumentException)
        {
            Console.WriteLine($"train {name}: not runnable here ({e.GetType().Name}: {e.Message})");
        }
    }

    /// <summary>samples/QuickStart's model.</summary>
    private static Sequential Mlp() => new(
    [
        new Input(shape: [28, 28]),
        new Flatten(),
        new Dense(128, activation: "relu"),
        new Dropout(0.2),
        new Dense(10, activation: "softmax"),
    ]);
}
