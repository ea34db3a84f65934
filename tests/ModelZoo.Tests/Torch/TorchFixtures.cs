using System.Diagnostics;
using System.Text.Json;

namespace KerasSharp.ModelZoo.Tests.Torch;

/// <summary>One tensor as Python described it: name, torch dtype, shape, SHA-256 of its widened values, and where its values lie in the .bin file (if any).</summary>
internal sealed record ExpectedTensor(string Name, string DType, int[] Shape, string Sha256, long Offset, int Count);

/// <summary>
/// The state dicts Debian's PyTorch writes for these tests (see <see cref="TorchFixtureScript"/>), generated once per
/// test run into a temporary folder that is deleted when the process exits. Missing /usr/bin/python3 with torch and
/// torchvision fails the test with what to install: these checks are not optional.
/// </summary>
internal static class TorchFixtures
{
    private static readonly Lazy<string> Generated = new(Generate, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The folder holding the fixtures.</summary>
    public static string Folder => Generated.Value;

    /// <summary>A file the malicious pickles would create if anything ran them.</summary>
    public static string Marker => Path.Combine(Folder, "pwned");

    /// <summary>The path of fixture <paramref name="file"/>.</summary>
    public static string File(string file) => Path.Combine(Folder, file);

    /// <summary>What Python says fixture <paramref name="name"/> holds, in its order.</summary>
    public static List<ExpectedTensor> Expected(string name)
    {
        using var doc = JsonDocument.Parse(System.IO.File.ReadAllText(File(name + ".json")));
        return doc.RootElement.EnumerateArray().Select(e => new ExpectedTensor(
            e.GetProperty("name").GetString()!,
            e.GetProperty("dtype").GetString()!,
            e.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()).ToArray(),
            e.GetProperty("sha256").GetString()!,
            e.TryGetProperty("offset", out var o) ? o.GetInt64() : -1,
            e.TryGetProperty("count", out var c) ? c.GetInt32() : -1)).ToList();
    }

    private static string Generate()
    {
        var python = FindPython() ?? throw new AssertFailedException(
            "These tests need Debian's PyTorch to write their fixtures: /usr/bin/python3 with torch and torchvision. " +
            "Install them with 'apt-get install python3-torch python3-torchvision' (.ci/run installs them).");
        DeleteStaleFolders();
        var folder = Path.Combine(Path.GetTempPath(), $"{FolderPrefix}{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
        };
        var script = Path.Combine(folder, "fixtures.py");
        System.IO.File.WriteAllText(script, TorchFixtureScript.Text);
        var (code, _, stderr) = Run(python, [script, folder, Path.Combine(folder, "pwned")]);
        if (code != 0) throw new AssertFailedException($"the fixture script failed (exit {code}):\n{stderr}");
        return folder;
    }

    private const string FolderPrefix = "ks-torch-fixtures-";

    // The test host may be killed rather than exit, so ProcessExit does not always run: a later run deletes the
    // folders of processes that are gone (the folder name holds the process id).
    private static void DeleteStaleFolders()
    {
        foreach (var dir in Directory.EnumerateDirectories(Path.GetTempPath(), FolderPrefix + "*"))
        {
            var rest = Path.GetFileName(dir)[FolderPrefix.Length..];
            int dash = rest.IndexOf('-');
            if (dash <= 0 || !int.TryParse(rest[..dash], out int pid) || pid == Environment.ProcessId || IsRunning(pid)) continue;
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException) { return false; }
        catch (InvalidOperationException) { return false; }
    }

    private static string? FindPython()
    {
        // Debian's interpreter first: a pyenv or venv python3 on PATH does not see Debian's dist-packages.
        foreach (var candidate in new[] { "/usr/bin/python3", "python3" })
        {
            try
            {
                if (Run(candidate, ["-c", "import torch, torchvision"]).Code == 0) return candidate;
            }
            catch (System.ComponentModel.Win32Exception) { /* not installed */ }
        }
        return null;
    }

    private static (int Code, string Stdout, string Stderr) Run(string fileName, string[] args)
    {
        var info = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {fileName}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(300_000))
        {
            process.Kill(entireProcessTree: true);
            throw new AssertFailedException($"{fileName} did not finish within 300 s.");
        }
        return (process.ExitCode, stdout.Result, stderr.Result);
    }
}
