using System.Diagnostics;

namespace KerasSharp.Backends.Torch.Tests;

/// <summary>
/// The backend loads in a fresh process from an app folder holding the library exactly as NuGet ships it
/// (GLIBCXX_3.4.32 required strongly): the start-up fix must run by itself.
/// </summary>
[TestClass]
public sealed class LoadTests
{
    private const string Version = "GLIBCXX_3.4.32";

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public void LoadsInFreshProcessPatchingInPlace()
    {
        var app = MakeFreshApp(out var lib);
        try
        {
            var (code, output) = RunProbe(app, new Dictionary<string, string>());
            Assert.AreEqual(0, code, output);
            StringAssert.Contains(output, "matmul=7,10,15,22", output);
            StringAssert.Contains(output, "backend=torch", output);
            if (SystemLacksVersion())
            {
                StringAssert.Contains(output, "patched " + lib + " in place", output);
                Assert.IsFalse(ElfVersionPatcher.RequiresStrongly(lib, Version), "the app's library is now patched");
            }
        }
        finally { Directory.Delete(app, recursive: true); }
    }

    [TestMethod]
    public void LoadsInFreshProcessFromPatchedCopyWhenOutputCannotBeChanged()
    {
        if (!SystemLacksVersion()) Assert.Inconclusive($"The system libstdc++ has {Version}: no patch is needed here.");
        var app = MakeFreshApp(out var lib);
        var cache = Path.Combine(Path.GetTempPath(), "ks-torch-cache-" + Guid.NewGuid().ToString("N"));
        try
        {
            // KERASSHARP_TORCH_PATCH_COPY=1 takes the read-only-folder path (root can write anywhere, so it is forced)
            var (code, output) = RunProbe(app, new() { ["KERASSHARP_TORCH_PATCH_COPY"] = "1", ["KERASSHARP_CACHE"] = cache });
            Assert.AreEqual(0, code, output);
            StringAssert.Contains(output, "matmul=7,10,15,22", output);
            StringAssert.Contains(output, "preloaded patched copy " + cache, output);
            Assert.IsTrue(ElfVersionPatcher.RequiresStrongly(lib, Version), "the app folder's library must stay untouched");
        }
        finally
        {
            Directory.Delete(app, recursive: true);
            if (Directory.Exists(cache)) Directory.Delete(cache, recursive: true);
        }
    }

    private static bool SystemLacksVersion() =>
        OperatingSystem.IsLinux() && TorchNativeLoader.FindLibStdCxx() is { } p && !TorchNativeLoader.ContainsString(p, Version);

    /// <summary>
    /// A throw-away app folder: this test's managed assemblies and deps.json, libtorch linked from the test output,
    /// and libLibTorchSharp.so copied from the NuGet package (unpatched).
    /// </summary>
    private static string MakeFreshApp(out string lib)
    {
        if (!OperatingSystem.IsLinux()) Assert.Inconclusive("The fresh-process probe is written for Linux.");
        var output = AppContext.BaseDirectory;
        var app = Path.Combine(Path.GetTempPath(), "ks-torch-app-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(app);
        foreach (var f in Directory.EnumerateFiles(output).Where(f => f.EndsWith(".dll") || f.EndsWith(".json")))
            File.Copy(f, Path.Combine(app, Path.GetFileName(f)));
        var nativeOut = Path.Combine(output, "runtimes", "linux-x64", "native");
        var native = Path.Combine(app, "runtimes", "linux-x64", "native");
        Directory.CreateDirectory(native);
        foreach (var f in Directory.EnumerateFiles(nativeOut).Where(f => Path.GetFileName(f) != TorchNativeLoader.LibraryFile))
            File.CreateSymbolicLink(Path.Combine(native, Path.GetFileName(f)), f);
        lib = Path.Combine(native, TorchNativeLoader.LibraryFile);
        File.Copy(PackagedLibrary(), lib);
        if (SystemLacksVersion())
            Assert.IsTrue(ElfVersionPatcher.RequiresStrongly(lib, Version), "the packaged library should require " + Version);
        return app;
    }

    /// <summary>The library as the TorchSharp package ships it, from the NuGet package folder.</summary>
    private static string PackagedLibrary()
    {
        var root = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } p
            ? p : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var version = typeof(TorchSharp.torch).Assembly.GetName().Version!;
        var path = Path.Combine(root, "torchsharp", $"{version.Major}.{version.Minor}.{version.Build}", "runtimes", "linux-x64", "native", TorchNativeLoader.LibraryFile);
        Assert.IsTrue(File.Exists(path), "TorchSharp's packaged native library not found at " + path);
        return path;
    }

    private (int Code, string Output) RunProbe(string app, Dictionary<string, string> env)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { "exec", "--runtimeconfig", Path.Combine(app, "KerasSharp.Backends.Torch.Tests.runtimeconfig.json"),
                     "--depsfile", Path.Combine(app, "KerasSharp.Backends.Torch.Tests.deps.json"), Path.Combine(app, "LoadProbe.dll") })
            psi.ArgumentList.Add(a);
        foreach (var (k, v) in env) psi.Environment[k] = v;
        psi.Environment.Remove("KERASSHARP_BACKEND");
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync(TestContext.CancellationToken);
        var stderr = p.StandardError.ReadToEndAsync(TestContext.CancellationToken);
        if (!p.WaitForExit(TimeSpan.FromMinutes(2))) { p.Kill(true); Assert.Fail("the probe did not finish in 2 minutes"); }
        return (p.ExitCode, stdout.Result + stderr.Result);
    }
}
