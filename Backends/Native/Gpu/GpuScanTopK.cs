using System.Numerics;
using KerasSharp.Backends.Native.Gpu.Kernels;

namespace KerasSharp.Backends.Native.Gpu;

/// <summary>
/// CumSum and TopK on device storage, through <see cref="GpuCumSum"/> and <see cref="GpuTopK"/>: the CPU's
/// dtypes, shapes and results (the same bits), outputs from the caching allocator, launched on the default stream.
/// </summary>
internal static class GpuScanTopK
{
    public static Tensor CumSum(NativeBackend b, Tensor x, int axis, bool reverse) =>
        Dispatch.Numeric<Tensor, CumSumFn>(x.DType, new(b, x, axis, reverse), "CumSum");

    public static (Tensor Values, Tensor Indices) TopK(NativeBackend b, Tensor x, int k, bool largest) =>
        Dispatch.Numeric<(Tensor, Tensor), TopKFn>(x.DType, new(b, x, k, largest), "TopK");

    private readonly record struct CumSumFn(NativeBackend B, Tensor X, int Axis, bool Reverse) : INumericFn<Tensor>
    {
        public Tensor Run<T>() where T : unmanaged, INumber<T>, IMinMaxValue<T>
        {
            var src = GpuLaunch.Of(X);
            var (outer, n, inner) = NativeBackend.AxisView(X.Shape, Axis);
            var (result, dst) = GpuLaunch.New<T>(B, src.GpuDevice, X.Shape);
            try
            {
                GpuCumSum.Run(src.GpuDevice.Accelerator.DefaultStream, src.ViewAs<T>(), dst.ViewAs<T>(), outer, n, inner, Reverse);
                return result;
            }
            catch
            {
                result.Dispose();
                throw;
            }
        }
    }

    private readonly record struct TopKFn(NativeBackend B, Tensor X, int K, bool Largest) : INumericFn<(Tensor, Tensor)>
    {
        public (Tensor, Tensor) Run<T>() where T : unmanaged, INumber<T>, IMinMaxValue<T>
        {
            var src = GpuLaunch.Of(X);
            // As on the CPU: rows along the last axis, which becomes k long; a scalar is one row of one.
            int n = X.Rank == 0 ? 1 : X.Shape[-1];
            int rows = n == 0 ? 0 : X.Size / n;
            var dims = X.Shape.ToArray();
            if (dims.Length > 0) dims[^1] = K;
            var outShape = new Shape(dims);
            var (values, v) = GpuLaunch.New<T>(B, src.GpuDevice, outShape);
            var (indices, i) = GpuLaunch.New<long>(B, src.GpuDevice, outShape);
            try
            {
                GpuTopK.Run(src.GpuDevice.Accelerator.DefaultStream, src.ViewAs<T>(), v.ViewAs<T>(), i.ViewAs<long>(), rows, n, K, Largest);
                return (values, indices);
            }
            catch
            {
                values.Dispose();
                indices.Dispose();
                throw;
            }
        }
    }
}
