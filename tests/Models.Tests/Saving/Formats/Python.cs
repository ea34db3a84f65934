using System.Diagnostics;

namespace KerasSharp.Models.Tests.Saving.Formats;

/// <summary>
/// Runs Python scripts written by the tests, as an independent reader and writer of the formats.
/// Missing Python, numpy or h5py fails the test with what to install (these checks are not optional).
/// </summary>
internal static class Python
{
    private static readonly Dictionary<string, string?> Interpreters = [];

    /// <summary>Runs <paramref name="script"/> with <paramref name="args"/>; returns stdout, fails the test on a non-zero exit.</summary>
    public static string Run(string script, bool needsH5py, params string[] args) =>
        needsH5py ? RunWith("import numpy, h5py", "python3-h5py (it brings python3-numpy)", script, args)
                  : RunWith("import numpy", "python3-numpy", script, args);

    /// <summary>
    /// Runs <paramref name="script"/> with a python3 that can run <paramref name="imports"/>; without one the test fails
    /// saying which Debian packages to install.
    /// </summary>
    public static string RunWith(string imports, string debianPackages, string script, params string[] args)
    {
        string? python;
        lock (Interpreters)
            if (!Interpreters.TryGetValue(imports, out python)) Interpreters[imports] = python = Find(imports);
        if (python is null)
            throw new AssertFailedException(
                $"These tests need python3 that can `{imports}`: install the Debian packages {debianPackages} " +
                $"(apt-get install {debianPackages.Split(' ')[0]}). .ci/run installs them.");
        var scriptPath = Path.Combine(Path.GetTempPath(), $"ks-formats-{Guid.NewGuid():N}.py");
        File.WriteAllText(scriptPath, script);
        try
        {
            var (code, stdout, stderr) = Execute(python, [scriptPath, .. args]);
            if (code != 0) throw new AssertFailedException($"python script failed (exit {code}):\n{stderr}\n--- script ---\n{script}");
            return stdout;
        }
        finally { File.Delete(scriptPath); }
    }

    private static string? Find(string imports)
    {
        // Debian's own interpreter first: a pyenv or venv python3 on PATH does not see Debian's dist-packages.
        foreach (var candidate in new[] { "/usr/bin/python3", "python3" })
        {
            try
            {
                var (code, _, _) = Execute(candidate, ["-c", imports]);
                if (code == 0) return candidate;
            }
            catch (System.ComponentModel.Win32Exception) { /* not installed */ }
        }
        return null;
    }

    private static (int Code, string Stdout, string Stderr) Execute(string fileName, string[] args)
    {
        var info = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {fileName}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(600_000))
        {
            process.Kill(entireProcessTree: true);
            throw new AssertFailedException($"{fileName} did not finish within 600 s.");
        }
        return (process.ExitCode, stdout.Result, stderr.Result);
    }
}
