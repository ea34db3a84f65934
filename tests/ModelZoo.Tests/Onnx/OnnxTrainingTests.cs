using KerasSharp.Models;
using KerasSharp.Onnx;
using static KerasSharp.ModelZoo.Tests.Onnx.OnnxGraph;

namespace KerasSharp.ModelZoo.Tests.Onnx;

/// <summary>Imported weights are Variables: training moves them and lowers the loss; models save and load like any other.</summary>
[TestClass]
public sealed class OnnxTrainingTests
{
    [TestCleanup]
    public void RestoreBackend() => Backend.Set("native");

    private static float[] R(int seed, int n, double scale = 0.5)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, n).Select(_ => (float)((rng.NextDouble() * 2 - 1) * scale)).ToArray();
    }

    // x [N, 1, 6, 6] -> Conv(2, 3x3, pad 1) -> BatchNormalization -> Relu -> Flatten -> MatMul [72, 3] -> Add -> Softmax.
    internal static OnnxGraph SmallCnn(int opset = 13) => new OnnxGraph(opset).Input("x", Float, null, 1, 6, 6)
        .Init("conv.weight", R(1, 2 * 9), [2, 1, 3, 3]).Init("conv.bias", R(2, 2), [2])
        .Init("bn.scale", [1.2f, 0.8f], [2]).Init("bn.bias", [0.1f, -0.1f], [2]).Init("bn.mean", [0.05f, -0.02f], [2]).Init("bn.var", [0.9f, 1.1f], [2])
        .Init("fc.weight", R(3, 72 * 3), [72, 3], raw: true).Init("fc.bias", R(4, 3), [3])
        .Node("Conv", ["x", "conv.weight", "conv.bias"], ["c"], Ints("kernel_shape", 3, 3), Ints("pads", 1, 1, 1, 1))
        .Node("BatchNormalization", ["c", "bn.scale", "bn.bias", "bn.mean", "bn.var"], ["b"])
        .Node("Relu", ["b"], ["r"]).Node("Flatten", ["r"], ["f"])
        .Node("MatMul", ["f", "fc.weight"], ["m"]).Node("Add", ["m", "fc.bias"], ["logits"])
        .Node("Softmax", ["logits"], ["probs"], Int("axis", 1)).Output("probs");

    [TestMethod]
    [DataRow("native")]
    [DataRow("torch")]
    public void FineTuning_ChangesTheImportedWeights_AndLowersTheLoss(string backend)
    {
        Backend.Set(backend);
        Config.SetSeed(3);
        var model = OnnxModel.Load(SmallCnn().Bytes(), "cnn.onnx");
        CollectionAssert.AreEquivalent(new[] { "conv.weight", "conv.bias", "bn.scale", "bn.bias", "fc.weight", "fc.bias" },
            model.TrainableWeights.Select(w => w.Name.Split('/')[^1]).ToArray());
        var x = Ops.RandomNormal([16, 1, 6, 6], seed: 4);
        var y = Tensor.FromArray(Enumerable.Range(0, 16).Select(i => (long)(i % 3)).ToArray(), 16);
        var before = model.StateDict().ToDictionary(kv => kv.Key, kv => kv.Value.ToArray<float>());
        model.Compile(optimizer: "adam", loss: "sparse_categorical_crossentropy");
        double first = model.Evaluate(x, y, verbose: 0)["loss"];
        model.Fit(x, y, batchSize: 8, epochs: 15, verbose: 0, shuffle: false);
        double last = model.Evaluate(x, y, verbose: 0)["loss"];
        Assert.IsLessThan(first * 0.8, last, $"{backend}: loss {first} -> {last}");
        var after = model.StateDict();
        foreach (var key in before.Keys)
        {
            bool changed = !before[key].SequenceEqual(after[key].ToArray<float>());
            bool statistic = key.EndsWith("bn.mean", StringComparison.Ordinal) || key.EndsWith("bn.var", StringComparison.Ordinal);
            Assert.AreEqual(!statistic, changed, $"{backend}: {key} {(changed ? "changed" : "did not change")}");
        }
    }

    [TestMethod]
    public void ImportedModel_SavesAndLoads_WithTheSameWeightsAndPredictions()
    {
        var dir = Path.Combine(Path.GetTempPath(), $"ks-onnx-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        try
        {
            var model = OnnxModel.Load(SmallCnn().Bytes(), "cnn.onnx");
            var x = Ops.RandomNormal([4, 1, 6, 6], seed: 5);
            var expected = model.Predict(x).ToArray<float>();
            string path = Path.Combine(dir, "cnn.keras");
            model.Save(path);
            var loaded = Model.Load(path);
            CollectionAssert.AreEqual(model.StateDict().Keys.ToArray(), loaded.StateDict().Keys.ToArray());
            CollectionAssert.AreEqual(expected, loaded.Predict(x).ToArray<float>());
            Assert.IsInstanceOfType<OnnxNode>(loaded.Layers.First(l => l is OnnxNode { OpType: "Conv" }));

            string weights = Path.Combine(dir, "cnn.weights.h5");
            model.SaveWeights(weights);
            var fresh = OnnxModel.Load(SmallCnn().Bytes(), "cnn.onnx");
            foreach (var w in fresh.TrainableWeights) w.Assign(Ops.ZerosLike(w));
            fresh.LoadWeights(weights);
            CollectionAssert.AreEqual(expected, fresh.Predict(x).ToArray<float>());
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [TestMethod]
    public void SharedInitializer_IsOneVariable()
    {
        // Two MatMuls read the same weight (tied weights): one Variable, trained once.
        var graph = new OnnxGraph().Input("x", Float, null, 3).Init("w", R(6, 9), [3, 3])
            .Node("MatMul", ["x", "w"], ["h"]).Node("MatMul", ["h", "w"], ["y"]).Output("y");
        var model = OnnxCompare.AssertMatches(graph, [Feed.F("x", 7, 2, 3)], 1e-5, "tied weights");
        Assert.HasCount(1, model.TrainableWeights);
        Assert.IsInstanceOfType<OnnxInitializer>(model.Layers.Single(l => l.Weights.Count == 1));
    }
}
