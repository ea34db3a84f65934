using KerasSharp.Layers;
using KerasSharp.Models;

namespace KerasSharp.Callbacks.Tests;

/// <summary>Every callback together in one Fit, on native and on torch: each does its job on either backend.</summary>
[TestClass]
[DoNotParallelize]
public sealed class EveryCallbackOnBothBackendsTests
{
    [TestCleanup]
    public void RestoreBackend() => Backend.Set("native");

    [TestMethod]
    [DataRow("native")]
    [DataRow("torch")]
    public void EveryCallbackWorksInFit(string backend)
    {
        Backend.Set(backend);
        LayerNames.Reset();
        Config.SetSeed(23);
        using var dir = new TempFolder();
        using var server = new LocalServer();
        var (x, y) = Tiny.TwoClasses(48, seed: 24);
        var model = Tiny.Classifier(optimizer: "adam");
        int epochEnds = 0;
        var checkpoint = new ModelCheckpoint(dir.File("best-{epoch:02d}.keras"), monitor: "val_accuracy", saveBestOnly: true);
        var weightsEvery = new ModelCheckpoint(dir.File("last.safetensors"), saveWeightsOnly: true, saveFreq: 3);
        var reduce = new ReduceLROnPlateau(monitor: "loss", factor: 0.5, patience: 0, minDelta: 10);   // every epoch is a plateau
        var schedule = new LearningRateScheduler((epoch, lr) => epoch == 0 ? 0.01 : lr);
        var backup = new BackupAndRestore(dir.File("backup"), saveFreq: 2);
        using var remote = new RemoteMonitor(root: server.Root, sendAsJson: true);
        using var board = new TensorBoard(dir.File("logs"), histogramFreq: 1, updateFreq: "batch");
        var history = model.Fit(x, y, batchSize: 8, epochs: 3, validationSplit: 0.25, verbose: 0, callbacks:
        [
            schedule, reduce, checkpoint, weightsEvery, backup, new TerminateOnNaN(), new EarlyStopping(monitor: "val_loss", patience: 5),
            new CSVLogger(dir.File("log.csv")), new LambdaCallback(onEpochEnd: (_, _) => epochEnds++), remote, board,
        ]);
        Assert.AreEqual(3, epochEnds);
        Assert.HasCount(3, history.Epochs);
        CollectionAssert.AreEqual(new[] { 0.01, 0.01, 0.005 }, history["learning_rate"].ToArray(), "the scheduler's rate, halved after epochs 1 and 2 (the first value is always an improvement)");
        Assert.AreEqual(0.0025, model.Optimizer!.LearningRate.Constant!.Value, 1e-15);
        Assert.IsNotEmpty(checkpoint.Saved);
        var best = Model.Load(checkpoint.Saved[^1]);
        Assert.AreEqual(backend, best.Weights[0].Backend.Name);
        Assert.HasCount(5, weightsEvery.Saved, "36 training samples in batches of 8: 5 batches an epoch, 15 in all, a save every 3");
        Assert.HasCount(4, File.ReadAllLines(dir.File("log.csv")), "the header and one row per epoch");
        Assert.IsFalse(Directory.Exists(dir.File("backup")));
        Assert.HasCount(3, server.Requests);
        // version, graph, 15 batch scalars, 3 epoch scalars and 3 histograms
        Assert.HasCount(23, TfRecordReader.Records(File.ReadAllBytes(board.TrainFile!)));
        var probe = model.Predict(x, verbose: 0).ToArray<float>();
        model.LoadWeights(dir.File("last.safetensors"));
        CollectionAssert.AreEqual(probe, model.Predict(x, verbose: 0).ToArray<float>(), "the last save came after the last batch");
    }
}
