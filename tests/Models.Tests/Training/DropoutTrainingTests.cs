using KerasSharp.Layers;

namespace KerasSharp.Models.Tests.Training;

/// <summary>Dropout drops in Fit (training mode) and is the identity in Predict, which is therefore deterministic.</summary>
[TestClass]
public sealed class DropoutTrainingTests
{
    [TestInitialize]
    public void Reset()
    {
        LayerNames.Reset();
        Config.SetSeed(81);
    }

    [TestMethod]
    public void DropoutIsActiveInFitAndNotInPredict()
    {
        var probe = new ZeroProbe();
        var model = new Sequential([new Input(shape: [50]), new Dropout(0.3), probe, new Dense(1)]);
        model.Compile(optimizer: "sgd", loss: "mse");
        probe.Calls.Clear();
        var x = Ops.Ones([40, 50]);
        model.Fit(x, Ops.Zeros([40, 1]), batchSize: 20, epochs: 1, verbose: 0);
        Assert.HasCount(2, probe.Calls);
        foreach (var (training, zeros) in probe.Calls)
        {
            Assert.IsTrue(training, "Fit calls the layers in training mode");
            Assert.AreEqual(0.3, zeros, 0.06, $"fraction dropped {zeros}");
        }
        probe.Calls.Clear();
        using var first = model.Predict(x, batchSize: 40);
        using var second = model.Predict(x, batchSize: 40);
        Assert.HasCount(2, probe.Calls);
        Assert.IsTrue(probe.Calls.All(c => !c.Training && c.ZeroFraction == 0), "Predict drops nothing");
        CollectionAssert.AreEqual(first.ToArray<float>(), second.ToArray<float>(), "Predict is deterministic");
        model.Evaluate(x, Ops.Zeros([40, 1]), batchSize: 40);
        Assert.IsFalse(probe.Calls[^1].Training, "Evaluate runs in inference mode");
    }

    [TestMethod]
    public void TrainingForwardPassesDifferButPredictionsDoNot()
    {
        var model = new Sequential([new Input(shape: [16]), new Dense(16, activation: "relu"), new Dropout(0.5), new Dense(4)]);
        var x = Ops.Ones([8, 16]);
        var a = model.Forward([x], training: true)[0].ToArray<float>();
        var b = model.Forward([x], training: true)[0].ToArray<float>();
        CollectionAssert.AreNotEqual(a, b, "two training passes draw different masks");
        var p = model.Predict(x).ToArray<float>();
        var q = model.PredictOnBatch(x).ToArray<float>();
        CollectionAssert.AreEqual(p, q);
    }
}
