namespace KerasSharp.Backends.Native;

/// <summary>The one place kernels get element buffers from and wrap results into tensors.</summary>
internal static class NativeTensors
{
    /// <summary>The elements of <paramref name="x"/> (contiguous, row-major).</summary>
    public static T[] Data<T>(Tensor x) where T : unmanaged =>
        x.Storage is HostStorage<T> h
            ? h.Data
            : Gpu.GpuLaunch.OnGpu(x)
                ? throw new NotSupportedException(
                    $"The native backend has no GPU kernel yet for an op given tensor {x.Shape} {x.DType.Name()} on {x.Device}; " +
                    "move the tensors to the CPU with tensor.To(Device.Cpu) for this op.")
                : throw new InvalidOperationException(
                    $"Tensor {x.Shape} {x.DType.Name()} does not hold native {typeof(T).Name} storage (it lives on backend '{x.Backend.Name}').");

    /// <summary>A pooled buffer for <paramref name="shape"/>, not zeroed: every caller writes all of it.</summary>
    public static T[] Alloc<T>(Shape shape) where T : unmanaged => BufferPool<T>.Rent(shape.Size);

    /// <summary>A pooled buffer of <paramref name="length"/> elements, not zeroed.</summary>
    public static T[] Alloc<T>(int length) where T : unmanaged => BufferPool<T>.Rent(length);

    /// <summary>A pooled buffer of <paramref name="length"/> zeros, for kernels that accumulate into their output.</summary>
    public static T[] AllocZeroed<T>(int length) where T : unmanaged => BufferPool<T>.RentZeroed(length);

    /// <summary>A pooled copy of <paramref name="source"/>.</summary>
    public static T[] Copy<T>(T[] source) where T : unmanaged
    {
        var d = BufferPool<T>.Rent(source.Length);
        source.AsSpan().CopyTo(d);
        return d;
    }

    /// <summary>Wraps <paramref name="data"/> as a tensor that owns it: the array returns to the pool when the tensor is freed.</summary>
    public static Tensor Wrap<T>(NativeBackend backend, T[] data, Shape shape) where T : unmanaged =>
        Tensor.FromStorage(new HostStorage<T>(backend, data, pooled: true), shape, DTypes.Of<T>());

    /// <summary>Wraps a caller's array without taking ownership (it never enters the pool).</summary>
    public static Tensor WrapForeign<T>(NativeBackend backend, T[] data, Shape shape) where T : unmanaged =>
        Tensor.FromStorage(new HostStorage<T>(backend, data, pooled: false), shape, DTypes.Of<T>());

    /// <summary><paramref name="v"/> converted to <typeparamref name="T"/> (floats truncate toward zero; bool: non-zero).</summary>
    public static T FromDouble<T>(double v) where T : unmanaged
    {
        object o = typeof(T) == typeof(float) ? (float)v
            : typeof(T) == typeof(double) ? v
            : typeof(T) == typeof(int) ? unchecked((int)(long)v)
            : typeof(T) == typeof(long) ? (long)v
            : typeof(T) == typeof(byte) ? unchecked((byte)(long)v)
            : typeof(T) == typeof(bool) ? v != 0
            : throw new NotSupportedException($"No native element type {typeof(T).Name}.");
        return (T)o;
    }
}
