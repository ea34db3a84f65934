using System.Collections.Concurrent;
using ILGPU;
using ILGPU.Runtime;
using ILGPU.Algorithms;
using ILGPU.Runtime.CPU;
using ILGPU.Runtime.Cuda;
using KerasSharp.Backends.Native.Gpu.Memory;

namespace KerasSharp.Backends.Native.Gpu;

/// <summary>
/// One accelerator of the native backend: an ILGPU context and accelerator for a <see cref="Device"/>
/// (a CUDA GPU, or ILGPU's CPU accelerator for <see cref="DeviceType.Emulated"/>), its caching allocator and its
/// loaded kernels. Created on first use and kept for the process.
/// </summary>
public sealed class GpuDevice
{
    private static readonly ConcurrentDictionary<Device, Lazy<GpuDevice>> Devices = new();
    private readonly ConcurrentDictionary<MethodInfoKey, Delegate> _kernels = new();

    private GpuDevice(Device device, Context context, Accelerator accelerator)
    {
        Device = device;
        Context = context;
        Accelerator = accelerator;
        Allocator = new CachingAllocator(this);
    }

    /// <summary>The device this accelerator stands for.</summary>
    public Device Device { get; }

    /// <summary>The ILGPU context.</summary>
    public Context Context { get; }

    /// <summary>The ILGPU accelerator; kernels launch on its default stream, in order.</summary>
    public Accelerator Accelerator { get; }

    /// <summary>The caching allocator every tensor on this device takes its memory from.</summary>
    public CachingAllocator Allocator { get; }

    /// <summary>Whether <paramref name="device"/> is one the native backend runs GPU kernels on (cuda or emulated).</summary>
    public static bool IsGpuKind(Device device) => device.Type == DeviceType.Cuda || device.Type == DeviceType.Emulated;

    /// <summary>
    /// Whether <paramref name="device"/> can be opened; if not, <paramref name="reason"/> says what is missing
    /// (the CUDA driver, or the device index).
    /// </summary>
    public static bool TryCheck(Device device, out string reason)
    {
        try
        {
            Get(device);
            reason = "";
            return true;
        }
        catch (NotSupportedException e)
        {
            reason = e.Message;
            return false;
        }
    }

    /// <summary>The accelerator of <paramref name="device"/>, created on first use.</summary>
    /// <exception cref="NotSupportedException">No CUDA driver, no device of that index, or not a GPU kind.</exception>
    public static GpuDevice Get(Device device)
    {
        var lazy = Devices.GetOrAdd(device, d => new Lazy<GpuDevice>(() => Open(d)));
        try { return lazy.Value; }
        catch (NotSupportedException)
        {
            Devices.TryRemove(new KeyValuePair<Device, Lazy<GpuDevice>>(device, lazy));
            throw;
        }
    }

    private static GpuDevice Open(Device device)
    {
        if (device.Type == DeviceType.Emulated)
        {
            // Each emulated index is its own accelerator (its own memory and allocator), as separate GPUs would be.
            var context = Context.Create(b => b.CPU().EnableAlgorithms());
            return new GpuDevice(device, context, context.GetCPUDevice(0).CreateAccelerator(context));
        }
        if (device.Type != DeviceType.Cuda)
            throw new NotSupportedException($"the native backend has no kernels for {device.Type.Name} devices (it runs on cpu, cuda:N and emulated:N)");
        Context cuda;
        try { cuda = Context.Create(b => b.Cuda().EnableAlgorithms()); }
        catch (Exception e) when (e is DllNotFoundException or TypeInitializationException or NotSupportedException or InvalidOperationException)
        {
            throw new NotSupportedException($"no CUDA driver could be loaded (libcuda.so / nvcuda.dll: {e.Message}); install the NVIDIA driver or use Device.Emulated to try GPU placement on the CPU", e);
        }
        int count = cuda.GetDevices<CudaDevice>().Count;
        if (count == 0)
        {
            cuda.Dispose();
            throw new NotSupportedException("no CUDA driver or no NVIDIA GPU was found (ILGPU lists no CUDA device); install the NVIDIA driver, or use Device.Emulated to try GPU placement on the CPU");
        }
        if (device.Index >= count)
        {
            cuda.Dispose();
            throw new NotSupportedException($"there is no CUDA device {device.Index}; this machine has {count} (cuda:0..cuda:{count - 1})");
        }
        return new GpuDevice(device, cuda, cuda.GetDevice<CudaDevice>(device.Index).CreateAccelerator(cuda));
    }

    /// <summary>
    /// The kernel for <paramref name="method"/> (a closed static kernel method), loaded once per accelerator and
    /// launched on the default stream with automatic grouping.
    /// </summary>
    internal TDelegate Kernel<TDelegate>(Delegate method, Func<Accelerator, TDelegate> load) where TDelegate : Delegate
    {
        var key = new MethodInfoKey(method.Method.MethodHandle.Value, typeof(TDelegate).TypeHandle.Value);
        if (_kernels.TryGetValue(key, out var loaded)) return (TDelegate)loaded;
        lock (_compileGate)
        {
            if (_kernels.TryGetValue(key, out loaded)) return (TDelegate)loaded;
            try
            {
                var kernel = load(Accelerator);
                _kernels[key] = kernel;
                return kernel;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // A kernel ILGPU cannot compile leaves half-built methods in the context; drop them so later kernels compile.
                Context.ClearCache(ClearCacheMode.Everything);
                _kernels.Clear();
                throw new NotSupportedException(
                    $"The GPU kernel {method.Method.DeclaringType?.Name}.{method.Method.Name}[{string.Join(", ", method.Method.GetGenericArguments().Select(t => t.Name))}] " +
                    $"could not be compiled for {Device}: {e.Message}", e);
            }
        }
    }

    private readonly Lock _compileGate = new();

    /// <summary>Waits for every launched kernel and copy.</summary>
    public void Synchronize() => Accelerator.Synchronize();

    private readonly record struct MethodInfoKey(nint Method, nint Delegate);

    /// <inheritdoc/>
    public override string ToString() => $"{Device} ({Accelerator.Name})";
}
