using KerasSharp.Layers;
using KerasSharp.Models;

namespace KerasSharp.Callbacks.Tests;

/// <summary>
/// BackupAndRestore in one process: a run interrupted by an exception (mid-epoch or at an epoch's end) and resumed by a
/// second Fit ends with the weights of the uninterrupted run, bit for bit on native; the backup's files and errors.
/// The kill -9 test with child processes is <see cref="BackupAndRestoreKillTests"/>.
/// </summary>
[TestClass]
public sealed class BackupAndRestoreTests
{
    private sealed class Interrupt(int epoch, int batch) : Callback
    {
        private int _epoch;
        public override void OnEpochBegin(int e, IReadOnlyDictionary<string, double> logs) => _epoch = e;
        public override void OnTrainBatchEnd(int b, IReadOnlyDictionary<string, double> logs)
        {
            if (_epoch == epoch && b == batch) throw new OperationCanceledException("interrupted");
        }
    }

    private static (Sequential Model, Tensor X, Tensor Y) Setup()
    {
        LayerNames.Reset();
        Config.SetSeed(21);
        var x = Ops.RandomUniform([40, 6], -1, 1, seed: 1);
        var y = Ops.RandomUniform([40, 2], -1, 1, seed: 2);
        var model = new Sequential([new Input([6]), new Dense(16, activation: "relu"), new Dropout(0.3), new Dense(2)]);
        model.Compile(optimizer: "adam", loss: "mse");
        return (model, x, y);
    }

    private static float[][] Weights(Model model) => model.Weights.Select(w => w.ToArray<float>()).ToArray();

    [TestMethod]
    [DataRow("epoch", 2, 4, DisplayName = "saveFreq epoch, interrupted in epoch 2")]
    [DataRow("3", 1, 2, DisplayName = "saveFreq 3 batches, interrupted mid-epoch 1")]
    [DataRow("1", 3, 0, DisplayName = "saveFreq 1 batch, interrupted after the first batch of epoch 3")]
    public void AnInterruptedRunResumesToTheSameWeights(string freq, int stopEpoch, int stopBatch)
    {
        SaveFrequency saveFreq = freq == "epoch" ? "epoch" : int.Parse(freq);
        var (reference, x, y) = Setup();
        reference.Fit(x, y, batchSize: 8, epochs: 5, verbose: 0);
        var expected = Weights(reference);
        var expectedGlobal = RandomGenerator.Global.State;

        using var dir = new TempFolder();
        string backupDir = dir.File("backup");
        var (model, x2, y2) = Setup();
        var backup = new BackupAndRestore(backupDir, saveFreq);
        Assert.ThrowsExactly<OperationCanceledException>(() =>
            model.Fit(x2, y2, batchSize: 8, epochs: 5, verbose: 0, callbacks: [backup, new Interrupt(stopEpoch, stopBatch)]));
        Assert.IsTrue(File.Exists(Path.Combine(backupDir, BackupAndRestore.StateFileName)));

        // A new process would build the model afresh: so does the test (new weights, a new optimizer, a new generator).
        var (resumed, x3, y3) = Setup();
        var history = resumed.Fit(x3, y3, batchSize: 8, epochs: 5, verbose: 0, callbacks: [backup]);
        Assert.IsNotNull(backup.ResumedFrom);
        Assert.AreEqual(stopEpoch, history.Epochs[0], "the first epoch run again is the one interrupted");
        var actual = Weights(resumed);
        for (int i = 0; i < expected.Length; i++) CollectionAssert.AreEqual(expected[i], actual[i], $"weight {i}");
        Assert.AreEqual(reference.Optimizer!.Iterations, resumed.Optimizer!.Iterations);
        Assert.AreEqual(expectedGlobal, RandomGenerator.Global.State, "the process-wide generator continues where the interrupted run left it");
        Assert.IsFalse(Directory.Exists(backupDir), "deleteCheckpoint (the default) removed the backup when training ended");
    }

    [TestMethod]
    public void DeleteCheckpointFalseKeepsOneBackup()
    {
        using var dir = new TempFolder();
        var (model, x, y) = Setup();
        model.Fit(x, y, batchSize: 8, epochs: 3, verbose: 0, callbacks: [new BackupAndRestore(dir.Path, saveFreq: 2, deleteCheckpoint: false)]);
        CollectionAssert.AreEquivalent(new[] { BackupAndRestore.StateFileName, "backup-7.weights.h5" },
                                       Directory.GetFiles(dir.Path).Select(Path.GetFileName).ToArray(), "15 batches, a backup every 2: the 7th is kept");
        // A later Fit with the same folder resumes at the end: epoch 3 of 3 leaves nothing to run.
        var (again, x2, y2) = Setup();
        var history = again.Fit(x2, y2, batchSize: 8, epochs: 3, verbose: 0, callbacks: [new BackupAndRestore(dir.Path, saveFreq: 2)]);
        Assert.HasCount(1, history.Epochs, "batch 14 of epoch 2 was backed up; only the last batch and the epoch end remain");
    }

    [TestMethod]
    public void ADamagedStateFileIsAnErrorSayingWhatToDo()
    {
        using var dir = new TempFolder();
        File.WriteAllText(Path.Combine(dir.Path, BackupAndRestore.StateFileName), "{\"epoch\": -1, \"batch\": 0, \"weights\": \"backup-1.weights.h5\"}");
        var (model, x, y) = Setup();
        var e = Assert.ThrowsExactly<InvalidDataException>(() => model.Fit(x, y, epochs: 1, verbose: 0, callbacks: [new BackupAndRestore(dir.Path)]));
        Assert.AreEqual($"BackupAndRestore: the state file '{Path.Combine(dir.Path, BackupAndRestore.StateFileName)}' is damaged: \"epoch\" is missing or not a count. " +
                        $"Delete the folder '{dir.Path}' to start afresh.", e.Message);
        File.WriteAllText(Path.Combine(dir.Path, BackupAndRestore.StateFileName), "{\"epoch\": 1, \"batch\": 0, \"weights\": \"../../etc/passwd\"}");
        var p = Assert.ThrowsExactly<InvalidDataException>(() => model.Fit(x, y, epochs: 1, verbose: 0, callbacks: [new BackupAndRestore(dir.Path)]));
        StringAssert.Contains(p.Message, "\"weights\" is '../../etc/passwd', not a backup file of this folder");
        File.WriteAllText(Path.Combine(dir.Path, BackupAndRestore.StateFileName), "{\"epoch\": 1,");
        var j = Assert.ThrowsExactly<InvalidDataException>(() => model.Fit(x, y, epochs: 1, verbose: 0, callbacks: [new BackupAndRestore(dir.Path)]));
        StringAssert.Contains(j.Message, "is damaged: it is not valid JSON");
    }
}
