using System.Diagnostics;
using KerasSharp.Saving;
using KerasSharp.Tests.Processes;
using static KerasSharp.Tests.Processes.WorkerProcess;

namespace KerasSharp.Callbacks.Tests;

/// <summary>
/// BackupAndRestore against SIGKILL: ResumeWorker trains (dropout, shuffling, Adam) with a backup every 2 batches and is
/// killed at random moments, some right as a backup is being written (a leftover temporary file proves the kill landed
/// during the save), others between backups; each new process resumes from the backup. The run that finally completes
/// ends with exactly the weights, optimizer state and generator states of an uninterrupted run on native; on torch
/// within 1e-6 relative (libtorch's kernels may round differently from one launch to the next).
/// </summary>
[TestClass]
[DoNotParallelize]
public sealed class BackupAndRestoreKillTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [DataRow("native", 0.0, 3, 2)]
    [DataRow("torch", 1e-6, 1, 1)]
    public void KilledAtRandomMomentsTheResumedRunEndsWithTheUninterruptedWeights(string backend, double tolerance, int midSaveKills, int midEpochKills)
    {
        using var dir = new TempFolder();
        string reference = dir.File("reference.weights.h5"), resumed = dir.File("resumed.weights.h5"), backup = dir.File("backup");
        RunToEnd(backend, "full", reference);

        var random = new Random(backend.Length * 977);
        int savesKilled = 0, epochsKilled = 0, attempts = 0;
        while ((savesKilled < midSaveKills || epochsKilled < midEpochKills) && attempts++ < 8 * (midSaveKills + midEpochKills))
        {
            bool atSave = savesKilled < midSaveKills && (epochsKilled >= midEpochKills || random.Next(2) == 0);
            int skip = random.Next(1, 3);                     // let a batch or a save go by first, sometimes
            using var worker = Start(backend, "backup", backup, "2", resumed);
            string? line;
            int seen = 0;
            bool killed = false;
            while ((line = worker.StandardOutput.ReadLine()) is not null)
            {
                if (atSave ? line == "save-begin" : line.StartsWith("batch ", StringComparison.Ordinal) && int.Parse(line.Split(' ')[2]) % 2 == 0)
                {
                    if (++seen < skip) continue;
                    if (!atSave) Thread.Sleep(random.Next(0, 3));
                    worker.Kill(entireProcessTree: true);
                    killed = true;
                    break;
                }
            }
            worker.WaitForExit();
            if (!killed) break;                               // the run got to the end before the kill: stop killing
            bool leftover = Directory.Exists(backup) && Directory.GetFiles(backup).Any(f => f.EndsWith(".tmp", StringComparison.Ordinal));
            if (atSave && leftover) savesKilled++;
            else if (!atSave) epochsKilled++;
        }
        Assert.IsGreaterThanOrEqualTo(midSaveKills, savesKilled, $"kills that landed during a backup's write (attempts {attempts})");
        Assert.IsGreaterThanOrEqualTo(midEpochKills, epochsKilled, "kills between backups, in the middle of an epoch");

        RunToEnd(backend, "backup", backup, "2", resumed);
        Assert.IsFalse(Directory.Exists(backup), "the completed run deleted its backup");
        Compare(reference, resumed, backend, tolerance);
    }

    private static void Compare(string expectedPath, string actualPath, string backend, double tolerance)
    {
        using var a = H5Reader.Open(actualPath);
        using var b = H5Reader.Open(expectedPath);
        var names = DatasetPaths(b, "/").ToList();
        CollectionAssert.AreEquivalent(names, DatasetPaths(a, "/").ToList());
        foreach (var path in names)
        {
            var x = ToDoubles(a.ReadDataset(path));
            var y = ToDoubles(b.ReadDataset(path));
            Assert.HasCount(y.Length, x, path);
            for (int i = 0; i < x.Length; i++)
            {
                if (tolerance == 0) Assert.AreEqual(y[i], x[i], 0, $"{backend} {path}[{i}]: resumed {x[i]:R} vs uninterrupted {y[i]:R}");
                else Assert.AreEqual(y[i], x[i], tolerance * Math.Max(1, Math.Abs(y[i])), $"{backend} {path}[{i}]");
            }
        }
        Assert.IsGreaterThan(8, names.Count, "weights, optimizer slots and generator states were compared");
    }

    private void RunToEnd(string backend, params string[] args) =>
        WorkerProcess.RunToEnd("KerasSharp.Callbacks.Tests", "ResumeWorker.dll", backend, TestContext.CancellationToken, args);

    private static Process Start(string backend, params string[] args) => WorkerProcess.Start("KerasSharp.Callbacks.Tests", "ResumeWorker.dll", backend, args);
}
