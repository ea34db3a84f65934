using KerasSharp.Models;
using KerasSharp.Onnx;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace KerasSharp.ModelZoo.Tests.Onnx;

/// <summary>
/// Runs exported files in ONNX Runtime and compares them with <c>Predict</c>: every element within
/// <see cref="Atol"/> + <see cref="Rtol"/>·|expected| (1e-5 each), shapes equal.
/// </summary>
internal static class OnnxExportRuntime
{
    public const double Atol = 1e-5, Rtol = 1e-5;

    /// <summary>Runs <paramref name="path"/> on named inputs; returns each graph output's values and shape, in the graph's output order.</summary>
    public static (float[] Values, long[] Shape)[] Run(string path, IReadOnlyList<(string Name, Tensor Value)> inputs)
    {
        using var options = new SessionOptions { IntraOpNumThreads = 1, GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
        using var session = new InferenceSession(path, options);
        var feeds = inputs.Select(i => ToOrt(i.Name, i.Value)).ToList();
        using var results = session.Run(feeds);
        var byName = results.ToDictionary(r => r.Name, r => r);
        return [.. session.OutputMetadata.Keys.Select(name =>
        {
            var t = byName[name].AsTensor<float>();
            return (t.ToArray(), t.Dimensions.ToArray().Select(d => (long)d).ToArray());
        })];
    }

    private static NamedOnnxValue ToOrt(string name, Tensor value)
    {
        int[] dims = value.Shape.Dims.ToArray();
        return value.DType switch
        {
            DType.Float32 => NamedOnnxValue.CreateFromTensor(name, new DenseTensor<float>(value.ToArray<float>(), dims)),
            DType.Int64 => NamedOnnxValue.CreateFromTensor(name, new DenseTensor<long>(value.ToArray<long>(), dims)),
            DType.Int32 => NamedOnnxValue.CreateFromTensor(name, new DenseTensor<int>(value.ToArray<int>(), dims)),
            DType.Bool => NamedOnnxValue.CreateFromTensor(name, new DenseTensor<bool>(value.ToArray<bool>(), dims)),
            _ => throw new ArgumentException($"no ONNX Runtime input for {value.DType}"),
        };
    }

    /// <summary>Exports <paramref name="model"/> once and checks ONNX Runtime against Predict on each batch of inputs (same file: dynamic batch).</summary>
    public static void AssertMatches(Model model, string id, IReadOnlyList<Tensor[]> batches, int opset = 17)
    {
        var path = Path.Combine(Path.GetTempPath(), $"ks-onnx-{id}-{Guid.NewGuid():N}.onnx");
        try
        {
            model.ExportOnnx(path, opset);
            foreach (var inputs in batches) AssertSame(model, path, id, inputs);
        }
        finally { File.Delete(path); }
    }

    /// <summary>ONNX Runtime's outputs of <paramref name="path"/> against the model's Predict on the same inputs.</summary>
    public static void AssertSame(Model model, string path, string id, Tensor[] inputs)
    {
        var expected = model.PredictAll(inputs, batchSize: 64);
        var named = model.Inputs.Select((t, i) => (t.Name, inputs[i])).ToList();
        var actual = Run(path, named);
        Assert.HasCount(expected.Length, actual, $"{id}: output count");
        for (int o = 0; o < expected.Length; o++)
        {
            var want = expected[o].ToArray<float>();
            CollectionAssert.AreEqual(expected[o].Shape.Dims.ToArray().Select(d => (long)d).ToArray(), actual[o].Shape,
                                      $"{id}: output {o} shape (batch {inputs[0].Shape[0]})");
            double worst = 0;
            int at = -1;
            for (int i = 0; i < want.Length; i++)
            {
                double excess = Math.Abs(want[i] - actual[o].Values[i]) - (Atol + Rtol * Math.Abs(want[i]));
                if (!(excess <= worst) ) { worst = double.IsNaN(excess) ? double.PositiveInfinity : excess; at = i; }
            }
            Assert.IsTrue(at < 0, $"{id}: output {o} (batch {inputs[0].Shape[0]}) element {at}: Predict {(at < 0 ? 0 : want[at])}, ONNX Runtime {(at < 0 ? 0 : actual[o].Values[at])}");
        }
    }

    /// <summary>
    /// Every weight of the model (or those <paramref name="which"/> picks) set to seeded values: uniform in ±0.6,
    /// variances in [0.5, 1.5], so no weight keeps its default.
    /// </summary>
    public static void Randomize(Model model, int seed = 7, Func<string, bool>? which = null)
    {
        var random = new Random(seed);
        var dict = new Dictionary<string, Tensor>();
        foreach (var (key, value) in model.StateDict())
        {
            if (which is not null && !which(key)) { dict[key] = value; continue; }
            var data = new float[value.Size];
            bool positive = key.EndsWith("variance", StringComparison.Ordinal);
            bool scale = key.EndsWith("gamma", StringComparison.Ordinal);
            for (int i = 0; i < data.Length; i++)
                data[i] = positive ? 0.5f + (float)random.NextDouble() : scale ? 0.7f + 0.6f * (float)random.NextDouble() : (float)(random.NextDouble() * 1.2 - 0.6);
            dict[key] = Tensor.FromArray(data, value.Shape.Dims.ToArray());
        }
        model.LoadStateDict(dict);
    }
}
