using KerasSharp.Backends.Native.Gpu;
using K = KerasSharp.Backends.Native.ElementwiseKernels;

namespace KerasSharp.Backends.Native;

/// <summary>
/// Runs one elementwise op struct where its inputs live: the CPU loops for host storage, the GPU kernels
/// (<see cref="GpuElementwise"/>) for device storage. The op structs are the same, so the backend's choice of op
/// per dtype is written once.
/// </summary>
internal static class DeviceElementwise
{
    public static Tensor Unary<T, TR, TOp>(NativeBackend b, Tensor x) where T : unmanaged where TR : unmanaged where TOp : IUnaryOp<T, TR> =>
        GpuLaunch.OnGpu(x)
            ? GpuElementwise.Unary<T, TR, TOp>(b, x)
            : NativeTensors.Wrap(b, K.Unary<T, TR, TOp>(NativeTensors.Data<T>(x)), x.Shape);

    public static Tensor Binary<T, TR, TOp>(NativeBackend b, Tensor x, Tensor y, Shape outShape)
        where T : unmanaged where TR : unmanaged where TOp : IBinaryOp<T, TR> =>
        GpuLaunch.OnGpu(x) || GpuLaunch.OnGpu(y)
            ? GpuElementwise.Binary<T, TR, TOp>(b, x, y, outShape)
            : NativeTensors.Wrap(b, K.Binary<T, TR, TOp>(NativeTensors.Data<T>(x), x.Shape, NativeTensors.Data<T>(y), y.Shape, outShape), outShape);
}
