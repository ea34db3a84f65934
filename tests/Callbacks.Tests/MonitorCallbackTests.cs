using KerasSharp.Layers;
using KerasSharp.Models;

namespace KerasSharp.Callbacks.Tests;

/// <summary>The shared improvement rule: direction from mode or from the compiled metric, minDelta, initial best.</summary>
[TestClass]
public sealed class MonitorCallbackTests
{
    private sealed class Probe(string monitor, string mode = "auto", double? initialBest = null, double minDelta = 0)
        : MonitorCallback("Probe", monitor, mode, initialBest, minDelta);

    [TestInitialize]
    public void Reset() => LayerNames.Reset();

    private static Probe Attached(string monitor, string mode = "auto", string[]? metrics = null, double minDelta = 0)
    {
        var probe = new Probe(monitor, mode, null, minDelta);
        probe.SetModel(Tiny.Classifier(metrics: metrics ?? ["accuracy", "mse"]));
        return probe;
    }

    [TestMethod]
    [DataRow("loss", false)]
    [DataRow("val_loss", false)]
    [DataRow("accuracy", true)]
    [DataRow("val_accuracy", true)]
    [DataRow("val_mse", false)]
    public void AutoModeTakesTheDirectionFromLossesAndCompiledMetrics(string monitor, bool maximize) =>
        Assert.AreEqual(maximize, Attached(monitor).Maximize, monitor);

    [TestMethod]
    public void AutoModeFindsMetricsByTheirClassNotTheirName()
    {
        var probe = new Probe("val_sharpness");
        var model = new Sequential([new Input(shape: [2]), new Dense(2, activation: "softmax")]);
        model.Compile(optimizer: "sgd", loss: "sparse_categorical_crossentropy", metrics: [new Metrics.SparseCategoricalAccuracy(name: "sharpness")]);
        probe.SetModel(model);
        Assert.IsTrue(probe.Maximize, "an accuracy renamed 'sharpness' is still maximized");
    }

    [TestMethod]
    public void AutoModeWithAnUnknownMetricSaysWhichModeToPass()
    {
        var probe = Attached("val_score");
        var e = Assert.ThrowsExactly<InvalidOperationException>(() => _ = probe.Maximize);
        StringAssert.Contains(e.Message, "Probe: cannot tell whether monitor 'val_score' should be maximized or minimized");
        StringAssert.Contains(e.Message, "mode: \"max\" or mode: \"min\"");
    }

    [TestMethod]
    public void ExplicitModeOverridesTheMetric()
    {
        Assert.IsFalse(Attached("val_accuracy", mode: "min").Maximize);
        Assert.IsTrue(Attached("val_loss", mode: "max").Maximize);
    }

    [TestMethod]
    public void AnImprovementMustBeatTheReferenceByMoreThanMinDelta()
    {
        var min = Attached("val_loss", minDelta: -0.1);            // the sign of minDelta is ignored, as in Keras
        Assert.AreEqual(0.1, min.MinDelta);
        Assert.IsTrue(min.IsImprovement(5, null), "anything improves on nothing");
        Assert.IsTrue(min.IsImprovement(0.79, 0.9));
        Assert.IsFalse(min.IsImprovement(0.8, 0.9), "exactly minDelta is not enough");
        Assert.IsFalse(min.IsImprovement(0.85, 0.9));
        var max = Attached("val_accuracy", minDelta: 0.1);
        Assert.IsTrue(max.IsImprovement(0.71, 0.6));
        Assert.IsFalse(max.IsImprovement(0.7, 0.6));
    }

    [TestMethod]
    public void BadSettingsAreRejectedWithTheCallbacksName()
    {
        var e = Assert.ThrowsExactly<ArgumentException>(() => new Probe("val_loss", mode: "lowest"));
        StringAssert.StartsWith(e.Message, "Probe: mode must be \"auto\", \"min\" or \"max\", got \"lowest\".");
        var empty = Assert.ThrowsExactly<ArgumentException>(() => new Probe(""));
        StringAssert.StartsWith(empty.Message, "Probe: monitor must name a metric");
    }
}
