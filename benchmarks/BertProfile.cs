using System.Diagnostics;
using KerasSharp.Models;
using KerasSharp.ModelZoo;
using TorchSharp;

namespace KerasSharp.Benchmarks;

/// <summary>
/// The <c>bert-profile</c> subcommand: a BERT-base-wide encoder with few layers (KERASSHARP_BERT_LAYERS, default 2),
/// one SGD fine-tuning step at batch 8 split into forward-with-tape, backward and optimizer update, per backend.
/// KERASSHARP_PROFILE_BACKENDS picks among native, torch and raw (raw TorchSharp; default all three). Prints per-step
/// native buffer-pool hits and misses and GC counts too (KERASSHARP_POOL_MB sets the pool's cap). For finding where the training step's time goes; ratios
/// within one run only.
/// </summary>
internal static class BertProfile
{
    public static void Run(BenchmarkOptions options)
    {
        int threads = BenchmarkOptions.ThreadsFromEnvironment() ?? BenchmarkOptions.ThreadCounts.Max();
        TorchReference.SetThreads(threads);
        int layers = int.TryParse(Environment.GetEnvironmentVariable("KERASSHARP_BERT_LAYERS"), out var l) ? l : 2;
        int reps = options.Quick ? 2 : 5;
        if (long.TryParse(Environment.GetEnvironmentVariable("KERASSHARP_POOL_MB"), out var poolMb)) Backends.Native.NativeBufferPool.MaxRetainedBytes = poolMb << 20;
        var config = new BertConfig { NumHiddenLayers = layers };
        Console.WriteLine($"# bert-profile: {layers} layers, batch 8, 128 tokens, threads={threads}, ms (median of {reps})");
        foreach (var name in (Environment.GetEnvironmentVariable("KERASSHARP_PROFILE_BACKENDS") ?? "native,torch,raw").Split(',').Where(n => n != "raw"))
        {
            Backend.Set(name);
            Config.SetSeed(7);
            var model = Bert.ForSequenceClassification(new BertModel(config), 2);
            model.Compile(new Optimizers.SGD(learningRate: 1e-3), new Losses.SparseCategoricalCrossentropy(fromLogits: true));
            using var ids = Ops.Cast(Ops.RandomUniform([8, 128], 1000, 29000, seed: 3), DType.Int64);
            using var mask = Ops.OnesLike(ids);
            using var types = Ops.ZerosLike(ids);
            using var labels = Tensor.FromArray(Enumerable.Range(0, 8).Select(i => (long)(i % 2)).ToArray());
            var f = new List<double>(); var b = new List<double>(); var u = new List<double>(); var all = new List<double>();
            for (int r = 0; r < reps + 2; r++)
            {
                long h0 = Backends.Native.NativeBufferPool.Hits, m0 = Backends.Native.NativeBufferPool.Misses;
                int g0 = GC.CollectionCount(2), g1 = GC.CollectionCount(1);
                var clock = Stopwatch.StartNew();
                using (new TensorScope())
                {
                    Tensor?[] grads;
                    IReadOnlyList<Variable> weights;
                    double t0, t1;
                    using (var tape = new GradientTape())
                    {
                        var pred = model.Forward([ids, mask, types], training: true);
                        var loss = model.ComputeLoss([labels], pred, null);
                        _ = loss.Item<double>();
                        t0 = clock.Elapsed.TotalMilliseconds;
                        weights = model.TrainableWeights;
                        grads = tape.Gradient(loss, weights);
                        t1 = clock.Elapsed.TotalMilliseconds;
                    }
                    model.Optimizer!.ApplyGradients(grads, weights);
                    double t2 = clock.Elapsed.TotalMilliseconds;
                    if (r >= 2) { f.Add(t0); b.Add(t1 - t0); u.Add(t2 - t1); }
                }
                if (r >= 2) all.Add(clock.Elapsed.TotalMilliseconds);
                Console.WriteLine($"  step {r}: {clock.Elapsed.TotalMilliseconds:F0} ms, native pool hits {Backends.Native.NativeBufferPool.Hits - h0} " +
                                  $"misses {Backends.Native.NativeBufferPool.Misses - m0} retained {Backends.Native.NativeBufferPool.RetainedBytes >> 20} MB, " +
                                  $"gen2 {GC.CollectionCount(2) - g0} gen1 {GC.CollectionCount(1) - g1} GCs, heap {GC.GetTotalMemory(false) >> 20} MB");
            }
            Console.WriteLine($"{name}: forward {Timing.MedianF1(f)} backward {Timing.MedianF1(b)} update {Timing.MedianF1(u)} step-with-scope {Timing.MedianF1(all)}");
        }
        Backend.Set("native");
        if ((Environment.GetEnvironmentVariable("KERASSHARP_PROFILE_BACKENDS") ?? "raw").Contains("raw")) RawSplit(config, reps);
    }

    private static void RawSplit(BertConfig config, int reps)
    {
        Config.SetSeed(7);
        var native = new BertModel(config);
        var raw = BertBenchmark.RawBert.From(native, requiresGrad: true);
        var head = new TorchSharp.Modules.Parameter(torch.randn(2, config.HiddenSize));
        var sgd = torch.optim.SGD([.. raw.Parameters, head], 1e-3);
        using var ids = Ops.Cast(Ops.RandomUniform([8, 128], 1000, 29000, seed: 3), DType.Int64);
        var idsRaw = TorchReference.Raw(TorchReference.Copy(ids));
        var labels = torch.tensor(Enumerable.Range(0, 8).Select(i => (long)(i % 2)).ToArray());
        var f = new List<double>(); var b = new List<double>(); var u = new List<double>();
        for (int r = 0; r < reps + 2; r++)
        {
            using var scope = torch.NewDisposeScope();
            var clock = Stopwatch.StartNew();
            sgd.zero_grad();
            var (_, pooled) = raw.Forward(idsRaw, dropout: config.HiddenDropoutProb);
            var loss = torch.nn.functional.cross_entropy(torch.nn.functional.linear(pooled, head), labels);
            double t0 = clock.Elapsed.TotalMilliseconds;
            loss.backward();
            double t1 = clock.Elapsed.TotalMilliseconds;
            sgd.step();
            double t2 = clock.Elapsed.TotalMilliseconds;
            if (r >= 2) { f.Add(t0); b.Add(t1 - t0); u.Add(t2 - t1); }
        }
        Console.WriteLine($"raw-torchsharp: forward {Timing.MedianF1(f)} backward {Timing.MedianF1(b)} update {Timing.MedianF1(u)}");
    }
}
