namespace KerasSharp.Backends.Native.Gpu;

/// <summary>
/// How an element type is held in device memory: as itself, or bool as a byte (0 or 1), since ILGPU takes no bool
/// buffers. Kernels load and store through this, so the CPU's op structs over bool run unchanged.
/// </summary>
internal interface IDeviceElement<TS, T> where TS : unmanaged where T : unmanaged
{
    static abstract T Load(TS stored);
    static abstract TS Store(T value);
}

/// <summary>Types held as themselves.</summary>
internal readonly struct AsItself<T> : IDeviceElement<T, T> where T : unmanaged
{
    public static T Load(T stored) => stored;
    public static T Store(T value) => value;
}

/// <summary>bool held as a byte.</summary>
internal readonly struct BoolAsByte : IDeviceElement<byte, bool>
{
    public static bool Load(byte stored) => stored != 0;
    public static byte Store(bool value) => value ? (byte)1 : (byte)0;
}

/// <summary>The device-side types for a host element type.</summary>
internal static class DeviceElements
{
    /// <summary>The type kernels see: byte for bool, else the type itself.</summary>
    public static Type Stored(Type t) => t == typeof(bool) ? typeof(byte) : t;

    /// <summary>The <see cref="IDeviceElement{TS, T}"/> for <paramref name="t"/>.</summary>
    public static Type Codec(Type t) => t == typeof(bool) ? typeof(BoolAsByte) : typeof(AsItself<>).MakeGenericType(t);
}

/// <summary>A computation over the stored element type (byte for bool tensors): layout ops, fills, copies.</summary>
internal static class StoredDispatch
{
    public static TR Run<TR, TF>(DType t, TF f) where TF : IAnyFn<TR> =>
        t == DType.Bool ? f.Run<byte>() : Dispatch.Any<TR, TF>(t, f);
}
