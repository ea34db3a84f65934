using KerasSharp.Onnx;

namespace KerasSharp.ModelZoo.Tests.Onnx;

/// <summary>The two real ONNX models NuGet serves import and give ONNX Runtime's outputs to 1e-4 on both backends.</summary>
[TestClass]
public sealed class OnnxRealModelTests
{
    [TestCleanup]
    public void RestoreBackend() => Backend.Set("native");

    internal static void AssertClose((double[] Values, int[] Shape) expected, Tensor actual, double tolerance, string what)
    {
        CollectionAssert.AreEqual(expected.Shape, actual.Shape.ToArray(), $"{what}: shape");
        var got = actual.ToArray<double>();
        double worst = 0;
        int at = -1;
        for (int i = 0; i < got.Length; i++)
        {
            double err = Math.Abs(expected.Values[i] - got[i]) / Math.Max(1, Math.Abs(expected.Values[i]));
            if (err > worst) (worst, at) = (err, i);
        }
        Assert.IsLessThanOrEqualTo(tolerance, worst, $"{what}: worst relative error {worst:E2} at {at} (ONNX Runtime {(at >= 0 ? expected.Values[at] : 0)}, ours {(at >= 0 ? got[at] : 0)})");
    }

    [TestMethod]
    [DataRow("native")]
    [DataRow("torch")]
    public void ResNet18Featurizer_MatchesOnnxRuntime(string backend)
    {
        Backend.Set(backend);
        var rng = new Random(5);
        var image = Enumerable.Range(0, 3 * 224 * 224).Select(_ => (float)(rng.NextDouble() * 255 - 120)).ToArray();
        var feed = new Feed("Input247", image, [1, 3, 224, 224]);
        var expected = OnnxCompare.RunOrt(File.ReadAllBytes(RealOnnxModels.ResNet18), [feed], threads: 2);

        var model = OnnxModel.Load(RealOnnxModels.ResNet18);
        Assert.HasCount(22 * 3, model.TrainableWeights, "22 convolution kernels, 22 BatchNormalization scales and shifts");
        Assert.HasCount(22 * 2, model.NonTrainableWeights, "22 BatchNormalization running means and variances");
        AssertClose(expected[0], model.Predict(feed.ToTensor()), 1e-4, $"{backend}: ResNet-18 features");
        Assert.IsNull(model.Inputs[0].Shape[0], "the file fixes the batch at 1; the import frees it");

        // The freed batch axis: two images at once give each image's features.
        var second = image.Select(v => -v * 0.5f).ToArray();
        var pair = Tensor.FromArray(image.Concat(second).ToArray(), 2, 3, 224, 224);
        var both = model.Predict(pair).ToArray<float>();
        var alone = model.Predict(Tensor.FromArray(second, 1, 3, 224, 224)).ToArray<float>();
        for (int i = 0; i < 512; i++) Assert.AreEqual(alone[i], both[512 + i], 1e-4 * Math.Max(1, Math.Abs(alone[i])), $"{backend}: batch of two, feature {i}");
    }

    [TestMethod]
    public void ResNetPreprocess_MatchesOnnxRuntime()
    {
        var rng = new Random(6);
        var image = Enumerable.Range(0, 3 * 224 * 224).Select(_ => (float)rng.Next(256)).ToArray();
        var feed = new Feed("OriginalInput", image, [1, 3, 224, 224]);
        var expected = OnnxCompare.RunOrt(File.ReadAllBytes(RealOnnxModels.ResNetPreprocess), [feed]);
        var model = OnnxModel.Load(RealOnnxModels.ResNetPreprocess);
        AssertClose(expected[0], model.Predict(feed.ToTensor()), 1e-6, "preprocessing");
    }

    [TestMethod]
    [DataRow("native")]
    [DataRow("torch")]
    public void MiniLM_HiddenStatesMatchOnnxRuntime_ForPaddedSentencesOfDifferentLengths(string backend)
    {
        Backend.Set(backend);
        var folder = RealOnnxModels.MiniLmFolder;
        var tokenizer = BertTokenizer.FromVocab(Path.Combine(folder, "vocab.txt"));
        string[] sentences = ["A man is playing a guitar.", "Hi", "The quick brown fox jumps over the lazy dog near the riverbank at dawn."];
        using var encoding = tokenizer.Encode(sentences);
        int batch = encoding.InputIds.Shape[0], length = encoding.InputIds.Shape[1];
        Assert.IsGreaterThan(10, length);
        var ids = encoding.InputIds.ToArray<long>();
        var mask = encoding.AttentionMask.ToArray<long>();
        Assert.Contains(0L, mask, "the short sentence is padded");
        Feed[] feeds = [new("input_ids", ids, [batch, length]), new("attention_mask", mask, [batch, length]), new("token_type_ids", encoding.TokenTypeIds.ToArray<long>(), [batch, length])];
        var expected = OnnxCompare.RunOrt(File.ReadAllBytes(Path.Combine(folder, "model.onnx")), feeds, threads: 2);

        var model = OnnxModel.Load(Path.Combine(folder, "model.onnx"));
        var outputs = OnnxCompare.RunOurs(model, feeds);
        AssertClose(expected[0], outputs[0], 1e-4, $"{backend}: MiniLM last_hidden_state");
        AssertClose(expected[1], outputs[1], 1e-4, $"{backend}: MiniLM pooler output");
    }

    internal static readonly BertConfig MiniLmConfig = new()
    {
        VocabSize = 30522, HiddenSize = 384, NumHiddenLayers = 6, NumAttentionHeads = 12, IntermediateSize = 1536, MaxPositionEmbeddings = 512,
    };

    [TestMethod]
    [DataRow("native")]
    [DataRow("torch")]
    public void BertFromOnnx_MapsMiniLMsWeightsOntoTheZoosBert(string backend)
    {
        Backend.Set(backend);
        var folder = RealOnnxModels.MiniLmFolder;
        var tokenizer = BertTokenizer.FromVocab(Path.Combine(folder, "vocab.txt"));
        using var encoding = tokenizer.Encode(["Which weights are these?", "Transposed linear weights under numeric names, found through the bias Add."]);
        int batch = encoding.InputIds.Shape[0], length = encoding.InputIds.Shape[1];
        Feed[] feeds = [new("input_ids", encoding.InputIds.ToArray<long>(), [batch, length]), new("attention_mask", encoding.AttentionMask.ToArray<long>(), [batch, length]),
                        new("token_type_ids", encoding.TokenTypeIds.ToArray<long>(), [batch, length])];
        var expected = OnnxCompare.RunOrt(File.ReadAllBytes(Path.Combine(folder, "model.onnx")), feeds, threads: 2);

        var bert = Bert.FromOnnx(Path.Combine(folder, "model.onnx"), MiniLmConfig);
        var (hidden, pooled) = bert.Encode(encoding.InputIds, encoding.AttentionMask, encoding.TokenTypeIds);
        AssertClose(expected[0], hidden, 1e-4, $"{backend}: BertModel last_hidden_state");
        AssertClose(expected[1], pooled, 1e-4, $"{backend}: BertModel pooler output");

        var wrong = MiniLmConfig with { IntermediateSize = 1024 };
        var e = Assert.ThrowsExactly<ArgumentException>(() => Bert.FromOnnx(Path.Combine(folder, "model.onnx"), wrong));
        StringAssert.Contains(e.Message, "encoder.layer.0.intermediate.dense.weight is [1536,384], the model needs [1024,384]");
    }

    [TestMethod]
    [DataRow("native", "channels_first")]
    [DataRow("torch", "channels_last")]
    public void ResNetFromOnnx_BuildsTheZoosResNetWithTheFilesWeights(string backend, string dataFormat)
    {
        Backend.Set(backend);
        var map = ResNet.OnnxNameMap(RealOnnxModels.ResNet18, [2, 2, 2, 3]);
        Assert.AreEqual("conv1.weight", map["Parameter91"]);
        Assert.AreEqual("bn1.running_var", map["Constant99"]);
        Assert.AreEqual("layer2.0.downsample.0.weight", map["Parameter199"]);
        Assert.AreEqual("layer4.2.conv2.weight", map["Parameter10"]);
        Assert.HasCount(22 + 22 * 4, map);

        var rng = new Random(8);
        var image = Enumerable.Range(0, 3 * 224 * 224).Select(_ => (float)(rng.NextDouble() * 255 - 120)).ToArray();
        var feed = new Feed("Input247", image, [1, 3, 224, 224]);
        var expected = OnnxCompare.RunOrt(File.ReadAllBytes(RealOnnxModels.ResNet18), [feed], threads: 2);
        var model = ResNet.FromOnnx(RealOnnxModels.ResNet18, [2, 2, 2, 3], dataFormat);
        var x = feed.ToTensor();
        if (dataFormat == "channels_last") x = Ops.Transpose(x, [0, 2, 3, 1]);
        var features = model.Predict(x);
        AssertClose((expected[0].Values, [1, 512]), features, 1e-4, $"{backend} {dataFormat}: ResNet.FromOnnx features");

        var e = Assert.ThrowsExactly<OnnxFormatException>(() => ResNet.FromOnnx(RealOnnxModels.ResNet18, [2, 2, 2, 2]));
        StringAssert.Contains(e.Message, "the graph has 9 residual additions, the architecture 8 blocks");
    }
}
