using KerasSharp.Layers;
using KerasSharp.Optimizers;

namespace KerasSharp.Callbacks.Tests;

/// <summary>ReduceLROnPlateau against hand-checked sequences: patience, cooldown, minLr, minDelta.</summary>
[TestClass]
public sealed class ReduceLROnPlateauTests
{
    [TestInitialize]
    public void Reset()
    {
        LayerNames.Reset();
        Config.SetSeed(3);
    }

    // val_loss flat at 1.0 for five epochs, then flat at 0.9.
    private static readonly double[] Plateaus = [1.0, 1.0, 1.0, 1.0, 1.0, 0.9, 0.9, 0.9, 0.9];

    private static double[] LearningRates(ReduceLROnPlateau reduce, double[] values)
    {
        var (x, y) = Tiny.TwoClasses(16, seed: 4);
        var model = Tiny.Classifier();
        model.Compile(optimizer: new SGD(learningRate: 0.1), loss: "sparse_categorical_crossentropy");
        var history = model.Fit(x, y, batchSize: 8, epochs: values.Length, verbose: 0, callbacks: [new ScriptedMetric("val_loss", values), reduce]);
        return history["learning_rate"].ToArray();
    }

    [TestMethod]
    public void CooldownPausesTheCount()
    {
        // Hand-checked: e0 best 1.0; e1 wait 1; e2 wait 2 -> 0.05, cooldown 2; e3 cooldown 1 (no count); e4 cooldown 0,
        // wait 1; e5 0.9 improves; e6 wait 1; e7 wait 2 -> 0.025; e8 cooldown. The log holds the rate the epoch ran with.
        var rates = LearningRates(new ReduceLROnPlateau(factor: 0.5, patience: 2, cooldown: 2, minDelta: 0), Plateaus);
        CollectionAssert.AreEqual(new[] { 0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.05, 0.05, 0.025 }, rates);
    }

    [TestMethod]
    public void WithoutCooldownTheCountRestartsAtOnce()
    {
        // e2 -> 0.05; e3 wait 1; e4 wait 2 -> 0.025; e5 improves; e6 wait 1; e7 wait 2 -> 0.0125; e8 wait 1.
        var rates = LearningRates(new ReduceLROnPlateau(factor: 0.5, patience: 2, cooldown: 0, minDelta: 0), Plateaus);
        CollectionAssert.AreEqual(new[] { 0.1, 0.1, 0.1, 0.05, 0.05, 0.025, 0.025, 0.025, 0.0125 }, rates);
    }

    [TestMethod]
    public void MinLrIsTheFloor()
    {
        var rates = LearningRates(new ReduceLROnPlateau(factor: 0.5, patience: 2, cooldown: 0, minDelta: 0, minLr: 0.03), Plateaus);
        CollectionAssert.AreEqual(new[] { 0.1, 0.1, 0.1, 0.05, 0.05, 0.03, 0.03, 0.03, 0.03 }, rates);
    }

    [TestMethod]
    public void MinDeltaTurnsSmallGainsIntoPlateaus()
    {
        double[] creeping = [1.0, 0.99, 0.98, 0.97, 0.96];
        CollectionAssert.AreEqual(new[] { 0.1, 0.1, 0.1, 0.1, 0.1 },
            LearningRates(new ReduceLROnPlateau(factor: 0.5, patience: 2, minDelta: 0), creeping), "each epoch improves");
        CollectionAssert.AreEqual(new[] { 0.1, 0.1, 0.1, 0.05, 0.05 },
            LearningRates(new ReduceLROnPlateau(factor: 0.5, patience: 2, minDelta: 0.05), creeping), "gains of 0.01 do not count");
    }

    [TestMethod]
    public void TheReducedRateIsTheOneTheOptimizerUses()
    {
        var (x, y) = Tiny.TwoClasses(16, seed: 4);
        var model = Tiny.Classifier();
        model.Compile(optimizer: new SGD(learningRate: 0.1), loss: "sparse_categorical_crossentropy");
        model.Fit(x, y, batchSize: 8, epochs: 3, verbose: 0,
                  callbacks: [new ScriptedMetric("val_loss", [1, 1, 1]), new ReduceLROnPlateau(factor: 0.25, patience: 1, minDelta: 0)]);
        Assert.AreEqual(0.1 * 0.25 * 0.25, model.Optimizer!.LearningRate.Constant!.Value, 1e-15);
    }

    [TestMethod]
    public void BadSettingsAndSchedulesAreRejected()
    {
        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new ReduceLROnPlateau(factor: 1.0));
        StringAssert.Contains(e.Message, "ReduceLROnPlateau: factor must be in (0, 1), got 1.");
        var (x, y) = Tiny.TwoClasses(16, seed: 4);
        var model = Tiny.Classifier();
        model.Compile(optimizer: new SGD(learningRate: new Optimizers.Schedules.ExponentialDecay(0.1, 10, 0.5)), loss: "sparse_categorical_crossentropy");
        var s = Assert.ThrowsExactly<InvalidOperationException>(() => model.Fit(x, y, batchSize: 8, epochs: 2, verbose: 0,
            callbacks: [new ScriptedMetric("val_loss", [1, 1]), new ReduceLROnPlateau(patience: 0, minDelta: 0)]));
        StringAssert.Contains(s.Message, "follows a schedule (ExponentialDecay)");
    }

    [TestMethod]
    public void AMissingMetricIsReportedWithTheAvailableOnes()
    {
        var (x, y) = Tiny.TwoClasses(16, seed: 4);
        var model = Tiny.Classifier();
        var output = new StringWriter();
        var reduce = new ReduceLROnPlateau(monitor: "val_loss", patience: 0) { Output = output };
        model.Fit(x, y, batchSize: 8, epochs: 1, verbose: 0, callbacks: [reduce]);
        StringAssert.Contains(output.ToString(), "ReduceLROnPlateau: learning rate reduction is conditioned on metric 'val_loss', which is not available; available metrics are: loss, accuracy, learning_rate.");
    }
}
