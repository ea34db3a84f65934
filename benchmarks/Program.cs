using KerasSharp.Benchmarks;

// Entry point: `dotnet run -c Release --project benchmarks -- <subcommand> [--quick]`.
var subcommands = new Dictionary<string, (string Summary, Action<BenchmarkOptions> Run)>
{
    ["gemm"] = ("float32 matrix multiply, n = 256..2048, threads = 1 and 2, in GFLOP/s", GemmBenchmark.Run),
    ["ops"] = ("elementwise and reduction throughput in GB/s, small ops in us per call", OpsBenchmark.Run),
    ["autodiff"] = ("one MLP training step: our tape on native and on torch, and libtorch autograd, in us", AutodiffBenchmark.Run),
    ["conv"] = ("conv2d forward and forward+backward, FashionCnn and ResNet-50 shapes, native vs torch, in us", ConvBenchmark.Run),
    ["train-cnn"] = ("the FashionCnn model trained with Fit on 2,000 samples, native vs torch, in samples/s", TrainCnnBenchmark.Run),
    ["train-mlp"] = ("one epoch of the QuickStart MLP: Fit on native and torch vs a raw TorchSharp loop, in samples/s", TrainMlpBenchmark.Run),
    ["zoo"] = ("ResNet-50 and AlexNet inference, a ResNet-18 training step: native and torch vs TorchVision for .NET, in images/s", ZooBenchmark.Run),
    ["cold"] = ("each hot op's and two models' first call in a fresh process vs warm, native and torch, in ms", ColdBenchmark.Run),
    ["bert"] = ("BERT-base forward (batch 1 and 8, 128 tokens) and a fine-tuning step: native and torch vs raw TorchSharp, in sequences/s", BertBenchmark.Run),
    ["zoo-profile"] = ("the ResNet-18 training step of zoo split into forward, backward and update: native, torch and TorchVision, in ms", ZooProfile.Run),
    ["bert-profile"] = ("a BERT-base-wide encoder (KERASSHARP_BERT_LAYERS, default 2): the fine-tuning step split into forward, backward and update, in ms", BertProfile.Run),
    ["onnx"] = ("imported ONNX models (ML.NET ResNet-18, MiniLM) at batch 1 and 8: native and torch vs ONNX Runtime (CPU, all/basic/no graph optimisations), in items/s", OnnxBenchmark.Run),
    ["callbacks"] = ("one epoch of the QuickStart MLP with and without the checkpointing and logging callbacks, native, as ratios", CallbacksBenchmark.Run),
    ["input"] = ("a JPEG folder through ImageDatasetFromDirectory vs a sequential ImageSharp loop in images/s; QuickStart Fit from a Dataset vs from tensors in samples/s", InputBenchmark.Run),
    ["rnn"] = ("LSTM and GRU, 256 units, 100 steps, batch 64, forward and forward+backward: native and torch vs TorchSharp's nn.LSTM/nn.GRU, in ms", RnnBenchmark.Run),
    ["rnn-profile"] = ("the native fused recurrence of the rnn case split into phases (projection, recurrent GEMMs, gate passes, backward) beside libtorch's matrix products, in ms", RnnProfile.Run),
    ["save"] = ("a 25M-parameter model saved and loaded as .keras, .weights.h5 and .safetensors vs TorchSharp's save/load, in MB/s", SaveBenchmark.Run),
};

var name = args.FirstOrDefault(a => !a.StartsWith('-'));
var flags = args.Where(a => a.StartsWith('-')).ToList();

if (flags.Contains("--help") || flags.Contains("-h") || args.Length == 0)
{
    PrintUsage();
    return 0;
}

var unknownFlags = flags.Where(f => f != "--quick").ToList();
if (unknownFlags.Count > 0)
{
    Console.Error.WriteLine($"error: unknown option {string.Join(", ", unknownFlags)}");
    PrintUsage(Console.Error);
    return 2;
}
if (name == ColdBenchmark.ChildCommand)
{
    // a child process of `cold`: cold-case <index> <backend>
    var rest = args.Where(a => !a.StartsWith('-')).Skip(1).ToArray();
    ColdBenchmark.RunChild(int.Parse(rest[0], System.Globalization.CultureInfo.InvariantCulture), rest[1], new BenchmarkOptions(Quick: flags.Contains("--quick")));
    return 0;
}
if (name is null || !subcommands.TryGetValue(name, out var subcommand))
{
    Console.Error.WriteLine(name is null ? "error: no subcommand given" : $"error: unknown subcommand '{name}'");
    PrintUsage(Console.Error);
    return 2;
}

subcommand.Run(new BenchmarkOptions(Quick: flags.Contains("--quick")));
return 0;

void PrintUsage(TextWriter? writer = null)
{
    writer ??= Console.Out;
    writer.WriteLine("usage: dotnet run -c Release --project benchmarks -- <subcommand> [--quick]");
    writer.WriteLine();
    writer.WriteLine("subcommands:");
    foreach (var (key, value) in subcommands) writer.WriteLine($"  {key,-10} {value.Summary}");
    writer.WriteLine();
    writer.WriteLine("options:");
    writer.WriteLine("  --quick  fewer repetitions (a smoke test, not a measurement)");
}
