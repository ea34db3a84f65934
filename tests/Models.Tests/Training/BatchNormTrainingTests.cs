using KerasSharp.Layers;

namespace KerasSharp.Models.Tests.Training;

/// <summary>BatchNormalization's moving statistics move in Fit (training mode) and stay put in Evaluate and Predict.</summary>
[TestClass]
public sealed class BatchNormTrainingTests
{
    [TestInitialize]
    public void Reset()
    {
        LayerNames.Reset();
        Config.SetSeed(71);
    }

    [TestMethod]
    public void MovingStatisticsChangeInFitOnly()
    {
        var (x, y) = TinyData.TwoClasses(64, seed: 72);
        var bn = new BatchNormalization(momentum: 0.9);
        var model = new Sequential([new Input(shape: [2]), new Dense(4), bn, new Dense(2, activation: "softmax")]);
        model.Compile(optimizer: "adam", loss: "sparse_categorical_crossentropy", metrics: ["accuracy"]);
        CollectionAssert.AreEqual(new float[4], bn.MovingMean!.ToArray<float>());
        CollectionAssert.AreEqual(new[] { 1f, 1f, 1f, 1f }, bn.MovingVariance!.ToArray<float>());

        model.Fit(x, y, batchSize: 16, epochs: 2, verbose: 0);
        var mean = bn.MovingMean.ToArray<float>();
        var variance = bn.MovingVariance.ToArray<float>();
        CollectionAssert.AreNotEqual(new float[4], mean, "Fit moved the moving mean");
        CollectionAssert.AreNotEqual(new[] { 1f, 1f, 1f, 1f }, variance, "Fit moved the moving variance");

        model.Evaluate(x, y, batchSize: 16);
        using (model.Predict(x, batchSize: 16)) { }
        using (model.PredictOnBatch(x)) { }
        model.TestOnBatch(x, y);
        CollectionAssert.AreEqual(mean, bn.MovingMean.ToArray<float>(), "inference leaves the moving mean alone");
        CollectionAssert.AreEqual(variance, bn.MovingVariance.ToArray<float>(), "inference leaves the moving variance alone");
    }

    [TestMethod]
    public void PredictUsesTheMovingStatistics()
    {
        var bn = new BatchNormalization(epsilon: 1e-3);
        var model = new Sequential([new Input(shape: [2]), bn]);
        bn.MovingMean!.Assign(Tensor.FromArray(new[] { 1f, -1f }, 2));
        bn.MovingVariance!.Assign(Tensor.FromArray(new[] { 4f, 0.25f }, 2));
        using var y = model.Predict(Tensor.FromArray(new[] { 3f, 0f }, 1, 2));
        var v = y.ToArray<float>();
        Assert.AreEqual(2 / Math.Sqrt(4.001), v[0], 1e-5);
        Assert.AreEqual(1 / Math.Sqrt(0.251), v[1], 1e-5);
    }
}
