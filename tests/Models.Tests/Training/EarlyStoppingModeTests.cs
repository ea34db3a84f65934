using KerasSharp.Callbacks;
using KerasSharp.Layers;

namespace KerasSharp.Models.Tests.Training;

/// <summary>EarlyStopping's mode "auto", baseline and startFromEpoch, driven by scripted metric values.</summary>
[TestClass]
public sealed class EarlyStoppingModeTests
{
    [TestInitialize]
    public void Reset()
    {
        LayerNames.Reset();
        Config.SetSeed(91);
    }

    private static (History History, EarlyStopping Stop) Run(string monitor, double[] values, EarlyStopping stop)
    {
        var (x, y) = TinyData.TwoClasses(16, seed: 92);
        var model = new Sequential([new Input(shape: [2]), new Dense(2, activation: "softmax")]);
        model.Compile(optimizer: "sgd", loss: "sparse_categorical_crossentropy", metrics: ["accuracy"]);
        var history = model.Fit(x, y, batchSize: 8, epochs: values.Length, verbose: 0, callbacks: [new ScriptedMetric(monitor, values), stop]);
        return (history, stop);
    }

    [TestMethod]
    public void AutoModeMaximizesValAccuracy()
    {
        var (history, stop) = Run("val_accuracy", [0.5, 0.6, 0.55, 0.58, 0.9, 0.95],
                                  new EarlyStopping(monitor: "val_accuracy", mode: "auto", patience: 2));
        Assert.AreEqual(1, stop.BestEpoch, "0.6 is the best accuracy before stopping");
        Assert.AreEqual(3, stop.StoppedEpoch, "two epochs below 0.6");
        Assert.HasCount(4, history.Epochs);
    }

    [TestMethod]
    public void AutoModeMinimizesValLoss()
    {
        var (_, stop) = Run("val_loss", [0.5, 0.6, 0.55, 0.58, 0.4, 0.3], new EarlyStopping(monitor: "val_loss", patience: 2));
        Assert.AreEqual(0, stop.BestEpoch);
        Assert.AreEqual(2, stop.StoppedEpoch);
    }

    [TestMethod]
    public void ABaselineNotReachedStopsAfterPatienceEpochs()
    {
        double[] flat = [0.5, 0.5, 0.5, 0.5, 0.5, 0.5];
        var (_, without) = Run("val_accuracy", flat, new EarlyStopping(monitor: "val_accuracy", patience: 2));
        Assert.AreEqual(2, without.StoppedEpoch, "without a baseline the first epoch counts as an improvement");
        var (history, with) = Run("val_accuracy", flat, new EarlyStopping(monitor: "val_accuracy", patience: 2, baseline: 0.9));
        Assert.AreEqual(1, with.StoppedEpoch, "below the baseline no epoch resets the wait");
        Assert.HasCount(2, history.Epochs);
    }

    [TestMethod]
    public void ABaselineBeatenLetsTrainingGoOn()
    {
        var (history, stop) = Run("val_accuracy", [0.91, 0.92, 0.93, 0.94], new EarlyStopping(monitor: "val_accuracy", patience: 1, baseline: 0.9));
        Assert.AreEqual(0, stop.StoppedEpoch, "never stopped");
        Assert.HasCount(4, history.Epochs);
    }

    [TestMethod]
    public void StartFromEpochIgnoresTheWarmUpEpochs()
    {
        double[] rising = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6];
        var (_, early) = Run("val_loss", rising, new EarlyStopping(monitor: "val_loss", patience: 1));
        Assert.AreEqual(1, early.StoppedEpoch, "without warm-up the rising loss stops training at once");
        var (history, warm) = Run("val_loss", rising, new EarlyStopping(monitor: "val_loss", patience: 1, startFromEpoch: 3));
        Assert.AreEqual(3, warm.BestEpoch, "the first epoch watched is the best");
        Assert.AreEqual(4, warm.StoppedEpoch);
        Assert.HasCount(5, history.Epochs);
    }

    [TestMethod]
    public void AnExplicitModeOverridesTheName()
    {
        var (_, stop) = Run("val_accuracy", [0.5, 0.6, 0.55, 0.58, 0.9, 0.95], new EarlyStopping(monitor: "val_accuracy", mode: "min", patience: 2));
        Assert.AreEqual(0, stop.BestEpoch);
        Assert.AreEqual(2, stop.StoppedEpoch);
    }
}
