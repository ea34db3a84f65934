using KerasSharp.Layers;
using KerasSharp.Models;

namespace KerasSharp.Callbacks.Tests;

/// <summary>ModelCheckpoint: file names from templates, the best file and its content, batch frequency, errors.</summary>
[TestClass]
public sealed class ModelCheckpointTests
{
    [TestInitialize]
    public void Reset()
    {
        LayerNames.Reset();
        Config.SetSeed(5);
    }

    /// <summary>Remembers the first weight after every epoch (put after the checkpoint).</summary>
    private sealed class WeightsAtEpochEnd : Callback
    {
        public List<float[]> Kernels { get; } = [];
        public override void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs) => Kernels.Add(Model!.Weights[0].ToArray<float>());
    }

    private static (Sequential Model, WeightsAtEpochEnd Weights) Run(ModelCheckpoint checkpoint, double[] valLoss)
    {
        var (x, y) = Tiny.TwoClasses(24, seed: 6);
        var model = Tiny.Classifier();
        var weights = new WeightsAtEpochEnd();
        model.Fit(x, y, batchSize: 8, epochs: valLoss.Length, verbose: 0, callbacks: [new ScriptedMetric("val_loss", valLoss), checkpoint, weights]);
        return (model, weights);
    }

    [TestMethod]
    public void SaveBestOnlyNamesTheFilesFromTheTemplate()
    {
        using var dir = new TempFolder();
        var checkpoint = new ModelCheckpoint(dir.File("ckpt-{epoch:02d}-{val_loss:.2f}.keras"), saveBestOnly: true);
        Run(checkpoint, [0.5, 0.4, 0.6, 0.3, 0.35]);
        // Epochs 1, 2 and 4 (counted from 1) improve; 3 and 5 do not.
        string[] expected = ["ckpt-01-0.50.keras", "ckpt-02-0.40.keras", "ckpt-04-0.30.keras"];
        CollectionAssert.AreEqual(expected, checkpoint.Saved.Select(Path.GetFileName).ToArray());
        CollectionAssert.AreEquivalent(expected, Directory.GetFiles(dir.Path).Select(Path.GetFileName).ToArray());
        Assert.AreEqual(0.3, checkpoint.Best);
    }

    [TestMethod]
    public void TheBestFileHoldsTheWeightsOfTheBestEpoch()
    {
        using var dir = new TempFolder();
        var checkpoint = new ModelCheckpoint(dir.File("best.weights.h5"), saveBestOnly: true, saveWeightsOnly: true);
        var (model, weights) = Run(checkpoint, [0.5, 0.4, 0.6, 0.3, 0.35]);
        model.LoadWeights(dir.File("best.weights.h5"));
        CollectionAssert.AreEqual(weights.Kernels[3], model.Weights[0].ToArray<float>(), "epoch 4 (index 3) was the best");
        CollectionAssert.AreNotEqual(weights.Kernels[4], weights.Kernels[3], "training moved on after the best epoch");
    }

    [TestMethod]
    public void InitialValueThresholdMustBeBeatenFirst()
    {
        using var dir = new TempFolder();
        var checkpoint = new ModelCheckpoint(dir.File("e{epoch}.keras"), saveBestOnly: true, initialValueThreshold: 0.45);
        Run(checkpoint, [0.5, 0.4, 0.6, 0.3, 0.35]);
        CollectionAssert.AreEqual(new[] { "e2.keras", "e4.keras" }, checkpoint.Saved.Select(Path.GetFileName).ToArray());
    }

    [TestMethod]
    public void ModeMaxKeepsTheHighestValue()
    {
        using var dir = new TempFolder();
        var checkpoint = new ModelCheckpoint(dir.File("e{epoch}.keras"), monitor: "val_loss", mode: "max", saveBestOnly: true);
        Run(checkpoint, [0.5, 0.4, 0.6, 0.3, 0.65]);
        CollectionAssert.AreEqual(new[] { "e1.keras", "e3.keras", "e5.keras" }, checkpoint.Saved.Select(Path.GetFileName).ToArray());
    }

    [TestMethod]
    public void WithoutSaveBestOnlyEveryEpochIsSavedAndTheWholeModelLoads()
    {
        using var dir = new TempFolder();
        var checkpoint = new ModelCheckpoint(dir.File("m-{epoch}.keras"));
        var (model, _) = Run(checkpoint, [0.5, 0.4, 0.6]);
        Assert.HasCount(3, checkpoint.Saved);
        var loaded = Model.Load(dir.File("m-3.keras"));
        var probe = Tensor.FromArray(new float[] { 0.3f, -0.2f }, 1, 2);
        CollectionAssert.AreEqual(model.Predict(probe, verbose: 0).ToArray<float>(), loaded.Predict(probe, verbose: 0).ToArray<float>());
    }

    [TestMethod]
    public void SaveFreqInBatchesCountsAcrossEpochs()
    {
        using var dir = new TempFolder();
        // 24 samples in batches of 8: 3 batches per epoch, 9 in all; every 2 batches gives saves after batches 2, 4, 6, 8.
        var checkpoint = new ModelCheckpoint(dir.File("e{epoch}-b{batch}.safetensors"), saveWeightsOnly: true, saveFreq: 2);
        Run(checkpoint, [0.5, 0.4, 0.6]);
        CollectionAssert.AreEqual(new[] { "e1-b2.safetensors", "e2-b1.safetensors", "e2-b3.safetensors", "e3-b2.safetensors" },
                                  checkpoint.Saved.Select(Path.GetFileName).ToArray());
    }

    [TestMethod]
    public void AMissingMonitoredMetricIsAnErrorListingTheLogsKeys()
    {
        using var dir = new TempFolder();
        var (x, y) = Tiny.TwoClasses(16, seed: 6);
        var model = Tiny.Classifier();
        var e = Assert.ThrowsExactly<InvalidOperationException>(() =>
            model.Fit(x, y, batchSize: 8, epochs: 1, verbose: 0, callbacks: [new ModelCheckpoint(dir.File("m.keras"), saveBestOnly: true)]));
        Assert.AreEqual("ModelCheckpoint: saveBestOnly monitors 'val_loss', which is not in the logs of epoch 1; available: loss, accuracy. " +
                        "Pass one of these as monitor (validation metrics need validation data in every epoch).", e.Message);
    }

    [TestMethod]
    public void ATemplateFieldMissingFromTheLogsIsAnErrorListingThem()
    {
        using var dir = new TempFolder();
        var (x, y) = Tiny.TwoClasses(16, seed: 6);
        var model = Tiny.Classifier();
        var e = Assert.ThrowsExactly<KeyNotFoundException>(() =>
            model.Fit(x, y, batchSize: 8, epochs: 1, verbose: 0, callbacks: [new ModelCheckpoint(dir.File("m-{val_acc:.2f}.keras"))]));
        StringAssert.Contains(e.Message, "it names 'val_acc', which is not in the logs; available: loss, accuracy, epoch.");
    }

    [TestMethod]
    public void BadPathsAreRejectedAtConstruction()
    {
        var a = Assert.ThrowsExactly<ArgumentException>(() => new ModelCheckpoint("m.weights.h5"));
        StringAssert.StartsWith(a.Message, "ModelCheckpoint: the file path must end in .keras (the whole model), or pass saveWeightsOnly: true");
        var b = Assert.ThrowsExactly<ArgumentException>(() => new ModelCheckpoint("m.keras", saveWeightsOnly: true));
        StringAssert.StartsWith(b.Message, "ModelCheckpoint: with saveWeightsOnly the file path must end in .weights.h5 or .safetensors");
        var c = Assert.ThrowsExactly<ArgumentException>(() => new ModelCheckpoint("m-{epoch:x}.keras"));
        StringAssert.Contains(c.Message, "formats 'epoch' with 'x'");
        var d = Assert.ThrowsExactly<ArgumentException>(() => new ModelCheckpoint("m-{epoch.keras"));
        StringAssert.Contains(d.Message, "has a '{' that is never closed");
        Assert.ThrowsExactly<ArgumentException>(() => new ModelCheckpoint("m.keras", saveFreq: "batch"));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new ModelCheckpoint("m.keras", saveFreq: 0));
    }

    [TestMethod]
    public void VerboseMessagesGoToTheOutputWriter()
    {
        using var dir = new TempFolder();
        var output = new StringWriter();
        var checkpoint = new ModelCheckpoint(dir.File("best.keras"), saveBestOnly: true, verbose: 1) { Output = output };
        Run(checkpoint, [0.5, 0.6]);
        var lines = output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.AreEqual($"Epoch 1: val_loss improved from None to 0.50000, saving model to {dir.File("best.keras")}", lines[0]);
        Assert.AreEqual("Epoch 2: val_loss did not improve from 0.50000", lines[1]);
    }
}
