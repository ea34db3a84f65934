using System.Diagnostics;

namespace KerasSharp.Models.Tests.Saving.Formats;

/// <summary>
/// Runs Python scripts written by the tests, as an independent reader and writer of the formats.
/// Missing Python, numpy or h5py fails the test with what to install (these checks are not optional).
/// </summary>
internal static class Python
{
    private static readonly Lazy<string?> NumpyPython = new(() => Find("import numpy"));
    private static readonly Lazy<string?> H5pyPython = new(() => Find("import numpy, h5py"));

    /// <summary>Runs <paramref name="script"/> with <paramref name="args"/>; returns stdout, fails the test on a non-zero exit.</summary>
    public static string Run(string script, bool needsH5py, params string[] args)
    {
        var python = (needsH5py ? H5pyPython : NumpyPython).Value
            ?? throw new AssertFailedException(
                $"These tests need python3 with numpy{(needsH5py ? " and h5py" : "")}: install the Debian package python3-h5py " +
                "(apt-get install python3-h5py; it brings python3-numpy). .ci/run installs it.");
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
        if (!process.WaitForExit(120_000))
        {
            process.Kill(entireProcessTree: true);
            throw new AssertFailedException($"{fileName} did not finish within 120 s.");
        }
        return (process.ExitCode, stdout.Result, stderr.Result);
    }
}
