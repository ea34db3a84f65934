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
}
