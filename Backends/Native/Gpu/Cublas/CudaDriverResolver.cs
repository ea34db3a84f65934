using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Loader;

namespace KerasSharp.Backends.Native.Gpu.Cublas;

/// <summary>
/// Lets ILGPU find the CUDA driver on machines that have only <c>libcuda.so.1</c>. ILGPU imports the driver as
/// <c>cuda</c>, which .NET looks up as <c>libcuda.so</c>: the unversioned name comes with the CUDA toolkit's
/// development files and with some driver packages, but a driver-only machine or container may have only the
/// versioned file. When the normal lookup fails, this falls back to <c>libcuda.so.1</c>. Call once before creating
/// a CUDA context; later calls do nothing.
/// </summary>
internal static class CudaDriverResolver
{
    private static int _installed;

    /// <summary>Adds the fallback to the default load context (once per process).</summary>
    public static void Install()
    {
        if (Interlocked.Exchange(ref _installed, 1) == 1) return;
        AssemblyLoadContext.Default.ResolvingUnmanagedDll += Resolve;
    }

    /// <summary>The file names tried for an import name that failed to load (none for other libraries).</summary>
    public static IReadOnlyList<string> Fallbacks(string importName) =>
        OperatingSystem.IsLinux() && importName is "cuda" or "libcuda" or "libcuda.so" ? ["libcuda.so.1"] : [];

    private static IntPtr Resolve(Assembly assembly, string name)
    {
        foreach (var file in Fallbacks(name))
            if (NativeLibrary.TryLoad(file, out var handle)) return handle;
        return IntPtr.Zero;
    }
}
