using KerasSharp.Layers;
using KerasSharp.Models.Tests.Saving.Formats;

namespace KerasSharp.Models.Tests.Recurrent;

/// <summary>Recurrent layers inside models: training with masks, saving and loading, functional graphs with states.</summary>
[TestClass]
public sealed class RecurrentModelTests
{
    [TestInitialize]
    public void Init() => LayerNames.Reset();

    private static (Tensor X, Tensor Y) Data()
    {
        // Token ids with padding (0) at the end; the label is whether token 1 appears before the padding.
        var rng = new Random(3);
        var ids = new int[64 * 8];
        var labels = new int[64];
        for (int b = 0; b < 64; b++)
        {
            int length = rng.Next(3, 9);
            for (int t = 0; t < length; t++) ids[b * 8 + t] = rng.Next(1, 6);
            labels[b] = ids.Skip(b * 8).Take(length).Contains(1) ? 1 : 0;
        }
        return (Tensor.FromArray(ids, 64, 8), Tensor.FromArray(labels, 64));
    }

    private static Sequential Classifier() => new(
    [
        new Input([8], dtype: DType.Int32),
        new Embedding(6, 8, new RandomUniform(-0.5, 0.5, seed: 1), maskZero: true),
        new Bidirectional(new LSTM(6, returnSequences: true, kernelInitializer: new GlorotUniform(seed: 2), recurrentInitializer: new Orthogonal(seed: 3),
                                   dropout: 0.1, seed: 4)),
        new GRU(5, kernelInitializer: new GlorotUniform(seed: 5), recurrentInitializer: new Orthogonal(seed: 6), name: "gru"),
        new Dense(2, "softmax", kernelInitializer: new GlorotUniform(seed: 7)),
    ]);

    [TestMethod]
    public void MaskedSequenceModel_Learns_SavesAndLoadsWithKerasWeightPaths()
    {
        var (x, y) = Data();
        var model = Classifier();
        model.Compile(optimizer: new Optimizers.Adam(0.01), loss: "sparse_categorical_crossentropy", metrics: ["accuracy"]);
        var history = model.Fit(x, y, batchSize: 16, epochs: 15, verbose: 0);
        Assert.IsGreaterThan(0.9, history["accuracy"][^1], "the model learns whether token 1 appears");

        using var dir = new TempFolder();
        var path = dir.File("rnn.keras");
        model.Save(path);
        var loaded = Model.Load(path);
        CollectionAssert.AreEqual(model.Predict(x).ToArray<float>(), loaded.Predict(x).ToArray<float>());
        var keys = loaded.StateDict().Keys.ToArray();
        CollectionAssert.Contains(keys, "bidirectional/forward_layer/cell/kernel");
        CollectionAssert.Contains(keys, "bidirectional/backward_layer/cell/recurrent_kernel");
        CollectionAssert.Contains(keys, "gru/cell/bias");
    }

    [TestMethod]
    public void FunctionalEncoderDecoder_PassesStates()
    {
        var encoderInput = new Input([5, 3]);
        var decoderInput = new Input([4, 3]);
        var encoded = new LSTM(6, returnState: true, name: "encoder").ApplyAll(encoderInput);
        var decoded = new LSTM(6, returnSequences: true, name: "decoder").ApplyAll(decoderInput, encoded[1], encoded[2])[0];
        var output = new TimeDistributed(new Dense(2), name: "head").Apply(decoded);
        var model = new Model(inputs: [encoderInput, decoderInput], outputs: [output]);
        var a = Ops.RandomUniform([2, 5, 3], -1, 1, seed: 8);
        var b = Ops.RandomUniform([2, 4, 3], -1, 1, seed: 9);
        var y = model.PredictAll([a, b])[0];
        CollectionAssert.AreEqual(new[] { 2, 4, 2 }, y.Shape.ToArray());

        using var dir = new TempFolder();
        var path = dir.File("seq2seq.keras");
        model.Save(path);
        var loaded = Model.Load(path);
        CollectionAssert.AreEqual(y.ToArray<float>(), loaded.PredictAll([a, b])[0].ToArray<float>());
    }

    [TestMethod]
    public void StatefulLayer_InFit_KeepsStatesAcrossBatches_AndMemoryStaysFlat()
    {
        var x = Ops.RandomUniform([32, 6, 3], -1, 1, seed: 10);
        var y = Ops.RandomUniform([32, 4], -1, 1, seed: 11);
        var model = new Sequential([new Input([6, 3], batchSize: 8), new LSTM(4, stateful: true, name: "s"), new Dense(4)]);
        model.Compile(optimizer: "sgd", loss: "mse");
        model.Fit(x, y, batchSize: 8, epochs: 1, shuffle: false, verbose: 0);
        long live = Tensor.LiveCount;
        model.Fit(x, y, batchSize: 8, epochs: 2, shuffle: false, verbose: 0);
        Assert.IsLessThanOrEqualTo(live + 4, Tensor.LiveCount, "no tensors leak per step");
        var states = ((RNN)model.GetLayer("s")).States!;
        Assert.AreNotEqual(0f, states[0].ToArray<float>().Select(Math.Abs).Max(), "the state carries over");
        ((RNN)model.GetLayer("s")).ResetStates();
        Assert.AreEqual(0f, states[0].ToArray<float>().Select(Math.Abs).Max());
    }
}
