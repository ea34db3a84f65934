using KerasSharp.Onnx;
namespace KerasSharp.ModelZoo.Tests.Onnx;

/// <summary>Every supported operator, imported from a hand-built graph, gives ONNX Runtime's outputs on both backends.</summary>
[TestClass]
public sealed class OnnxOperatorTests
{
    [TestCleanup]
    public void RestoreBackend() => Backend.Set("native");

    public static IEnumerable<object[]> Cases() =>
        OnnxOperatorCases.All().SelectMany(c => new[] { new object[] { c.Name, "native" }, new object[] { c.Name, "torch" } });

    [TestMethod]
    [DynamicData(nameof(Cases))]
    public void MatchesOnnxRuntime(string name, string backend)
    {
        Backend.Set(backend);
        var c = OnnxOperatorCases.All().Single(k => k.Name == name);
        OnnxCompare.AssertMatches(c.Graph, c.Feeds, c.Tolerance, name);
    }

    [TestMethod]
    public void EverySupportedOperatorHasACase()
    {
        var covered = OnnxOperatorCases.All().SelectMany(c => c.Graph.Graph.Node.Select(n => n.OpType)).ToHashSet();
        var extra = new[] { "Exp", "Log", "Abs", "Greater", "Less", "Not", "GlobalMaxPool", "ReduceMax", "ReduceMin", "Range" };
        var missing = OnnxModel.SupportedOperators.Where(op => !covered.Contains(op) && !extra.Contains(op)).ToList();
        Assert.IsEmpty(missing, $"operators without a case: {string.Join(", ", missing)}");
    }

    [TestMethod]
    [DataRow("Shape/Gather/Unsqueeze/Concat/Reshape with a free batch (opset 13)")]
    [DataRow("Shape with start and end, ConstantOfShape at run time (opset 15)")]
    [DataRow("AveragePool pads excluded")]
    public void AModelImportedOnTorch_RunsThereWhateverTheCurrentBackend(string name)
    {
        // Constants and shapes made while running go to the inputs' backend, not to the current one.
        var c = OnnxOperatorCases.All().Single(k => k.Name == name);
        Backend.Set("torch");
        var model = OnnxModel.Load(c.Graph.Bytes(), "test.onnx");
        var inputs = c.Feeds.Select(f => f.ToTensor()).ToArray();
        var expected = model.ApplyAll(inputs)[0].ToArray<float>();
        Backend.Set("native");
        var output = model.ApplyAll(inputs)[0];
        Assert.AreEqual("torch", output.Backend.Name);
        CollectionAssert.AreEqual(expected, output.ToArray<float>());
    }

    [TestMethod]
    [DataRow("native", 13)]
    [DataRow("torch", 17)]
    public void PyTorchsSpelledOutGelu_IsFusedIntoOneGelu(string backend, int opset)
    {
        Backend.Set(backend);
        // x * 0.5 * (1 + erf(x / sqrt 2)) as torch.onnx.export writes it, on a Linear's output.
        var g = new OnnxGraph(opset).Input("x", OnnxGraph.Float, null, 3, 4).Init("w", Enumerable.Range(0, 16).Select(i => (i - 8) * 0.15f).ToArray(), [4, 4])
            .Node("MatMul", ["x", "w"], ["h"])
            .Node("Constant", [], ["sqrt2"], OnnxGraph.TensorAttr("value", OnnxGraph.FloatTensor([1.4142135f])))
            .Init("one", [1f], []).Init("half", [0.5f], [])
            .Node("Div", ["h", "sqrt2"], ["d"]).Node("Erf", ["d"], ["e"]).Node("Add", ["e", "one"], ["a"])
            .Node("Mul", ["h", "a"], ["m"]).Node("Mul", ["m", "half"], ["y"]).Output("y");
        var model = OnnxCompare.AssertMatches(g, [Feed.F("x", 3, 2, 3, 4)], 1e-5, "spelled-out GELU");
        var ops = model.Layers.OfType<OnnxNode>().Select(l => l.OpType).ToArray();
        CollectionAssert.AreEqual(new[] { "MatMul", "Gelu" }, ops);

        // A chain whose intermediate value is also an output stays as it is.
        g.Output("e");
        var unfused = OnnxCompare.AssertMatches(g, [Feed.F("x", 3, 2, 3, 4)], 1e-5, "GELU with a used intermediate");
        CollectionAssert.Contains(unfused.Layers.OfType<OnnxNode>().Select(l => l.OpType).ToArray(), "Erf");
    }

    [TestMethod]
    public void EveryCase_SavesAndLoads_WithTheSameOutputs()
    {
        // Attributes, constants in the config, weights and output shapes survive model.Save / Model.Load.
        var dir = Path.Combine(Path.GetTempPath(), $"ks-onnx-cases-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        try
        {
            int k = 0;
            foreach (var c in OnnxOperatorCases.All())
            {
                var model = OnnxModel.Load(c.Graph.Bytes(), "case.onnx");
                var inputs = c.Feeds.Select(f => f.ToTensor()).ToArray();
                var expected = model.ApplyAll(inputs);
                string path = Path.Combine(dir, $"case{k++}.keras");
                model.Save(path);
                var loaded = KerasSharp.Models.Model.Load(path);
                var actual = loaded.ApplyAll(inputs);
                for (int o = 0; o < expected.Length; o++)
                    CollectionAssert.AreEqual(expected[o].ToArray<double>(), actual[o].ToArray<double>(), $"{c.Name}: output {o} after Save/Load");
            }
        }
        finally { Directory.Delete(dir, recursive: true); }
    }
}
