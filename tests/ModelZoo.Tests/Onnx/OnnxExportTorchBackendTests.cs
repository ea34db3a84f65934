namespace KerasSharp.ModelZoo.Tests.Onnx;

/// <summary>Models built and run on the torch backend export the same way: ONNX Runtime matches their Predict within 1e-5.</summary>
[TestClass]
public sealed class OnnxExportTorchBackendTests
{
    [TestCleanup]
    public void RestoreBackend() => Backend.Set("native");

    [TestMethod]
    [DataRow("conv2d_chain")]
    [DataRow("conv2d_transpose_same")]
    [DataRow("separable_conv2d")]
    [DataRow("mha_cross_key_mask_scores")]
    [DataRow("layer_norm_rms")]
    [DataRow("embedding")]
    [DataRow("nested_sequential")]
    [DataRow("embedding_mask_attention_pooling")]
    [DataRow("up_sampling2d_bilinear_channels_first")]
    public void RoundTripMatchesPredictOnTorch(string id)
    {
        Backend.Set("torch");
        var c = OnnxExportCases.All.Single(x => x.Id == id);
        Config.SetSeed(3);
        var model = c.Make();
        OnnxExportRuntime.Randomize(model);
        OnnxExportRuntime.AssertMatches(model, $"torch_{id}", [OnnxExportLayerTests.Inputs(c, 1, 11), OnnxExportLayerTests.Inputs(c, 3, 12)]);
    }

    [TestMethod]
    public void TinyBertOnTorch()
    {
        Backend.Set("torch");
        Config.SetSeed(8);
        var model = new BertModel(new BertConfig { VocabSize = 40, HiddenSize = 16, NumHiddenLayers = 2, NumAttentionHeads = 4, IntermediateSize = 24, MaxPositionEmbeddings = 12 });
        OnnxExportRuntime.Randomize(model);
        OnnxExportRuntime.AssertMatches(model, "torch_bert", [OnnxExportZooTests.BertInputs(1, 7, 1), OnnxExportZooTests.BertInputs(3, 5, 2)]);
    }
}
