using KerasSharp.Onnx;

namespace KerasSharp.ModelZoo.Tests.Onnx;

/// <summary>
/// ONNX's LSTM, GRU and RNN operators imported (OnnxModel.Load) give what the exported Keras model predicts: every
/// recurrent export case (sequences, states in and out, goBackwards, Bidirectional, masks as sequence_lens) round-trips
/// within 1e-5; an operator form the importer does not take fails naming the node and the attribute.
/// </summary>
[TestClass]
public sealed class OnnxRecurrentImportTests
{
    private static readonly string[] Ids =
    [
        "simple_rnn_relu_sequences", "simple_rnn_backwards_last", "lstm_sequences_backwards", "gru_reset_after",
        "bidirectional_lstm_concat", "bidirectional_gru_ave_last", "lstm_states_in_and_out", "masked_lstm_gru_backwards",
        "masked_bidirectional_sequences",
    ];

    public static IEnumerable<object[]> Cases => Ids.Select(id => new object[] { id });

    [TestMethod]
    [DynamicData(nameof(Cases))]
    public void ExportedRecurrentModels_ImportWithTheSamePredictions(string id)
    {
        var c = OnnxExportCases.All.Single(k => k.Id == id);
        Config.SetSeed(3);
        var model = c.Make();
        OnnxExportRuntime.Randomize(model);
        var imported = OnnxModel.Load(model.ToOnnxBytes(), $"{id}.onnx");
        var inputs = OnnxExportLayerTests.Inputs(c, 3, 12);
        var expected = model.PredictAll(inputs, batchSize: 64);
        var actual = imported.PredictAll(inputs, batchSize: 64);
        Assert.HasCount(expected.Length, actual, $"{id}: outputs");
        for (int o = 0; o < expected.Length; o++)
        {
            var want = expected[o].ToArray<float>();
            var got = actual[o].ToArray<float>();
            Assert.HasCount(want.Length, got, $"{id}: output {o} size");
            for (int i = 0; i < want.Length; i++)
                Assert.AreEqual(want[i], got[i], 1e-5 + 1e-5 * Math.Abs(want[i]), $"{id}: output {o} element {i}");
        }
    }

    [TestMethod]
    public void GruWithoutLinearBeforeReset_FailsNamingTheAttribute()
    {
        var c = OnnxExportCases.All.Single(k => k.Id == "gru_reset_before_last");
        var bytes = c.Make().ToOnnxBytes();
        var e = Assert.ThrowsExactly<OnnxFormatException>(() => OnnxModel.Load(bytes, "gru.onnx"));
        StringAssert.Contains(e.Message, "node 'gru_");
        StringAssert.Contains(e.Message, "linear_before_reset = 0 is not supported");
    }
}
