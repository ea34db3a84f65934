using System.Diagnostics;
using KerasSharp.Models;
using KerasSharp.ModelZoo;
using TorchSharp;

namespace KerasSharp.Benchmarks;

/// <summary>
/// The <c>zoo-profile</c> subcommand: the ResNet-18 training step of <c>zoo</c> (batch 16, SGD, cross-entropy) split
/// into forward-with-tape (with the loss), backward and optimizer update, on native, on KerasSharp-on-torch and in
/// TorchVision (forward, backward, step). KERASSHARP_PROFILE_BACKENDS picks among native, torch and tv (default all
/// three); KS_PROFILE_STEPS sets how many timed steps (default 5). For finding where the step's time goes; compare
/// within one run only.
/// </summary>
internal static class ZooProfile
{
    private const int Batch = 16;

    public static void Run(BenchmarkOptions options)
    {
        int threads = BenchmarkOptions.ThreadsFromEnvironment() ?? BenchmarkOptions.ThreadCounts.Max();
        TorchReference.SetThreads(threads);
        int reps = int.TryParse(Environment.GetEnvironmentVariable("KS_PROFILE_STEPS"), out var s) ? s : options.Quick ? 2 : 5;
        var backends = (Environment.GetEnvironmentVariable("KERASSHARP_PROFILE_BACKENDS") ?? "native,torch,tv").Split(',');
        Console.WriteLine($"# zoo-profile: ResNet-18 training step, batch {Batch}, threads={threads}, ms (median of {reps})");
        foreach (var name in backends.Where(n => n != "tv"))
        {
            Backend.Set(name);
            Config.SetSeed(3);
            var model = Applications.ResNet18(weights: null, classifierActivation: null);
            model.Compile(new Optimizers.SGD(learningRate: 0.01), new Losses.SparseCategoricalCrossentropy(fromLogits: true));
            using var x = Ops.RandomUniform([Batch, 224, 224, 3], -1, 1, seed: 5);
            using var y = Tensor.FromArray(Enumerable.Range(0, Batch).Select(i => (long)(i * 37 % 1000)).ToArray());
            var f = new List<double>(); var b = new List<double>(); var u = new List<double>(); var all = new List<double>();
            for (int r = 0; r < reps + 2; r++)
            {
                var clock = Stopwatch.StartNew();
                using (new TensorScope())
                {
                    Tensor?[] grads;
                    IReadOnlyList<Variable> weights;
                    double t0, t1;
                    using (var tape = new GradientTape())
                    {
                        var pred = model.Forward([x], training: true);
                        var loss = model.ComputeLoss([y], pred, null);
                        _ = loss.Item<double>();
                        t0 = clock.Elapsed.TotalMilliseconds;
                        weights = model.TrainableWeights;
                        grads = tape.Gradient(loss, weights);
                        _ = grads[0]!.ToArray<float>()[0];
                        t1 = clock.Elapsed.TotalMilliseconds;
                    }
                    model.Optimizer!.ApplyGradients(grads, weights);
                    _ = weights[0].ToArray<float>()[0];
                    double t2 = clock.Elapsed.TotalMilliseconds;
                    if (r >= 2) { f.Add(t0); b.Add(t1 - t0); u.Add(t2 - t1); }
                }
                if (r >= 2) all.Add(clock.Elapsed.TotalMilliseconds);
            }
            Console.WriteLine($"{name}: forward {Timing.MedianF1(f)} backward {Timing.MedianF1(b)} update {Timing.MedianF1(u)} step-with-scope {Timing.MedianF1(all)}");
        }
        Backend.Set("native");
        if (backends.Contains("tv")) TorchVisionSplit(reps);
    }

    private static void TorchVisionSplit(int reps)
    {
        var tv = torchvision.models.resnet18();
        tv.train();
        var sgd = torch.optim.SGD(tv.parameters(), 0.01);
        var x = torch.rand(Batch, 3, 224, 224) * 2 - 1;
        var y = torch.tensor(Enumerable.Range(0, Batch).Select(i => (long)(i * 37 % 1000)).ToArray());
        var f = new List<double>(); var b = new List<double>(); var u = new List<double>();
        for (int r = 0; r < reps + 2; r++)
        {
            using var scope = torch.NewDisposeScope();
            var clock = Stopwatch.StartNew();
            sgd.zero_grad();
            var loss = torch.nn.functional.cross_entropy(tv.forward(x), y);
            _ = loss.item<float>();
            double t0 = clock.Elapsed.TotalMilliseconds;
            loss.backward();
            double t1 = clock.Elapsed.TotalMilliseconds;
            sgd.step();
            double t2 = clock.Elapsed.TotalMilliseconds;
            if (r >= 2) { f.Add(t0); b.Add(t1 - t0); u.Add(t2 - t1); }
        }
        Console.WriteLine($"torchvision: forward {Timing.MedianF1(f)} backward {Timing.MedianF1(b)} update {Timing.MedianF1(u)}");
    }
}
