using KerasSharp.Layers;
using KerasSharp.Optimizers;

namespace KerasSharp.Callbacks.Tests;

/// <summary>LearningRateScheduler sets the rate the epoch trains with, from (epoch, current rate).</summary>
[TestClass]
public sealed class LearningRateSchedulerTests
{
    [TestInitialize]
    public void Reset()
    {
        LayerNames.Reset();
        Config.SetSeed(8);
    }

    [TestMethod]
    public void TheScheduleGetsTheEpochAndTheCurrentRate()
    {
        var (x, y) = Tiny.TwoClasses(16, seed: 9);
        var model = Tiny.Classifier();
        model.Compile(optimizer: new SGD(learningRate: 0.1), loss: "sparse_categorical_crossentropy");
        var calls = new List<(int, double)>();
        var scheduler = new LearningRateScheduler((epoch, lr) => { calls.Add((epoch, lr)); return epoch < 2 ? lr : lr * 0.5; });
        var history = model.Fit(x, y, batchSize: 8, epochs: 4, verbose: 0, callbacks: [scheduler]);
        CollectionAssert.AreEqual(new[] { (0, 0.1), (1, 0.1), (2, 0.1), (3, 0.05) }, calls);
        CollectionAssert.AreEqual(new[] { 0.1, 0.1, 0.05, 0.025 }, history["learning_rate"].ToArray());
    }

    [TestMethod]
    public void ARateOfZeroLeavesTheWeightsAlone()
    {
        var (x, y) = Tiny.TwoClasses(16, seed: 9);
        var model = Tiny.Classifier();
        var before = model.Weights[0].ToArray<float>();
        model.Fit(x, y, batchSize: 8, epochs: 2, verbose: 0, callbacks: [new LearningRateScheduler((_, _) => 0)]);
        CollectionAssert.AreEqual(before, model.Weights[0].ToArray<float>(), "rate 0: no step moved the weights");
        model.Fit(x, y, batchSize: 8, epochs: 1, verbose: 0, callbacks: [new LearningRateScheduler((_, _) => 0.5)]);
        CollectionAssert.AreNotEqual(before, model.Weights[0].ToArray<float>(), "rate 0.5 did");
    }

    [TestMethod]
    public void AnInvalidRateIsAnErrorNamingTheEpoch()
    {
        var (x, y) = Tiny.TwoClasses(16, seed: 9);
        var model = Tiny.Classifier();
        var e = Assert.ThrowsExactly<InvalidOperationException>(() =>
            model.Fit(x, y, batchSize: 8, epochs: 3, verbose: 0, callbacks: [new LearningRateScheduler((epoch, lr) => epoch == 1 ? double.NaN : lr)]));
        Assert.AreEqual("LearningRateScheduler: the schedule returned NaN for epoch 1; a learning rate must be a finite number that is not negative.", e.Message);
    }

    [TestMethod]
    public void VerbosePrintsTheRate()
    {
        var (x, y) = Tiny.TwoClasses(16, seed: 9);
        var model = Tiny.Classifier();
        var output = new StringWriter();
        model.Fit(x, y, batchSize: 8, epochs: 1, verbose: 0, callbacks: [new LearningRateScheduler((_, _) => 0.02, verbose: 1) { Output = output }]);
        Assert.AreEqual("Epoch 1: LearningRateScheduler setting learning rate to 0.02." + Environment.NewLine, output.ToString());
    }
}
