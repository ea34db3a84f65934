using System.Text.Json;
using KerasSharp.Layers;

namespace KerasSharp.ModelZoo.Tests.Recurrent;

/// <summary>
/// torch.nn.LSTM, GRU and RNN state dicts (saved by torch.save, read by TorchStateDict) loaded with TorchRecurrentWeights
/// give PyTorch's outputs and final states: sequences, initial states, bidirectional, two stacked layers, and padded
/// batches (pack_padded_sequence against our masks), on both backends. The cases come from recurrent_reference.py.
/// </summary>
[TestClass]
[DoNotParallelize]
public sealed class TorchRecurrentParityTests
{
    private static readonly ScriptCases Cases = new(Path.Combine("Recurrent", "recurrent_reference.py"), "ks-rnn-fixtures-");
    private static string Folder => Cases.Folder;

    [TestCleanup]
    public void RestoreBackend() => Backend.Set("native");

    private static JsonElement Case(string name) => Cases.Case(name);
    private static float[] Floats(JsonElement e) => ScriptCases.Floats(e);
    private static int[] Ints(JsonElement e) => ScriptCases.Ints(e);

    private static void Close(float[] expected, Tensor actual, string what)
    {
        var a = actual.DType == DType.Float32 ? actual.ToArray<float>() : Ops.Cast(actual, DType.Float32).ToArray<float>();
        Assert.HasCount(expected.Length, a, what);
        for (int i = 0; i < a.Length; i++) Assert.AreEqual(expected[i], a[i], 2e-5, $"{what}: element {i}");
    }

    // torch's [layers·directions, batch, hidden] state: the slice of one layer and direction.
    private static Tensor State(float[] all, int index, int batch, int units) =>
        Tensor.FromArray(all.Skip(index * batch * units).Take(batch * units).ToArray(), batch, units);

    private static (Tensor X, Tensor? Mask, JsonElement C) Inputs(string name)
    {
        var c = Case(name);
        var shape = Ints(c.GetProperty("shape"));
        var x = Tensor.FromArray(Floats(c.GetProperty("x")), shape);
        Tensor? mask = null;
        if (c.GetProperty("lengths").ValueKind == JsonValueKind.Array)
        {
            var lengths = Ints(c.GetProperty("lengths"));
            mask = Tensor.FromArray(Enumerable.Range(0, shape[0] * shape[1]).Select(i => i % shape[1] < lengths[i / shape[1]]).ToArray(), shape[0], shape[1]);
            KerasMask.Set(x, mask);
        }
        return (x, mask, c);
    }

    // Torch pads with zeros after each sequence's length; our masked steps repeat the last output. Compare the real steps.
    private static void CloseSequence(float[] expected, Tensor actual, Tensor? mask, string what)
    {
        var a = actual.ToArray<float>();
        int batch = actual.Shape[0], time = actual.Shape[1], width = actual.Shape[2];
        var m = mask?.ToArray<bool>();
        for (int b = 0; b < batch; b++)
            for (int t = 0; t < time; t++)
            {
                if (m is not null && !m[b * time + t]) continue;
                for (int u = 0; u < width; u++)
                {
                    int i = (b * time + t) * width + u;
                    Assert.AreEqual(expected[i], a[i], 2e-5, $"{what}: sample {b} step {t} unit {u}");
                }
            }
    }

    [TestMethod]
    [DataRow("lstm", "native")] [DataRow("lstm", "torch")]
    [DataRow("lstm_initial", "native")] [DataRow("lstm_initial", "torch")]
    [DataRow("lstm_masked", "native")] [DataRow("lstm_masked", "torch")]
    [DataRow("gru", "native")] [DataRow("gru", "torch")]
    [DataRow("gru_initial", "native")] [DataRow("gru_initial", "torch")]
    [DataRow("gru_masked", "native")] [DataRow("gru_masked", "torch")]
    [DataRow("rnn_tanh", "native")] [DataRow("rnn_tanh", "torch")]
    [DataRow("rnn_relu", "native")] [DataRow("rnn_relu", "torch")]
    public void OneDirection_MatchesTorch(string name, string backend)
    {
        Backend.Set(backend);
        var (x, mask, c) = Inputs(name);
        RNN layer = name.StartsWith("lstm", StringComparison.Ordinal) ? new LSTM(4, returnSequences: true, returnState: true)
                  : name.StartsWith("gru", StringComparison.Ordinal) ? new GRU(4, returnSequences: true, returnState: true)
                  : new SimpleRNN(4, activation: name == "rnn_relu" ? "relu" : "tanh", returnSequences: true, returnState: true);
        TorchRecurrentWeights.Load(layer, TorchStateDict.Load(Path.Combine(Folder, name + ".pth")));
        var initial = new List<Tensor>();
        if (c.GetProperty("h0").ValueKind == JsonValueKind.Array)
        {
            initial.Add(State(Floats(c.GetProperty("h0")), 0, 2, 4));
            if (c.GetProperty("c0").ValueKind == JsonValueKind.Array) initial.Add(State(Floats(c.GetProperty("c0")), 0, 2, 4));
        }
        var outs = initial.Count == 0 ? layer.ApplyAll([x]) : layer.ApplyAll(x, initial, mask);
        CloseSequence(Floats(c.GetProperty("y")), outs[0], mask, $"{name} {backend} outputs");
        Close(Floats(c.GetProperty("h")), outs[1], $"{name} {backend} final h");
        if (layer is LSTM) Close(Floats(c.GetProperty("c")), outs[2], $"{name} {backend} final c");
    }

    [TestMethod]
    [DataRow("lstm_bidirectional", "native")] [DataRow("lstm_bidirectional", "torch")]
    [DataRow("lstm_bidirectional_masked", "native")] [DataRow("lstm_bidirectional_masked", "torch")]
    [DataRow("gru_bidirectional_masked", "native")] [DataRow("gru_bidirectional_masked", "torch")]
    public void Bidirectional_MatchesTorch(string name, string backend)
    {
        Backend.Set(backend);
        var (x, mask, c) = Inputs(name);
        bool lstm = name.StartsWith("lstm", StringComparison.Ordinal);
        var bi = new Bidirectional(lstm ? new LSTM(4, returnSequences: true, returnState: true) : new GRU(4, returnSequences: true, returnState: true));
        TorchRecurrentWeights.Load(bi, TorchStateDict.Load(Path.Combine(Folder, name + ".pth")));
        Tensor[] inputs = [x];
        if (c.GetProperty("h0").ValueKind == JsonValueKind.Array)
            inputs = [x, State(Floats(c.GetProperty("h0")), 0, 2, 4), State(Floats(c.GetProperty("h0")), 1, 2, 4)];
        var outs = bi.ApplyAll(inputs);
        CloseSequence(Floats(c.GetProperty("y")), outs[0], mask, $"{name} {backend} outputs");
        var h = Floats(c.GetProperty("h"));
        int states = lstm ? 2 : 1;
        Close(h[..8], outs[1], $"{name} {backend} forward h");
        Close(h[8..], outs[1 + states], $"{name} {backend} backward h");
        if (lstm)
        {
            var cs = Floats(c.GetProperty("c"));
            Close(cs[..8], outs[2], $"{name} {backend} forward c");
            Close(cs[8..], outs[4], $"{name} {backend} backward c");
        }
    }

    [TestMethod]
    public void TwoStackedLayers_LoadByLayerIndex()
    {
        var (x, _, c) = Inputs("lstm_two_layers");
        var state = TorchStateDict.Load(Path.Combine(Folder, "lstm_two_layers.pth"));
        var first = new LSTM(4, returnSequences: true);
        var second = new LSTM(4, returnSequences: true, returnState: true);
        TorchRecurrentWeights.Load(first, state, torchLayer: 0);
        TorchRecurrentWeights.Load(second, state, torchLayer: 1);
        var outs = second.ApplyAll([first.Apply(x)]);
        Close(Floats(c.GetProperty("y")), outs[0], "two layers: outputs");
        Close(Floats(c.GetProperty("h"))[8..], outs[1], "two layers: final h of layer 1");
    }

    [TestMethod]
    public void Mismatches_NameTheLayerAndTheKeys()
    {
        var state = TorchStateDict.Load(Path.Combine(Folder, "gru.pth"));
        Case("gru");
        var e = Assert.ThrowsExactly<ArgumentException>(() => TorchRecurrentWeights.Load(new GRU(4, resetAfter: false, name: "g"), state));
        Assert.AreEqual("Layer 'g': torch's GRU applies the reset gate after the recurrent product; make the layer with resetAfter: true.", e.Message);
        var units = Assert.ThrowsExactly<ArgumentException>(() => TorchRecurrentWeights.Load(new GRU(5, name: "g5"), state));
        Assert.AreEqual("Layer 'g5': torch's hidden size is 4 (weight_hh_l0 [12,4]), the layer has 5 units.", units.Message);
        var missing = Assert.ThrowsExactly<ArgumentException>(() => TorchRecurrentWeights.Load(new GRU(4, name: "g1"), state, torchLayer: 1));
        Assert.Contains("Layer 'g1': the state dict has no 'weight_ih_l1'", missing.Message);
        var kind = Assert.ThrowsExactly<ArgumentException>(() => TorchRecurrentWeights.Load(new LSTM(1, name: "l"), state));
        Assert.Contains("a torch LSTM has [4·hidden, input]", kind.Message);
    }
}
