using System.Diagnostics;
using System.Globalization;
using KerasSharp.Models;
using KerasSharp.ModelZoo;
using TorchSharp;

namespace KerasSharp.Benchmarks;

/// <summary>
/// The <c>zoo</c> subcommand: ResNet-50 and AlexNet inference at batch 1 and 8 (224x224) and a ResNet-18 training
/// step at batch 16 (SGD, cross-entropy), on the native backend and on KerasSharp-on-torch, against TorchVision for
/// .NET running the same weights in the same process (eval mode and no_grad for inference). The three run in
/// interleaved rounds (see <see cref="Timing.Interleaved"/>); prints images/s (medians) and the ratio to TorchVision
/// (median of the rounds' ratios, higher is better); each network's first native Predict is timed before anything else
/// ran (cold: unoptimised JIT code, buffer pools empty) against its warm median. KS_ZOO_FILTER, when set, keeps the
/// networks whose name contains it (<c>resnet50</c>, <c>alexnet</c>, <c>resnet18</c>).
/// </summary>
internal static class ZooBenchmark
{
    public static void Run(BenchmarkOptions options)
    {
        int threads = BenchmarkOptions.ThreadsFromEnvironment() ?? BenchmarkOptions.ThreadCounts.Max();
        TorchReference.SetThreads(threads);
        Console.WriteLine($"# zoo: threads={threads}, images/s; ratio = ours / TorchVision (higher is better); cold = first Predict of the process's first model");
        string filter = Environment.GetEnvironmentVariable("KS_ZOO_FILTER") ?? "";
        if ("resnet50".Contains(filter))
            Inference("resnet50", () => Applications.ResNet50(weights: null, classifierActivation: null), () => torchvision.models.resnet50(), [1, 8], options, cold: true);
        if ("alexnet".Contains(filter))
            Inference("alexnet", () => Applications.AlexNet(weights: null, classifierActivation: null), () => torchvision.models.alexnet(), [1, 8], options, cold: false);
        if ("resnet18".Contains(filter))
            Training("resnet18", () => Applications.ResNet18(weights: null, classifierActivation: null), () => torchvision.models.resnet18(), 16, options);
    }

    private static void Inference(string name, Func<Model> build, Func<torch.nn.Module<torch.Tensor, torch.Tensor>> buildTorchVision, int[] batches,
                                  BenchmarkOptions options, bool cold)
    {
        Backend.Set("native");
        Config.SetSeed(3);
        var native = build();
        foreach (int batch in batches)
        {
            using var x = Ops.RandomUniform([batch, 224, 224, 3], -1, 1, seed: 5);
            if (cold && batch == batches[0])
            {
                var clock = Stopwatch.StartNew();
                using (var _ = native.PredictOnBatch(x)) { }
                double first = clock.Elapsed.TotalSeconds;
                double warm = Time(() => { using var y = native.PredictOnBatch(x); }, options);
                Console.WriteLine($"zoo {name} cold batch={batch} first={F(first * 1000)} ms warm={F(warm * 1000)} ms first/warm={(first / warm).ToString("F2", CultureInfo.InvariantCulture)}");
            }
            var (torchModel, tv) = Replicas(native, build, buildTorchVision);
            using var xt = TorchReference.Copy(x);
            using var xn = TorchReference.Raw(Ops.Transpose(xt, [0, 3, 1, 2])).contiguous();
            var (seconds, ratios) = Timing.Interleaved(
            [
                () => { using var y = native.PredictOnBatch(x); },
                () => { using var y = torchModel.PredictOnBatch(xt); },
                () =>
                {
                    using var scope = torch.NewDisposeScope();
                    using var noGrad = torch.no_grad();
                    tv.forward(xn);
                },
            ], reference: 2, options);
            using (var ours = native.PredictOnBatch(x)) Check(name, "native", ours, tv, xn);
            using (var ours = torchModel.PredictOnBatch(xt)) Check(name, "torch", ours, tv, xn);
            Console.WriteLine($"zoo {name} inference batch={batch} native={F(batch / seconds[0])} torch={F(batch / seconds[1])} torchvision={F(batch / seconds[2])} images/s " +
                              $"native/tv={R(ratios[0])} torch/tv={R(ratios[1])}");
            tv.Dispose();
        }
    }

    private static void Training(string name, Func<Model> build, Func<torch.nn.Module<torch.Tensor, torch.Tensor>> buildTorchVision, int batch, BenchmarkOptions options)
    {
        Backend.Set("native");
        Config.SetSeed(3);
        var native = build();
        var (torchModel, tv) = Replicas(native, build, buildTorchVision);
        native.Compile(new Optimizers.SGD(learningRate: 0.01), new Losses.SparseCategoricalCrossentropy(fromLogits: true));
        torchModel.Compile(new Optimizers.SGD(learningRate: 0.01), new Losses.SparseCategoricalCrossentropy(fromLogits: true));
        using var x = Ops.RandomUniform([batch, 224, 224, 3], -1, 1, seed: 5);
        using var y = Tensor.FromArray(Enumerable.Range(0, batch).Select(i => (long)(i * 37 % 1000)).ToArray());
        using var xt = TorchReference.Copy(x);
        using var yt = TorchReference.Copy(y);
        tv.train();
        var sgd = torch.optim.SGD(tv.parameters(), 0.01);
        using var xn = TorchReference.Raw(Ops.Transpose(xt, [0, 3, 1, 2])).contiguous();
        var yn = TorchReference.Raw(yt);
        var (seconds, ratios) = Timing.Interleaved(
        [
            () => native.TrainOnBatch(x, y),
            () => torchModel.TrainOnBatch(xt, yt),
            () =>
            {
                using var scope = torch.NewDisposeScope();
                sgd.zero_grad();
                var loss = torch.nn.functional.cross_entropy(tv.forward(xn), yn);
                loss.backward();
                sgd.step();
            },
        ], reference: 2, options);
        Console.WriteLine($"zoo {name} train-step batch={batch} native={F(batch / seconds[0])} torch={F(batch / seconds[1])} torchvision={F(batch / seconds[2])} images/s " +
                          $"native/tv={R(ratios[0])} torch/tv={R(ratios[1])}");
    }

    // The same weights on the torch backend (our model) and in TorchVision's module (torchvision's names and layouts).
    private static (Model Torch, torch.nn.Module<torch.Tensor, torch.Tensor> TorchVision) Replicas(Model native, Func<Model> build,
                                                                                                    Func<torch.nn.Module<torch.Tensor, torch.Tensor>> buildTorchVision)
    {
        Backend.Set("torch");
        var onTorch = build();
        onTorch.LoadStateDict(native.StateDict());
        Backend.Set("native");
        var tv = buildTorchVision();
        var state = TorchVisionWeights.Export(native);
        var raw = state.ToDictionary(kv => kv.Key, kv => TorchReference.Raw(TorchReference.Copy(kv.Value)));
        tv.load_state_dict(raw, strict: false);
        tv.eval();
        return (onTorch, tv);
    }

    // The two implementations compute the same logits (a wrong weight layout would show here, not as a speed-up).
    private static void Check(string name, string backend, Tensor ours, torch.nn.Module<torch.Tensor, torch.Tensor> tv, torch.Tensor x)
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var theirs = tv.forward(x).data<float>().ToArray();
        var mine = ours.ToArray<float>();
        double worst = 0, scale = theirs.Max(v => Math.Abs(v));
        for (int i = 0; i < mine.Length; i++) worst = Math.Max(worst, Math.Abs(mine[i] - theirs[i]) / scale);
        Console.WriteLine($"# check {name} {backend}: largest logit difference {worst:G3} of the largest logit{(worst > 1e-3 ? " (MISMATCH)" : "")}");
    }

    private static double Time(Action call, BenchmarkOptions options) => Timing.MedianSecondsPerCall(call, options);

    private static string F(double v) => v.ToString(v < 100 ? "F1" : "F0", CultureInfo.InvariantCulture);

    private static string R(double v) => v.ToString("F2", CultureInfo.InvariantCulture);
}
