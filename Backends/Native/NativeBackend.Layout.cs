using KerasSharp.Backends.Native.Gpu;

namespace KerasSharp.Backends.Native;

public sealed partial class NativeBackend
{
    /// <inheritdoc/>
    /// <remarks>Shares the storage: native tensors are always contiguous, so a reshape is free.</remarks>
    public Tensor Reshape(Tensor x, Shape shape) => Tensor.ShareStorage(x, shape);

    /// <inheritdoc/>
    public Tensor Permute(Tensor x, int[] perm, Shape outShape) =>
        GpuLaunch.OnGpu(x) ? GpuLayout.Permute(this, x, perm, outShape) :
        Dispatch.Any<Tensor, PermuteFn>(x.DType, new(this, x, perm, outShape));

    private readonly record struct PermuteFn(NativeBackend B, Tensor X, int[] Perm, Shape Out) : IAnyFn<Tensor>
    {
        public Tensor Run<T>() where T : unmanaged
        {
            var inStrides = X.Shape.Strides();
            var src = new int[Perm.Length];
            for (int i = 0; i < Perm.Length; i++) src[i] = inStrides[Perm[i]];
            var d = NativeTensors.Alloc<T>(Out);
            StridedCopy.Run(NativeTensors.Data<T>(X), 0, src, d, 0, Out.Strides(), Out.Dims);
            return NativeTensors.Wrap(B, d, Out);
        }
    }

    /// <inheritdoc/>
    public Tensor BroadcastTo(Tensor x, Shape outShape) =>
        GpuLaunch.OnGpu(x) ? GpuLayout.BroadcastTo(this, x, outShape) :
        Dispatch.Any<Tensor, BroadcastFn>(x.DType, new(this, x, outShape));

    private readonly record struct BroadcastFn(NativeBackend B, Tensor X, Shape Out) : IAnyFn<Tensor>
    {
        public Tensor Run<T>() where T : unmanaged
        {
            int rank = Out.Rank, off = rank - X.Rank;
            var src = new int[rank];
            var inStrides = X.Shape.Strides();
            for (int d = 0; d < X.Rank; d++) src[d + off] = X.Shape[d] == 1 ? 0 : inStrides[d];
            var dst = NativeTensors.Alloc<T>(Out);
            StridedCopy.Run(NativeTensors.Data<T>(X), 0, src, dst, 0, Out.Strides(), Out.Dims);
            return NativeTensors.Wrap(B, dst, Out);
        }
    }

    /// <inheritdoc/>
    public Tensor Slice(Tensor x, int[] starts, int[] steps, Shape outShape) =>
        GpuLaunch.OnGpu(x) ? GpuLayout.Slice(this, x, starts, steps, outShape) :
        Dispatch.Any<Tensor, SliceFn>(x.DType, new(this, x, starts, steps, outShape));

    private readonly record struct SliceFn(NativeBackend B, Tensor X, int[] Starts, int[] Steps, Shape Out) : IAnyFn<Tensor>
    {
        public Tensor Run<T>() where T : unmanaged
        {
            var inStrides = X.Shape.Strides();
            var src = new int[X.Rank];
            int off = 0;
            for (int d = 0; d < X.Rank; d++)
            {
                src[d] = inStrides[d] * Steps[d];
                if (Out[d] > 0) off += Starts[d] * inStrides[d];
            }
            var dst = NativeTensors.Alloc<T>(Out);
            StridedCopy.Run(NativeTensors.Data<T>(X), off, src, dst, 0, Out.Strides(), Out.Dims);
            return NativeTensors.Wrap(B, dst, Out);
        }
    }

    /// <inheritdoc/>
    public Tensor Concat(IReadOnlyList<Tensor> xs, int axis, Shape outShape) =>
        xs.Count > 0 && xs.Any(GpuLaunch.OnGpu) ? GpuLayout.Concat(this, xs, axis, outShape) :
        Dispatch.Any<Tensor, ConcatFn>(xs[0].DType, new(this, xs, axis, outShape));

    private readonly record struct ConcatFn(NativeBackend B, IReadOnlyList<Tensor> Xs, int Axis, Shape Out) : IAnyFn<Tensor>
    {
        public Tensor Run<T>() where T : unmanaged
        {
            var dst = NativeTensors.Alloc<T>(Out);
            var outStrides = Out.Strides();
            int at = 0;
            foreach (var x in Xs)
            {
                StridedCopy.Run(NativeTensors.Data<T>(x), 0, x.Shape.Strides(), dst, at * outStrides[Axis], outStrides, x.Shape.Dims);
                at += x.Shape[Axis];
            }
            return NativeTensors.Wrap(B, dst, Out);
        }
    }

    /// <inheritdoc/>
    public Tensor Pad(Tensor x, int[] pads, double value, Shape outShape) =>
        GpuLaunch.OnGpu(x) ? GpuLayout.Pad(this, x, pads, value, outShape) :
        Dispatch.Any<Tensor, PadFn>(x.DType, new(this, x, pads, value, outShape));

    private readonly record struct PadFn(NativeBackend B, Tensor X, int[] Pads, double Value, Shape Out) : IAnyFn<Tensor>
    {
        public Tensor Run<T>() where T : unmanaged
        {
            var dst = NativeTensors.Alloc<T>(Out);
            dst.AsSpan().Fill(NativeTensors.FromDouble<T>(Value));
            var outStrides = Out.Strides();
            int off = 0;
            for (int d = 0; d < X.Rank; d++) off += Pads[2 * d] * outStrides[d];
            StridedCopy.Run(NativeTensors.Data<T>(X), 0, X.Shape.Strides(), dst, off, outStrides, X.Shape.Dims);
            return NativeTensors.Wrap(B, dst, Out);
        }
    }
}
