using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;
using TorchSharp;

namespace KerasSharp.Backends.Torch;

/// <summary>
/// Loads TorchSharp's native library once per process. On Linux systems whose libstdc++ lacks
/// <c>GLIBCXX_3.4.32</c> (Debian 12, Ubuntu 22.04) it first marks that one requirement of
/// <c>libLibTorchSharp.so</c> weak: only <c>std::ios_base_library_init()</c> carries it, and nothing calls it.
/// </summary>
internal static class TorchNativeLoader
{
    internal const string MissingVersion = "GLIBCXX_3.4.32";
    internal const string LibraryFile = "libLibTorchSharp.so";
    private static readonly Lock Gate = new();
    private static bool _loaded;
    private static IntPtr _preloaded;

    /// <summary>What start-up did about the GLIBCXX requirement (for tests and error messages).</summary>
    internal static string Report { get; private set; } = "not started";

    /// <summary>Patches the library where needed, then initialises libtorch on the CPU.</summary>
    public static void EnsureLoaded()
    {
        lock (Gate)
        {
            if (_loaded) return;
            string? lib = null;
            try
            {
                lib = PrepareLinux();
                torch.InitializeDeviceType(TorchSharp.DeviceType.CPU);
            }
            catch (Exception e) when (e is not InvalidOperationException { Source: "KerasSharp" })
            {
                var libstdcxx = FindLibStdCxx();
                var cause = OperatingSystem.IsLinux() && libstdcxx is not null && !ContainsString(libstdcxx, MissingVersion)
                    ? $"the system libstdc++ ({libstdcxx}) lacks {MissingVersion}, which {lib ?? LibraryFile} asks for; start-up tried: {Report}"
                    : $"start-up: {Report}";
                throw new InvalidOperationException(
                    $"The torch backend could not load TorchSharp's native library {lib ?? LibraryFile}: {cause}. ({e.GetType().Name}: {e.Message})", e)
                { Source = "KerasSharp" };
            }
            _loaded = true;
        }
    }

    /// <summary>Applies the fix when needed; returns the library path it looked at (null off Linux or when not found).</summary>
    private static string? PrepareLinux()
    {
        if (!OperatingSystem.IsLinux()) { Report = "not Linux: nothing to patch"; return null; }
        var libstdcxx = FindLibStdCxx();
        if (libstdcxx is not null && ContainsString(libstdcxx, MissingVersion))
        {
            Report = $"{libstdcxx} has {MissingVersion}: nothing to patch";
            return null;
        }
        var lib = FindTorchSharpLibrary();
        if (lib is null) { Report = $"{LibraryFile} not found next to the application"; return null; }
        if (!ElfVersionPatcher.RequiresStrongly(lib, MissingVersion))
        {
            Report = $"{lib} is already patched";
            return lib;
        }
        bool forceCopy = Environment.GetEnvironmentVariable("KERASSHARP_TORCH_PATCH_COPY") == "1";
        if (!forceCopy)
        {
            try
            {
                ElfVersionPatcher.MarkWeak(lib, MissingVersion);
                Report = $"patched {lib} in place";
                return lib;
            }
            catch (Exception e) when (e is UnauthorizedAccessException or IOException) { Report = $"{lib} is read-only ({e.Message}); "; }
        }
        var copy = PatchedCopy(lib);
        PreloadCopy(lib, copy);
        Report += $"preloaded patched copy {copy}";
        return copy;
    }

    /// <summary>A patched copy of <paramref name="lib"/> in the user's cache folder.</summary>
    private static string PatchedCopy(string lib)
    {
        var info = new FileInfo(lib);
        var key = $"{info.Length:x}-{info.LastWriteTimeUtc.Ticks:x}";
        var root = Environment.GetEnvironmentVariable("KERASSHARP_CACHE") is { Length: > 0 } c
            ? c : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "kerassharp");
        var dir = Path.Combine(root, "torch-native", key);
        Directory.CreateDirectory(dir);
        var copy = Path.Combine(dir, LibraryFile);
        if (!File.Exists(copy) || ElfVersionPatcher.RequiresStrongly(copy, MissingVersion))
        {
            var temp = copy + $".{Environment.ProcessId}.tmp";
            File.Copy(lib, temp, overwrite: true);
            ElfVersionPatcher.MarkWeak(temp, MissingVersion);
            File.Move(temp, copy, overwrite: true);
        }
        return copy;
    }

    /// <summary>
    /// Loads libtorch from beside the original library (the copy's $ORIGIN run path cannot find it), then the
    /// patched copy, and points TorchSharp's imports of LibTorchSharp at that handle.
    /// </summary>
    private static void PreloadCopy(string original, string copy)
    {
        var dir = Path.GetDirectoryName(original)!;
        foreach (var dep in new[] { "libc10.so", "libtorch_cpu.so", "libtorch.so" })
        {
            var p = Path.Combine(dir, dep);
            if (File.Exists(p)) NativeLibrary.Load(p);
        }
        _preloaded = NativeLibrary.Load(copy);
        try
        {
            NativeLibrary.SetDllImportResolver(typeof(torch).Assembly, static (name, _, _) =>
                name is "LibTorchSharp" or "libLibTorchSharp" or LibraryFile ? _preloaded : IntPtr.Zero);
        }
        catch (InvalidOperationException)
        {
            // TorchSharp set its own resolver; the loader still finds the preloaded library by its soname.
        }
    }

    /// <summary>The libstdc++.so.6 this process uses (from /proc/self/maps), else the usual system paths.</summary>
    internal static string? FindLibStdCxx()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/maps"))
            {
                int slash = line.IndexOf('/');
                if (slash >= 0 && line.Contains("/libstdc++.so.6", StringComparison.Ordinal)) return line[slash..].Trim();
            }
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        string[] candidates =
        [
            "/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "/lib/x86_64-linux-gnu/libstdc++.so.6",
            "/usr/lib/aarch64-linux-gnu/libstdc++.so.6", "/usr/lib64/libstdc++.so.6", "/usr/lib/libstdc++.so.6",
        ];
        return candidates.FirstOrDefault(File.Exists);
    }

    /// <summary>Whether the file holds <paramref name="text"/> as a NUL-terminated string.</summary>
    internal static bool ContainsString(string path, string text)
    {
        var needle = Encoding.ASCII.GetBytes(text + "\0");
        return File.ReadAllBytes(path).AsSpan().IndexOf(needle) >= 0;
    }

    /// <summary>libLibTorchSharp.so where the runtime would look for it: the app's native search folders.</summary>
    internal static string? FindTorchSharpLibrary()
    {
        var dirs = new List<string>();
        if (AppContext.GetData("NATIVE_DLL_SEARCH_DIRECTORIES") is string search)
            dirs.AddRange(search.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries));
        var rid = RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? "linux-arm64" : "linux-x64";
        foreach (var baseDir in new[] { AppContext.BaseDirectory, Path.GetDirectoryName(typeof(torch).Assembly.Location) })
        {
            if (string.IsNullOrEmpty(baseDir)) continue;
            dirs.Add(baseDir);
            dirs.Add(Path.Combine(baseDir, "runtimes", rid, "native"));
        }
        return dirs.Select(d => Path.Combine(d, LibraryFile)).FirstOrDefault(File.Exists);
    }
}
