using KerasSharp.Layers;
using KerasSharp.Models;

namespace KerasSharp.ModelZoo.Tests.Onnx;

/// <summary>The zoo's networks exported and run by ONNX Runtime match Predict within 1e-5 (absolute + relative).</summary>
[TestClass]
public sealed class OnnxExportZooTests
{
    private static bool Normalization(string key) =>
        key.Contains("moving_", StringComparison.Ordinal) || key.EndsWith("gamma", StringComparison.Ordinal) || key.EndsWith("beta", StringComparison.Ordinal);

    private static Tensor Images(int batch, int[] shape, int seed)
    {
        var random = new Random(seed);
        int n = batch * shape.Aggregate(1, (a, b) => a * b);
        return Tensor.FromArray(Enumerable.Range(0, n).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray(), [batch, .. shape]);
    }

    [TestMethod]
    [DataRow("channels_last")]
    [DataRow("channels_first")]
    public void ResNet18(string dataFormat)
    {
        Config.SetSeed(5);
        int[] shape = dataFormat == "channels_last" ? [64, 64, 3] : [3, 64, 64];
        var model = Applications.ResNet18(weights: null, inputShape: [.. shape.Select(d => (int?)d)], classes: 10, classifierActivation: null, dataFormat: dataFormat);
        OnnxExportRuntime.Randomize(model, which: Normalization); // statistics away from 0 and 1
        OnnxExportRuntime.AssertMatches(model, $"resnet18_{dataFormat}", [[Images(1, shape, 1)], [Images(3, shape, 2)]]);
    }

    [TestMethod]
    public void ResNet18TransposesOnlyAtTheEdges()
    {
        var model = Applications.ResNet18(weights: null, inputShape: [64, 64, 3], classes: 10);
        var graph = KerasSharp.Onnx.Proto.ModelProto.Parser.ParseFrom(KerasSharp.Onnx.OnnxExport.ToOnnxBytes(model)).Graph;
        // one into channels-first after the stem's padding; the global pool leaves channels-first data as a [batch, channels] matrix
        Assert.AreEqual(1, graph.Node.Count(n => n.OpType == "Transpose"));
        Assert.AreEqual(20, graph.Node.Count(n => n.OpType == "Conv"));
        Assert.AreEqual(20, graph.Node.Count(n => n.OpType == "BatchNormalization"));
    }

    [TestMethod]
    public void AlexNet()
    {
        Config.SetSeed(6);
        // 64x64 leaves a 1x1 map before the 6x6 adaptive pool: its uneven bins are exported too
        var model = Applications.AlexNet(weights: null, inputShape: [64, 64, 3], classes: 10);
        OnnxExportRuntime.AssertMatches(model, "alexnet", [[Images(1, [64, 64, 3], 3)], [Images(3, [64, 64, 3], 4)]]);
    }

    [TestMethod]
    [DataRow("gelu")]
    [DataRow("gelu_new")]
    [DataRow("relu")]
    public void TinyBert(string hiddenAct)
    {
        Config.SetSeed(8);
        var config = new BertConfig
        {
            VocabSize = 40, HiddenSize = 16, NumHiddenLayers = 2, NumAttentionHeads = 4, IntermediateSize = 24, MaxPositionEmbeddings = 12,
            HiddenAct = hiddenAct,
        };
        var model = new BertModel(config);
        OnnxExportRuntime.Randomize(model);
        // batch 1 and 3, lengths 7 and 4, padding in the mask: one file (dynamic batch and length)
        OnnxExportRuntime.AssertMatches(model, $"bert_{hiddenAct}", [BertInputs(1, 7, 1), BertInputs(3, 7, 2), BertInputs(3, 4, 3)]);
    }

    [TestMethod]
    public void TinyBertHeads()
    {
        Config.SetSeed(9);
        var config = new BertConfig { VocabSize = 30, HiddenSize = 8, NumHiddenLayers = 1, NumAttentionHeads = 2, IntermediateSize = 12, MaxPositionEmbeddings = 10 };
        Model[] heads =
        [
            Bert.ForMaskedLM(new BertModel(config)),
            Bert.ForSequenceClassification(new BertModel(config), 3),
            Bert.ForTokenClassification(new BertModel(config), 4),
            Bert.ForQuestionAnswering(new BertModel(config)),
        ];
        foreach (var model in heads)
        {
            OnnxExportRuntime.Randomize(model);
            OnnxExportRuntime.AssertMatches(model, model.Name, [BertInputs(1, 6, 1), BertInputs(3, 5, 2)]);
        }
        // the masked-LM decoder is the word-embedding table: stored once
        var graph = KerasSharp.Onnx.Proto.ModelProto.Parser.ParseFrom(KerasSharp.Onnx.OnnxExport.ToOnnxBytes(heads[0])).Graph;
        Assert.AreEqual(1, graph.Initializer.Count(t => t.Dims.SequenceEqual(new long[] { 30, 8 })));
    }

    internal static Tensor[] BertInputs(int batch, int length, int seed, int vocab = 30)
    {
        var random = new Random(seed);
        var ids = new long[batch * length];
        var mask = new long[batch * length];
        var types = new long[batch * length];
        for (int b = 0; b < batch; b++)
        {
            int real = Math.Max(1, length - b * 2); // row b has 2b padding tokens
            for (int t = 0; t < length; t++)
            {
                ids[b * length + t] = t < real ? random.Next(1, vocab) : 0;
                mask[b * length + t] = t < real ? 1 : 0;
                types[b * length + t] = t >= real / 2 ? 1 : 0;
            }
        }
        return [Tensor.FromArray(ids, batch, length), Tensor.FromArray(mask, batch, length), Tensor.FromArray(types, batch, length)];
    }
}
