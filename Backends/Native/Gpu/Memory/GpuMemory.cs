namespace KerasSharp.Backends.Native.Gpu;

/// <summary>
/// The native backend's GPU memory, per device: statistics, a cap, and emptying the cache. Tensors' blocks go back
/// to the cache when the tensor is disposed and serve the next request of their size class.
/// </summary>
public static class GpuMemory
{
    /// <summary>The statistics of <paramref name="device"/> (a cuda or emulated device).</summary>
    public static MemoryStats Stats(Device device) => GpuDevice.Get(device).Allocator.Stats;

    /// <summary>Returns every cached (free) block of <paramref name="device"/> to the driver; live tensors keep theirs.</summary>
    public static void EmptyCache(Device device) => GpuDevice.Get(device).Allocator.EmptyCache();

    /// <summary>
    /// Caps what the allocator of <paramref name="device"/> holds (allocated plus cached) at <paramref name="bytes"/>,
    /// or removes the cap when null. A request past the cap empties the cache once, then fails with
    /// <see cref="GpuOutOfMemoryException"/>.
    /// </summary>
    public static void SetCap(Device device, long? bytes)
    {
        if (bytes is < 0) throw new ArgumentOutOfRangeException(nameof(bytes), $"SetCap: the cap must be >= 0 bytes, got {bytes}.");
        GpuDevice.Get(device).Allocator.CapBytes = bytes;
    }

    /// <summary>Starts the peak of <paramref name="device"/> again from what is allocated now.</summary>
    public static void ResetPeak(Device device) => GpuDevice.Get(device).Allocator.ResetPeak();
}
