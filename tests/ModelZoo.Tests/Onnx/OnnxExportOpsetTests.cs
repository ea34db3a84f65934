using KerasSharp.Layers;
using KerasSharp.Models;
using KerasSharp.Onnx;
using KerasSharp.Onnx.Proto;

namespace KerasSharp.ModelZoo.Tests.Onnx;

/// <summary>Opsets 17 to 21: where the ONNX form changes (GELU, Mish, reductions' axes), each opset's file runs and matches.</summary>
[TestClass]
public sealed class OnnxExportOpsetTests
{
    [TestMethod]
    [DataRow(17)]
    [DataRow(18)]
    [DataRow(19)]
    [DataRow(20)]
    [DataRow(21)]
    public void EachOpsetRunsAndMatches(int opset)
    {
        var (model, inputs) = MixedModel();
        OnnxExportRuntime.Randomize(model);
        OnnxExportRuntime.AssertMatches(model, $"opset{opset}", [inputs(1), inputs(3)], opset);
    }

    [TestMethod]
    [DataRow(17, 8)]
    [DataRow(18, 8)]
    [DataRow(19, 9)]
    [DataRow(20, 9)]
    [DataRow(21, 10)]
    public void TheFormFollowsTheOpset(int opset, int irVersion)
    {
        var (model, _) = MixedModel();
        var proto = ModelProto.Parser.ParseFrom(model.ToOnnxBytes(opset));
        Assert.AreEqual(irVersion, proto.IrVersion);
        Assert.AreEqual(opset, proto.OpsetImport.Single().Version);
        var ops = proto.Graph.Node.Select(n => n.OpType).ToList();
        // GELU is one op from opset 20 (exact and tanh forms); before, erf and tanh formulas
        Assert.AreEqual(opset >= 20 ? 2 : 0, ops.Count(o => o == "Gelu"));
        Assert.AreEqual(opset >= 20 ? 0 : 1, ops.Count(o => o == "Erf"));
        Assert.AreEqual(opset >= 18 ? 1 : 0, ops.Count(o => o == "Mish"));
        var reduce = proto.Graph.Node.First(n => n.OpType == "ReduceMean");
        Assert.AreEqual(opset >= 18 ? 2 : 1, reduce.Input.Count, "axes: an input from opset 18, an attribute before");
        Assert.AreEqual(opset >= 18 ? 0 : 1, reduce.Attribute.Count(a => a.Name == "axes"));
    }

    private static (Model Model, Func<int, Tensor[]> Inputs) MixedModel()
    {
        Config.SetSeed(4);
        var x = new Input([3, 6], name: "x");
        var mask = new Input([3], dtype: DType.Int64, name: "mask");
        var h = new Dense(6, "gelu", name: "exact").Apply(x);
        h = new Activation("mish", name: "mish").Apply(h);
        h = new LayerNormalization(1, name: "middle_norm").Apply(h);
        h = new BertEncoderLayer(6, 2, 8, hiddenAct: "gelu_new", name: "encoder").Apply(h, mask);
        var model = new Model([x, mask], h);
        return (model, batch =>
        {
            var random = new Random(batch);
            var xs = Enumerable.Range(0, batch * 18).Select(_ => (float)(random.NextDouble() * 4 - 2)).ToArray();
            var ms = Enumerable.Range(0, batch * 3).Select(i => i % 3 == 2 && i > 3 ? 0L : 1L).ToArray();
            return [Tensor.FromArray(xs, batch, 3, 6), Tensor.FromArray(ms, batch, 3)];
        });
    }
}
