namespace KerasSharp.Backends.Native;

/// <summary>
/// Storage of the native backend: host arrays (<see cref="HostStorage{T}"/>, reached through
/// <see cref="NativeTensors"/>) or device memory (<see cref="Gpu.GpuStorage{T}"/>).
/// </summary>
public abstract class NativeStorage : TensorStorage
{
    /// <summary>Number of elements held.</summary>
    public abstract int Length { get; }

    /// <summary>The accelerator holding the elements, or null for host memory.</summary>
    internal virtual Gpu.GpuDevice? Accelerator => null;
}

/// <summary>A contiguous row-major host array of <typeparamref name="T"/>.</summary>
/// <typeparam name="T">float, double, int, long, byte or bool.</typeparam>
public sealed class HostStorage<T> : NativeStorage where T : unmanaged
{
    private T[]? _data;
    private readonly NativeBackend _backend;
    private readonly bool _pooled;

    /// <param name="backend">The owner.</param>
    /// <param name="data">The elements.</param>
    /// <param name="pooled">True when nothing else holds <paramref name="data"/>, so it may go back to <see cref="BufferPool{T}"/> on free.</param>
    internal HostStorage(NativeBackend backend, T[] data, bool pooled)
    {
        _backend = backend;
        _data = data;
        _pooled = pooled;
    }

    /// <summary>The elements; throws once the storage was freed.</summary>
    public T[] Data => _data ?? throw new ObjectDisposedException(nameof(HostStorage<T>), "The tensor's native storage was already freed.");

    /// <inheritdoc/>
    public override int Length => Data.Length;

    /// <inheritdoc/>
    public override IBackend Backend => _backend;

    /// <inheritdoc/>
    public override Device Device => Device.Cpu;

    /// <summary>
    /// What <see cref="GemmPackedOperands"/> keeps for this storage as a GEMM's right-hand operand (a use count, then
    /// its packed panels): valid for the storage's life, since tensors never change.
    /// </summary>
    internal object? PackedOperand;

    /// <inheritdoc/>
    /// <remarks>The array goes back to the pool for the next op of the same size; later use of this storage throws.</remarks>
    protected override void Free()
    {
        GemmPackedOperands.Release(Interlocked.Exchange(ref PackedOperand, null));
        var data = Interlocked.Exchange(ref _data, null);
        if (_pooled && data is not null) BufferPool<T>.Return(data);
    }
}
