using System.Runtime.InteropServices;

namespace KerasSharp.Backends.Native.Gpu.Cublas;

/// <summary>
/// Finds and opens cuBLAS: the path in <c>KERASSHARP_CUBLAS_PATH</c> when set (and only it), otherwise
/// <c>libcublas.so.13</c>, then <c>libcublas.so.12</c> (CUDA 13 and 12; on Windows <c>cublas64_13.dll</c>,
/// <c>cublas64_12.dll</c>) through the system's library search. The first that opens and exports every function
/// used wins; the probe runs once per process.
/// </summary>
internal static class CublasLibrary
{
    /// <summary>Environment variable holding a full path to the cuBLAS library, which then is the only one tried.</summary>
    public const string PathVariable = "KERASSHARP_CUBLAS_PATH";

    private static readonly Lazy<(CublasApi? Api, string? Error)> Probed = new(() => Probe(Environment.GetEnvironmentVariable(PathVariable), TryOpen));

    /// <summary>The opened library, or null when none was found (<see cref="LoadError"/> says why).</summary>
    public static CublasApi? Api => Probed.Value.Api;

    /// <summary>Why no library was opened (null when one was).</summary>
    public static string? LoadError => Probed.Value.Error;

    /// <summary>The names tried, in order, given the value of <see cref="PathVariable"/>.</summary>
    public static IReadOnlyList<string> Candidates(string? pathVariable)
    {
        if (!string.IsNullOrWhiteSpace(pathVariable)) return [pathVariable];
        return OperatingSystem.IsWindows() ? ["cublas64_13.dll", "cublas64_12.dll"] : ["libcublas.so.13", "libcublas.so.12"];
    }

    /// <summary>
    /// Tries the candidates in order with <paramref name="open"/> (returns a library handle, or zero when the name
    /// does not open); returns the first library that has every function, or the error naming what was tried.
    /// </summary>
    public static (CublasApi? Api, string? Error) Probe(string? pathVariable, Func<string, IntPtr> open)
    {
        var tried = new List<string>();
        foreach (var name in Candidates(pathVariable))
        {
            var handle = open(name);
            if (handle == IntPtr.Zero)
            {
                tried.Add($"{name} (not found)");
                continue;
            }
            var missing = CublasApi.MissingExport(handle);
            if (missing is not null)
            {
                tried.Add($"{name} (no export {missing})");
                continue;
            }
            return (new CublasApi(handle, name), null);
        }
        string hint = string.IsNullOrWhiteSpace(pathVariable)
            ? $"Install the CUDA 13 or 12 cuBLAS library (e.g. Python's nvidia-cublas package ships libcublas.so.13) and put its folder on the library path, or set {PathVariable} to the library's full path."
            : $"{PathVariable} is set: point it at a CUDA 13 or 12 libcublas, or unset it to search the library path.";
        return (null, $"cuBLAS: no usable library; tried {string.Join(", ", tried)}. {hint}");
    }

    private static IntPtr TryOpen(string name) => NativeLibrary.TryLoad(name, out var handle) ? handle : IntPtr.Zero;
}
