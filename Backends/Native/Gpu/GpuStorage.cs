using ILGPU;
using KerasSharp.Backends.Native.Gpu.Memory;

namespace KerasSharp.Backends.Native.Gpu;

/// <summary>Device storage of any element type: the accelerator, and the elements viewed as a blittable type.</summary>
public abstract class GpuStorage : NativeStorage
{
    /// <summary>The accelerator the elements live on.</summary>
    public abstract GpuDevice GpuDevice { get; }

    /// <summary>
    /// The elements as a dense device view of <typeparamref name="TS"/>, which has the element type's size (byte for
    /// bool, which ILGPU does not take in kernels); throws once the storage was freed.
    /// </summary>
    public abstract ArrayView<TS> ViewAs<TS>() where TS : unmanaged;
}

/// <summary>
/// Storage of the native backend on a GPU (or the emulated one): a block of device memory from the device's
/// caching allocator, holding <see cref="NativeStorage.Length"/> elements of <typeparamref name="T"/> densely.
/// The block goes back to the cache when the last tensor sharing it is disposed.
/// </summary>
/// <typeparam name="T">float, double, int, long, byte or bool (held as one byte, 0 or 1: kernels see bool tensors as bytes).</typeparam>
public sealed class GpuStorage<T> : GpuStorage where T : unmanaged
{
    private GpuBlock? _block;
    private readonly NativeBackend _backend;
    private readonly int _length;

    internal GpuStorage(NativeBackend backend, GpuDevice device, int length)
    {
        _backend = backend;
        GpuDevice = device;
        _length = length;
        _block = device.Allocator.Rent((long)length * System.Runtime.CompilerServices.Unsafe.SizeOf<T>());
    }

    /// <inheritdoc/>
    public override GpuDevice GpuDevice { get; }

    /// <summary>The elements as a dense device view; for bool storage use <see cref="GpuStorage.ViewAs{TS}"/> with byte.</summary>
    public ArrayView<T> View => ViewAs<T>();

    /// <inheritdoc/>
    public override ArrayView<TS> ViewAs<TS>()
    {
        var block = _block ?? throw new ObjectDisposedException(nameof(GpuStorage<T>), "The tensor's GPU storage was already freed.");
        long bytes = (long)_length * System.Runtime.CompilerServices.Unsafe.SizeOf<T>();
        return ((ArrayView<byte>)block.Buffer.View).SubView(0, bytes).Cast<TS>();
    }

    /// <inheritdoc/>
    public override int Length => _length;

    internal override GpuDevice Accelerator => GpuDevice;

    /// <inheritdoc/>
    public override IBackend Backend => _backend;

    /// <inheritdoc/>
    public override Device Device => GpuDevice.Device;

    /// <inheritdoc/>
    protected override void Free()
    {
        var block = Interlocked.Exchange(ref _block, null);
        if (block is not null) GpuDevice.Allocator.Return(block);
    }
}
