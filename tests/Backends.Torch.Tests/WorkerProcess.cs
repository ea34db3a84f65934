using System.Diagnostics;
using KerasSharp.Saving;

namespace KerasSharp.Tests.Processes;

/// <summary>
/// A child process for the tests that kill or restart training (the torch tests' SavingWorker, the callbacks tests'
/// ResumeWorker): the worker's DLL run with the test assembly's runtime config and dependencies, and the .weights.h5
/// comparisons their tests make. Linked into each test project that has a worker.
/// </summary>
internal static class WorkerProcess
{
    /// <summary>Starts <paramref name="workerDll"/> (in the test's output folder) on <paramref name="backend"/> with <paramref name="args"/>.</summary>
    public static Process Start(string testAssembly, string workerDll, string backend, params string[] args)
    {
        var output = AppContext.BaseDirectory;
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "exec", "--runtimeconfig", Path.Combine(output, testAssembly + ".runtimeconfig.json"),
                     "--depsfile", Path.Combine(output, testAssembly + ".deps.json"), Path.Combine(output, workerDll) })
            psi.ArgumentList.Add(a);
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["KERASSHARP_BACKEND"] = backend;
        return Process.Start(psi)!;
    }

    /// <summary>Runs the worker to its end (at most 3 minutes) and asserts it exited with 0, showing its output when not.</summary>
    public static void RunToEnd(string testAssembly, string workerDll, string backend, CancellationToken cancel, params string[] args)
    {
        using var p = Start(testAssembly, workerDll, backend, args);
        var stdout = p.StandardOutput.ReadToEndAsync(cancel);
        var stderr = p.StandardError.ReadToEndAsync(cancel);
        if (!p.WaitForExit(TimeSpan.FromMinutes(3))) { p.Kill(true); Assert.Fail($"the worker ({string.Join(' ', args)}) did not finish in 3 minutes"); }
        Assert.AreEqual(0, p.ExitCode, $"worker {string.Join(' ', args)} failed:\n{stdout.Result}{stderr.Result}");
    }

    /// <summary>Every dataset's path under <paramref name="group"/> of an HDF5 file, depth first.</summary>
    public static IEnumerable<string> DatasetPaths(H5Reader h5, string group)
    {
        foreach (var d in h5.ListDatasets(group)) yield return $"{group.TrimEnd('/')}/{d}";
        foreach (var g in h5.ListGroups(group))
            foreach (var d in DatasetPaths(h5, $"{group.TrimEnd('/')}/{g}")) yield return d;
    }

    /// <summary>A dataset's values as doubles.</summary>
    public static double[] ToDoubles(Array a) => a switch
    {
        float[] f => f.Select(v => (double)v).ToArray(),
        double[] d => d,
        long[] l => l.Select(v => (double)v).ToArray(),
        int[] i => i.Select(v => (double)v).ToArray(),
        _ => throw new AssertFailedException($"unexpected array {a.GetType()}"),
    };
}
