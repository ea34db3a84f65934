namespace KerasSharp.Backends.Native;

/// <summary>The one place kernels get element buffers from and wrap results into tensors.</summary>
internal static class NativeTensors
{
    /// <summary>The elements of <paramref name="x"/> (contiguous, row-major).</summary>
    public static T[] Data<T>(Tensor x) where T : unmanaged =>
        x.Storage is HostStorage<T> h
            ? h.Data
            : throw new InvalidOperationException(
                $"Tensor {x.Shape} {x.DType.Name()} does not hold native {typeof(T).Name} storage (it lives on backend '{x.Backend.Name}').");

    /// <summary>A new buffer for <paramref name="shape"/>, not zeroed: every caller writes all of it.</summary>
    public static T[] Alloc<T>(Shape shape) where T : unmanaged => shape.Size == 0 ? [] : GC.AllocateUninitializedArray<T>(shape.Size);

    /// <summary>Wraps <paramref name="data"/> as a tensor.</summary>
    public static Tensor Wrap<T>(NativeBackend backend, T[] data, Shape shape) where T : unmanaged =>
        Tensor.FromStorage(new HostStorage<T>(backend, data), shape, DTypes.Of<T>());

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
