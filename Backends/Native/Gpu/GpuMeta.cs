using ILGPU;
using ILGPU.Runtime;

namespace KerasSharp.Backends.Native.Gpu;

/// <summary>
/// Small int arrays of shape metadata (dims, strides) in device memory, cached by content per device so a
/// training loop that repeats its shapes copies none after the first step.
/// </summary>
internal static class GpuMeta
{
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<GpuDevice, Dictionary<string, MemoryBuffer1D<int, Stride1D.Dense>>> Caches = new();

    // Past this many distinct entries the cache starts again (shapes of a long-running process with varying shapes).
    private const int MaxEntries = 4096;

    /// <summary>The values on the device.</summary>
    public static ArrayView<int> Of(GpuDevice device, int[] values)
    {
        var cache = Caches.GetOrCreateValue(device);
        var key = string.Join(",", values);
        lock (cache)
        {
            if (cache.TryGetValue(key, out var buffer)) return buffer.View;
            if (cache.Count >= MaxEntries)
            {
                device.Synchronize();
                foreach (var b in cache.Values) b.Dispose();
                cache.Clear();
            }
            buffer = device.Accelerator.Allocate1D(values);
            cache[key] = buffer;
            return buffer.View;
        }
    }
}
