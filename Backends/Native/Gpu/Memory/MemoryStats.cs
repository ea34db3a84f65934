namespace KerasSharp.Backends.Native.Gpu;

/// <summary>
/// The memory of one GPU device as the native backend's caching allocator sees it. Sizes are in bytes and count
/// whole size-class blocks (a request rounds up to its class).
/// </summary>
/// <param name="AllocatedBytes">Held by live tensors now.</param>
/// <param name="CachedBytes">Freed by tensors and kept for reuse (not returned to the driver).</param>
/// <param name="PeakAllocatedBytes">The most <paramref name="AllocatedBytes"/> ever was (see <see cref="Memory.CachingAllocator.ResetPeak"/>).</param>
/// <param name="DriverAllocations">Blocks ever allocated from the driver; a warm training step adds none.</param>
/// <param name="DriverFrees">Blocks ever returned to the driver (by <see cref="GpuMemory.EmptyCache"/> or out-of-memory recovery).</param>
/// <param name="CapBytes">The most the allocator may hold (allocated plus cached), or null for no cap but the device's.</param>
public readonly record struct MemoryStats(
    long AllocatedBytes, long CachedBytes, long PeakAllocatedBytes, long DriverAllocations, long DriverFrees, long? CapBytes)
{
    /// <summary>Allocated plus cached: what the allocator holds from the driver.</summary>
    public long ReservedBytes => AllocatedBytes + CachedBytes;
}
