using System.Diagnostics;
using KerasSharp.Models;
using KerasSharp.Saving;
using KerasSharp.Tests.Processes;
using static KerasSharp.Tests.Processes.WorkerProcess;

namespace KerasSharp.Backends.Torch.Tests;

/// <summary>
/// Saving across processes, with SavingWorker as the child: training resumed from a file in a new process ends where
/// uninterrupted training ends (bit for bit on native; within 1e-6 on torch, whose kernels may round differently from
/// one launch to the next), and killing a process in the middle of Save leaves the previous file intact.
/// </summary>
[TestClass]
public sealed class SavingProcessTests
{
    public TestContext TestContext { get; set; } = null!;

    private string _dir = "";

    [TestInitialize]
    public void MakeFolder() => Directory.CreateDirectory(_dir = Path.Combine(Path.GetTempPath(), "ks-saving-" + Guid.NewGuid().ToString("N")));

    [TestCleanup]
    public void RemoveFolder()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    [TestMethod]
    [DataRow("native", 0.0)]
    [DataRow("torch", 1e-6)]
    public void TrainTwoSaveLoadInANewProcessTrainOne_MatchesThreeInOneGo(string backend, double tolerance)
    {
        string saved = Path.Combine(_dir, "two.keras"), resumed = Path.Combine(_dir, "resumed.weights.h5"), full = Path.Combine(_dir, "full.weights.h5");
        Run(backend, "train", "17", "2", saved);
        Run(backend, "resume", saved, "3", resumed);
        Run(backend, "full", "17", "3", full);

        using var a = H5Reader.Open(resumed);
        using var b = H5Reader.Open(full);
        int compared = 0;
        foreach (var path in DatasetPaths(a, "/"))
        {
            var x = ToDoubles(a.ReadDataset(path));
            var y = ToDoubles(b.ReadDataset(path));
            Assert.HasCount(x.Length, y, path);
            for (int i = 0; i < x.Length; i++)
            {
                if (tolerance == 0) Assert.AreEqual(x[i], y[i], 0, $"{backend} {path}[{i}]: resumed {x[i]:R} vs uninterrupted {y[i]:R}");
                else Assert.AreEqual(x[i], y[i], tolerance * Math.Max(1, Math.Abs(y[i])), $"{backend} {path}[{i}]");
            }
            compared++;
        }
        CollectionAssert.AreEquivalent(DatasetPaths(b, "/").ToList(), DatasetPaths(a, "/").ToList());
        Assert.IsGreaterThan(20, compared, "weights, generator states and optimizer state were compared");
    }

    [TestMethod]
    public void KillingAProcessDuringSave_LeavesThePreviousFileIntact()
    {
        string path = Path.Combine(_dir, "big.keras");
        var random = new Random(5);
        int midSave = 0;
        for (int run = 0; run < 6; run++)
        {
            using var worker = Start("native", "save-loop", path);
            string? last = null;
            // Wait for a save in progress (after at least one complete file exists), then kill at a random moment.
            while (worker.StandardOutput.ReadLine() is { } line)
            {
                last = line;
                if (line.StartsWith("saving ", StringComparison.Ordinal) && File.Exists(path) && int.Parse(line[7..]) >= 1) break;
            }
            Thread.Sleep(random.Next(0, 40));
            worker.Kill(entireProcessTree: true);
            worker.WaitForExit();
            if (last is not null && last.StartsWith("saving ", StringComparison.Ordinal)) midSave++;

            var model = Model.Load(path);
            float bias = model.GetLayer(0).Weights[1].ToArray<float>()[0];
            Assert.IsTrue(bias >= 0 && bias == Math.Floor(bias), $"run {run}: the file holds a complete save (bias {bias})");
        }
        Assert.IsGreaterThan(0, midSave, "at least one kill landed while a save was being written");
    }

    private void Run(string backend, params string[] args) =>
        WorkerProcess.RunToEnd("KerasSharp.Backends.Torch.Tests", "SavingWorker.dll", backend, TestContext.CancellationToken, args);

    private static Process Start(string backend, params string[] args) => WorkerProcess.Start("KerasSharp.Backends.Torch.Tests", "SavingWorker.dll", backend, args);
}
