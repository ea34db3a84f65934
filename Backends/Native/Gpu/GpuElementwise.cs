using System.Reflection;
using ILGPU;
using ILGPU.Runtime;

namespace KerasSharp.Backends.Native.Gpu;

/// <summary>
/// Elementwise kernels on the GPU: one generic kernel per family (unary, binary with broadcasting, where), closed
/// over the CPU backend's own scalar op structs, so each op and dtype computes what the CPU computes element by
/// element. Broadcasting reads each operand through per-axis strides (0 on broadcast axes) kept on the device.
/// Elements load and store through <see cref="IDeviceElement{TS, T}"/> (bool as a byte).
/// </summary>
internal static class GpuElementwise
{
    public static Tensor Unary<T, TR, TOp>(NativeBackend backend, Tensor x)
        where T : unmanaged where TR : unmanaged where TOp : IUnaryOp<T, TR>
    {
        var src = GpuLaunch.Of(x);
        var (result, dst) = GpuLaunch.New<TR>(backend, src.GpuDevice, x.Shape);
        if (x.Size > 0) Launchers<T, TR, TOp>.Unary(src.GpuDevice, src, dst, x.Size);
        return result;
    }

    public static Tensor Binary<T, TR, TOp>(NativeBackend backend, Tensor a, Tensor b, Shape outShape)
        where T : unmanaged where TR : unmanaged where TOp : IBinaryOp<T, TR>
    {
        var device = GpuLaunch.DeviceOf("Binary", a, b);
        var (result, dst) = GpuLaunch.New<TR>(backend, device, outShape);
        int n = outShape.Size;
        if (n == 0) return result;
        if (a.Shape == outShape && b.Shape == outShape)
        {
            BinaryLaunchers<T, TR, TOp>.Flat(device, GpuLaunch.Of(a), GpuLaunch.Of(b), dst, n, default);
            return result;
        }
        var meta = GpuMeta.Of(device, [outShape.Rank, .. outShape.ToArray(), .. GpuLaunch.BroadcastStrides(a.Shape, outShape), .. GpuLaunch.BroadcastStrides(b.Shape, outShape)]);
        BinaryLaunchers<T, TR, TOp>.Broadcast(device, GpuLaunch.Of(a), GpuLaunch.Of(b), dst, n, meta);
        return result;
    }

    public static Tensor Where(NativeBackend backend, Tensor cond, Tensor a, Tensor b, Shape outShape) =>
        StoredDispatch.Run<Tensor, WhereFn>(a.DType, new(backend, cond, a, b, outShape));

    private readonly record struct WhereFn(NativeBackend B, Tensor C, Tensor A, Tensor Bt, Shape Out) : IAnyFn<Tensor>
    {
        public Tensor Run<TS>() where TS : unmanaged
        {
            var device = GpuLaunch.DeviceOf("Where", C, A, Bt);
            var (result, dst) = GpuLaunch.New(B, device, Out, A.DType);
            int n = Out.Size;
            if (n == 0) return result;
            var meta = GpuMeta.Of(device, [Out.Rank, .. Out.ToArray(), .. GpuLaunch.BroadcastStrides(C.Shape, Out),
                .. GpuLaunch.BroadcastStrides(A.Shape, Out), .. GpuLaunch.BroadcastStrides(Bt.Shape, Out)]);
            var k = device.Kernel<Action<Index1D, ArrayView<byte>, ArrayView<TS>, ArrayView<TS>, ArrayView<TS>, ArrayView<int>>>(
                (Action<Index1D, ArrayView<byte>, ArrayView<TS>, ArrayView<TS>, ArrayView<TS>, ArrayView<int>>)WhereKernel<TS>,
                acc => acc.LoadAutoGroupedStreamKernel<Index1D, ArrayView<byte>, ArrayView<TS>, ArrayView<TS>, ArrayView<TS>, ArrayView<int>>(WhereKernel<TS>));
            k(n, GpuLaunch.Of(C).ViewAs<byte>(), GpuLaunch.Of(A).ViewAs<TS>(), GpuLaunch.Of(Bt).ViewAs<TS>(), dst.ViewAs<TS>(), meta);
            return result;
        }
    }

    private static readonly MethodInfo UnaryMethod = typeof(GpuElementwise).GetMethod(nameof(LaunchUnary), BindingFlags.NonPublic | BindingFlags.Static)!;
    private static readonly MethodInfo FlatMethod = typeof(GpuElementwise).GetMethod(nameof(LaunchFlat), BindingFlags.NonPublic | BindingFlags.Static)!;
    private static readonly MethodInfo BroadcastMethod = typeof(GpuElementwise).GetMethod(nameof(LaunchBroadcast), BindingFlags.NonPublic | BindingFlags.Static)!;

    /// <summary>Launchers closed over the stored types and codecs of T and TR, built once per op.</summary>
    private static class Launchers<T, TR, TOp> where T : unmanaged where TR : unmanaged
    {
        public static readonly Action<GpuDevice, GpuStorage, GpuStorage, int> Unary =
            UnaryMethod.MakeGenericMethod(DeviceElements.Stored(typeof(T)), typeof(T), DeviceElements.Stored(typeof(TR)), typeof(TR), GpuScalarOps.ForDevice(typeof(TOp)),
                    DeviceElements.Codec(typeof(T)), DeviceElements.Codec(typeof(TR)))
                .CreateDelegate<Action<GpuDevice, GpuStorage, GpuStorage, int>>();
    }

    private static class BinaryLaunchers<T, TR, TOp> where T : unmanaged where TR : unmanaged
    {
        private static Type[] Args => [DeviceElements.Stored(typeof(T)), typeof(T), DeviceElements.Stored(typeof(TR)), typeof(TR), GpuScalarOps.ForDevice(typeof(TOp)),
            DeviceElements.Codec(typeof(T)), DeviceElements.Codec(typeof(TR))];

        public static readonly Action<GpuDevice, GpuStorage, GpuStorage, GpuStorage, int, ArrayView<int>> Flat =
            FlatMethod.MakeGenericMethod(Args).CreateDelegate<Action<GpuDevice, GpuStorage, GpuStorage, GpuStorage, int, ArrayView<int>>>();

        public static readonly Action<GpuDevice, GpuStorage, GpuStorage, GpuStorage, int, ArrayView<int>> Broadcast =
            BroadcastMethod.MakeGenericMethod(Args).CreateDelegate<Action<GpuDevice, GpuStorage, GpuStorage, GpuStorage, int, ArrayView<int>>>();
    }

    private static void LaunchUnary<TS, T, TRS, TR, TOp, CI, CO>(GpuDevice device, GpuStorage src, GpuStorage dst, int n)
        where TS : unmanaged where T : unmanaged where TRS : unmanaged where TR : unmanaged
        where TOp : IUnaryOp<T, TR> where CI : IDeviceElement<TS, T> where CO : IDeviceElement<TRS, TR>
    {
        var k = device.Kernel<Action<Index1D, ArrayView<TS>, ArrayView<TRS>>>(
            (Action<Index1D, ArrayView<TS>, ArrayView<TRS>>)UnaryKernel<TS, T, TRS, TR, TOp, CI, CO>,
            a => a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<TS>, ArrayView<TRS>>(UnaryKernel<TS, T, TRS, TR, TOp, CI, CO>));
        k(n, src.ViewAs<TS>(), dst.ViewAs<TRS>());
    }

    private static void LaunchFlat<TS, T, TRS, TR, TOp, CI, CO>(GpuDevice device, GpuStorage a, GpuStorage b, GpuStorage dst, int n, ArrayView<int> meta)
        where TS : unmanaged where T : unmanaged where TRS : unmanaged where TR : unmanaged
        where TOp : IBinaryOp<T, TR> where CI : IDeviceElement<TS, T> where CO : IDeviceElement<TRS, TR>
    {
        var k = device.Kernel<Action<Index1D, ArrayView<TS>, ArrayView<TS>, ArrayView<TRS>>>(
            (Action<Index1D, ArrayView<TS>, ArrayView<TS>, ArrayView<TRS>>)BinaryFlatKernel<TS, T, TRS, TR, TOp, CI, CO>,
            acc => acc.LoadAutoGroupedStreamKernel<Index1D, ArrayView<TS>, ArrayView<TS>, ArrayView<TRS>>(BinaryFlatKernel<TS, T, TRS, TR, TOp, CI, CO>));
        k(n, a.ViewAs<TS>(), b.ViewAs<TS>(), dst.ViewAs<TRS>());
    }

    private static void LaunchBroadcast<TS, T, TRS, TR, TOp, CI, CO>(GpuDevice device, GpuStorage a, GpuStorage b, GpuStorage dst, int n, ArrayView<int> meta)
        where TS : unmanaged where T : unmanaged where TRS : unmanaged where TR : unmanaged
        where TOp : IBinaryOp<T, TR> where CI : IDeviceElement<TS, T> where CO : IDeviceElement<TRS, TR>
    {
        var k = device.Kernel<Action<Index1D, ArrayView<TS>, ArrayView<TS>, ArrayView<TRS>, ArrayView<int>>>(
            (Action<Index1D, ArrayView<TS>, ArrayView<TS>, ArrayView<TRS>, ArrayView<int>>)BinaryKernel<TS, T, TRS, TR, TOp, CI, CO>,
            acc => acc.LoadAutoGroupedStreamKernel<Index1D, ArrayView<TS>, ArrayView<TS>, ArrayView<TRS>, ArrayView<int>>(BinaryKernel<TS, T, TRS, TR, TOp, CI, CO>));
        k(n, a.ViewAs<TS>(), b.ViewAs<TS>(), dst.ViewAs<TRS>(), meta);
    }

    private static void UnaryKernel<TS, T, TRS, TR, TOp, CI, CO>(Index1D i, ArrayView<TS> x, ArrayView<TRS> y)
        where TS : unmanaged where T : unmanaged where TRS : unmanaged where TR : unmanaged
        where TOp : IUnaryOp<T, TR> where CI : IDeviceElement<TS, T> where CO : IDeviceElement<TRS, TR> =>
        y[i] = CO.Store(TOp.Apply(CI.Load(x[i])));

    private static void BinaryFlatKernel<TS, T, TRS, TR, TOp, CI, CO>(Index1D i, ArrayView<TS> a, ArrayView<TS> b, ArrayView<TRS> o)
        where TS : unmanaged where T : unmanaged where TRS : unmanaged where TR : unmanaged
        where TOp : IBinaryOp<T, TR> where CI : IDeviceElement<TS, T> where CO : IDeviceElement<TRS, TR> =>
        o[i] = CO.Store(TOp.Apply(CI.Load(a[i]), CI.Load(b[i])));

    // meta: rank, out dims[rank], a strides[rank], b strides[rank].
    private static void BinaryKernel<TS, T, TRS, TR, TOp, CI, CO>(Index1D i, ArrayView<TS> a, ArrayView<TS> b, ArrayView<TRS> o, ArrayView<int> meta)
        where TS : unmanaged where T : unmanaged where TRS : unmanaged where TR : unmanaged
        where TOp : IBinaryOp<T, TR> where CI : IDeviceElement<TS, T> where CO : IDeviceElement<TRS, TR>
    {
        int rank = meta[0], rest = i, ia = 0, ib = 0;
        for (int d = rank - 1; d >= 0; d--)
        {
            int dim = meta[1 + d], c = rest % dim;
            rest /= dim;
            ia += c * meta[1 + rank + d];
            ib += c * meta[1 + 2 * rank + d];
        }
        o[i] = CO.Store(TOp.Apply(CI.Load(a[ia]), CI.Load(b[ib])));
    }

    // meta: rank, out dims, cond strides, a strides, b strides. The condition is a bool tensor held as bytes.
    private static void WhereKernel<TS>(Index1D i, ArrayView<byte> c, ArrayView<TS> a, ArrayView<TS> b, ArrayView<TS> o, ArrayView<int> meta)
        where TS : unmanaged
    {
        int rank = meta[0], rest = i, ic = 0, ia = 0, ib = 0;
        for (int d = rank - 1; d >= 0; d--)
        {
            int dim = meta[1 + d], k = rest % dim;
            rest /= dim;
            ic += k * meta[1 + rank + d];
            ia += k * meta[1 + 2 * rank + d];
            ib += k * meta[1 + 3 * rank + d];
        }
        o[i] = c[ic] != 0 ? a[ia] : b[ib];
    }
}
