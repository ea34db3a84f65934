using KerasSharp.Backends.Native.Gpu;
using static KerasSharp.Backends.Native.Tests.Emulated.EmulatedUtil;

namespace KerasSharp.Backends.Native.Tests.Emulated;

/// <summary>
/// The caching allocator on its own emulated device (emulated:1, so other tests' tensors do not move its figures):
/// reuse, statistics, the cap, out-of-memory and flat memory across a training-like loop.
/// </summary>
[TestClass]
[DoNotParallelize]
public class EmulatedMemoryTests
{
    private static readonly Device Dev = new(DeviceType.Emulated, 1);

    [TestCleanup]
    public void Cleanup()
    {
        GpuMemory.SetCap(Dev, null);
        GpuMemory.EmptyCache(Dev);
    }

    [TestMethod]
    public void SizeClassesRoundUpByQuarters()
    {
        Assert.AreEqual(512, Backends.Native.Gpu.Memory.SizeClasses.Of(1));
        Assert.AreEqual(512, Backends.Native.Gpu.Memory.SizeClasses.Of(512));
        Assert.AreEqual(640, Backends.Native.Gpu.Memory.SizeClasses.Of(513));
        Assert.AreEqual(1024, Backends.Native.Gpu.Memory.SizeClasses.Of(1000));
        Assert.AreEqual(1280, Backends.Native.Gpu.Memory.SizeClasses.Of(1025));
        Assert.AreEqual(4 << 20, Backends.Native.Gpu.Memory.SizeClasses.Of(4 << 20));
        Assert.AreEqual(5 << 20, Backends.Native.Gpu.Memory.SizeClasses.Of((4 << 20) + 1));
    }

    [TestMethod]
    public void DisposedStorageReturnsToTheCacheAndIsReused()
    {
        GpuMemory.EmptyCache(Dev);
        var before = GpuMemory.Stats(Dev);
        var t = B.Full(new Shape(1000), DType.Float32, 1, Dev); // 4000 bytes: the 4096 class
        var held = GpuMemory.Stats(Dev);
        Assert.AreEqual(before.AllocatedBytes + 4096, held.AllocatedBytes);
        Assert.AreEqual(before.DriverAllocations + 1, held.DriverAllocations);
        t.Dispose();
        var freed = GpuMemory.Stats(Dev);
        Assert.AreEqual(before.AllocatedBytes, freed.AllocatedBytes);
        Assert.AreEqual(before.CachedBytes + 4096, freed.CachedBytes);
        using var again = B.Full(new Shape(900), DType.Float32, 2, Dev); // 3600 bytes: the same class
        var reused = GpuMemory.Stats(Dev);
        Assert.AreEqual(freed.DriverAllocations, reused.DriverAllocations, "the cached block serves the request");
        Assert.AreEqual(before.CachedBytes, reused.CachedBytes);
        Assert.IsGreaterThanOrEqualTo(before.AllocatedBytes + 4096, reused.PeakAllocatedBytes);
        CollectionAssert.AreEqual(Enumerable.Repeat(2f, 900).ToArray(), Read<float>(again));
    }

    [TestMethod]
    public void EmptyCacheReturnsBlocksToTheDriver()
    {
        B.Full(new Shape(10_000), DType.Float64, 0, Dev).Dispose();
        var cached = GpuMemory.Stats(Dev);
        Assert.IsGreaterThan(0L, cached.CachedBytes);
        GpuMemory.EmptyCache(Dev);
        var empty = GpuMemory.Stats(Dev);
        Assert.AreEqual(0, empty.CachedBytes);
        Assert.IsGreaterThan(cached.DriverFrees, empty.DriverFrees);
    }

    [TestMethod]
    public void TheCapEmptiesTheCacheOnceThenFailsNamingTheSizes()
    {
        GpuMemory.EmptyCache(Dev);
        long live = GpuMemory.Stats(Dev).AllocatedBytes;
        GpuMemory.SetCap(Dev, live + 64 * 1024);
        B.Full(new Shape(8 * 1024), DType.Float32, 0, Dev).Dispose(); // 32 KiB now cached
        using var other = B.Full(new Shape(12 * 1024), DType.Float32, 0, Dev); // 48 KiB: over the cap unless the cache is emptied
        Assert.AreEqual(0, GpuMemory.Stats(Dev).CachedBytes, "the cache was given back to make room");
        var e = Assert.ThrowsExactly<GpuOutOfMemoryException>(() => B.Full(new Shape(8 * 1024), DType.Float32, 0, Dev));
        StringAssert.Contains(e.Message, "emulated:1");
        StringAssert.Contains(e.Message, "32768 bytes");
        StringAssert.Contains(e.Message, "cap");
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => GpuMemory.SetCap(Dev, -1));
    }

    [TestMethod]
    public void AWarmTrainingLikeLoopTakesNothingNewFromTheDriverAndStaysFlat()
    {
        using var w = B.FromHost(Floats(32 * 16, 1), new Shape(32, 16), DType.Float32, Dev);
        using var x = B.FromHost(Floats(8 * 16, 2), new Shape(8, 16), DType.Float32, Dev);
        MemoryStats Step()
        {
            using var scope = new TensorScope();
            var h = Ops.Relu(Ops.Add(Ops.ExpandDims(x, 1), Ops.ExpandDims(w, 0))); // [8, 32, 16]
            var s = Ops.Softmax(Ops.Sum(h, 2), -1);
            var g = Ops.Mean(Ops.Square(Ops.Subtract(s, Ops.Mean(s, 0, keepDims: true))), 0);
            _ = Ops.Multiply(g, g);
            return GpuMemory.Stats(Dev);
        }
        Step();
        Step();
        var warm = GpuMemory.Stats(Dev);
        for (int i = 0; i < 20; i++) Step();
        var after = GpuMemory.Stats(Dev);
        Assert.AreEqual(warm.DriverAllocations, after.DriverAllocations, "warm steps take every block from the cache");
        Assert.AreEqual(warm.AllocatedBytes, after.AllocatedBytes, "nothing leaks across steps");
        Assert.AreEqual(warm.ReservedBytes, after.ReservedBytes, "memory is flat");
    }
}
