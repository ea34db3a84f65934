using ILGPU;
using ILGPU.Runtime;

namespace KerasSharp.Backends.Native.Gpu.Memory;

/// <summary>A block of device memory of one size class, held by one storage at a time.</summary>
internal sealed class GpuBlock(MemoryBuffer1D<byte, Stride1D.Dense> buffer, long classBytes)
{
    /// <summary>The driver's buffer.</summary>
    public MemoryBuffer1D<byte, Stride1D.Dense> Buffer { get; } = buffer;

    /// <summary>The block's size in bytes (its class).</summary>
    public long ClassBytes { get; } = classBytes;
}

/// <summary>
/// A caching allocator for one device: blocks of a size class (<see cref="SizeClasses"/>) go back to a free list
/// when their tensor is disposed and serve the next request of that class, so a warm training loop takes nothing
/// new from the driver. Work on the device runs on one stream in launch order, so a block reused by a later op is
/// only written after the earlier ops that read it.
/// </summary>
public sealed class CachingAllocator
{
    private readonly GpuDevice _device;
    private readonly Lock _gate = new();
    private readonly Dictionary<long, Stack<GpuBlock>> _free = [];
    private long _allocated, _cached, _peak, _driverAllocations, _driverFrees;

    internal CachingAllocator(GpuDevice device) => _device = device;

    /// <summary>The cap on allocated plus cached bytes, or null for none but the device's own memory.</summary>
    public long? CapBytes { get; set; }

    /// <summary>The statistics now.</summary>
    public MemoryStats Stats
    {
        get { lock (_gate) return new(_allocated, _cached, _peak, _driverAllocations, _driverFrees, CapBytes); }
    }

    /// <summary>Starts the peak again from what is allocated now.</summary>
    public void ResetPeak() { lock (_gate) _peak = _allocated; }

    /// <summary>Returns every cached block to the driver.</summary>
    public void EmptyCache() { lock (_gate) EmptyCacheLocked(); }

    /// <summary>A block of at least <paramref name="bytes"/> bytes, from the cache when one of its class is free.</summary>
    internal GpuBlock Rent(long bytes)
    {
        long cls = SizeClasses.Of(bytes);
        lock (_gate)
        {
            if (_free.TryGetValue(cls, out var stack) && stack.Count > 0)
            {
                var block = stack.Pop();
                _cached -= cls;
                Take(cls);
                return block;
            }
            if (CapBytes is long cap && _allocated + _cached + cls > cap)
            {
                EmptyCacheLocked();
                if (_allocated + cls > cap) throw OutOfMemory(bytes, cls, $"the cap of {cap} bytes (GpuMemory.SetCap)", null);
            }
            MemoryBuffer1D<byte, Stride1D.Dense> buffer;
            try { buffer = _device.Accelerator.Allocate1D<byte>(cls); }
            catch (Exception e) when (IsOutOfMemory(e))
            {
                // Out of memory: give the cache back to the driver once and try again.
                EmptyCacheLocked();
                try { buffer = _device.Accelerator.Allocate1D<byte>(cls); }
                catch (Exception again) when (IsOutOfMemory(again))
                {
                    throw OutOfMemory(bytes, cls, "the device's memory", again);
                }
            }
            _driverAllocations++;
            Take(cls);
            return new GpuBlock(buffer, cls);
        }
    }

    /// <summary>Puts <paramref name="block"/> back in the cache (the storage that held it is freed).</summary>
    internal void Return(GpuBlock block)
    {
        lock (_gate)
        {
            _allocated -= block.ClassBytes;
            if (!_free.TryGetValue(block.ClassBytes, out var stack)) _free[block.ClassBytes] = stack = new Stack<GpuBlock>();
            stack.Push(block);
            _cached += block.ClassBytes;
        }
    }

    private void Take(long cls)
    {
        _allocated += cls;
        if (_allocated > _peak) _peak = _allocated;
    }

    private void EmptyCacheLocked()
    {
        foreach (var stack in _free.Values)
            while (stack.TryPop(out var block))
            {
                block.Buffer.Dispose();
                _cached -= block.ClassBytes;
                _driverFrees++;
            }
    }

    private static bool IsOutOfMemory(Exception e) =>
        e is OutOfMemoryException || e.Message.Contains("OUT_OF_MEMORY", StringComparison.OrdinalIgnoreCase)
        || e.Message.Contains("out of memory", StringComparison.OrdinalIgnoreCase);

    private GpuOutOfMemoryException OutOfMemory(long bytes, long cls, string limit, Exception? inner) =>
        new($"Out of memory on {_device.Device}: a tensor needs {bytes} bytes (a {cls}-byte block) and {_allocated} bytes are held " +
            $"by live tensors ({_cached} cached after emptying the cache), past {limit}. Dispose tensors you no longer need " +
            "(or use a TensorScope), use a smaller batch, or raise the cap.", inner);
}
