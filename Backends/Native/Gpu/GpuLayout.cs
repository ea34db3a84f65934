using ILGPU;
using ILGPU.Runtime;

namespace KerasSharp.Backends.Native.Gpu;

/// <summary>
/// Layout ops on the GPU. Permute, broadcast and slice are one strided gather (output index to input offset
/// through per-axis strides, negative for reversed slices and 0 for broadcast axes); concat copies each input
/// into its band of the output; pad writes the value outside the input's box; a last-two-axes transpose goes
/// through shared-memory tiles.
/// </summary>
internal static class GpuLayout
{
    public static Tensor Copy(NativeBackend b, Tensor x)
    {
        var src = GpuLaunch.Of(x);
        var (result, dst) = GpuLaunch.New(b, src.GpuDevice, x.Shape, x.DType);
        if (x.Size > 0) dst.ViewAs<byte>().CopyFrom(src.ViewAs<byte>());
        return result;
    }

    public static Tensor Permute(NativeBackend b, Tensor x, int[] perm, Shape outShape)
    {
        int rank = perm.Length;
        if (rank >= 2 && perm[rank - 1] == rank - 2 && perm[rank - 2] == rank - 1 && IsIdentityPrefix(perm, rank - 2))
            return StoredDispatch.Run<Tensor, TransposeFn>(x.DType, new(b, x, outShape));
        var inStrides = GpuLaunch.Strides(x.Shape);
        var strides = new int[rank];
        for (int d = 0; d < rank; d++) strides[d] = inStrides[perm[d]];
        return Strided(b, x, outShape, 0, strides);
    }

    private static bool IsIdentityPrefix(int[] perm, int n)
    {
        for (int d = 0; d < n; d++) if (perm[d] != d) return false;
        return true;
    }

    public static Tensor BroadcastTo(NativeBackend b, Tensor x, Shape outShape) =>
        Strided(b, x, outShape, 0, GpuLaunch.BroadcastStrides(x.Shape, outShape));

    public static Tensor Slice(NativeBackend b, Tensor x, int[] starts, int[] steps, Shape outShape)
    {
        var inStrides = GpuLaunch.Strides(x.Shape);
        var strides = new int[x.Rank];
        int offset = 0;
        for (int d = 0; d < x.Rank; d++)
        {
            strides[d] = inStrides[d] * steps[d];
            if (outShape[d] > 0) offset += starts[d] * inStrides[d];
        }
        return Strided(b, x, outShape, offset, strides);
    }

    public static Tensor Strided(NativeBackend b, Tensor x, Shape outShape, int offset, int[] strides) =>
        StoredDispatch.Run<Tensor, StridedFn>(x.DType, new(b, x, outShape, offset, strides));

    public static Tensor Concat(NativeBackend b, IReadOnlyList<Tensor> xs, int axis, Shape outShape) =>
        StoredDispatch.Run<Tensor, ConcatFn>(xs[0].DType, new(b, xs, axis, outShape));

    public static Tensor Pad(NativeBackend b, Tensor x, int[] pads, double value, Shape outShape) =>
        StoredDispatch.Run<Tensor, PadFn>(x.DType, new(b, x, pads, value, outShape));

    private readonly record struct StridedFn(NativeBackend B, Tensor X, Shape Out, int Offset, int[] Strides) : IAnyFn<Tensor>
    {
        public Tensor Run<T>() where T : unmanaged
        {
            var src = GpuLaunch.Of(X);
            var device = src.GpuDevice;
            var (result, dst) = GpuLaunch.New(B, device, Out, X.DType);
            if (Out.Size == 0) return result;
            var meta = GpuMeta.Of(device, [Out.Rank, Offset, .. Out.ToArray(), .. Strides]);
            var k = device.Kernel<Action<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<int>>>(
                (Action<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<int>>)StridedKernel<T>,
                a => a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<int>>(StridedKernel<T>));
            k(Out.Size, src.ViewAs<T>(), dst.ViewAs<T>(), meta);
            return result;
        }
    }

    // meta: rank, offset, out dims[rank], source strides[rank].
    private static void StridedKernel<T>(Index1D i, ArrayView<T> src, ArrayView<T> dst, ArrayView<int> meta) where T : unmanaged
    {
        int rank = meta[0], rest = i, at = meta[1];
        for (int d = rank - 1; d >= 0; d--)
        {
            int dim = meta[2 + d], c = rest % dim;
            rest /= dim;
            at += c * meta[2 + rank + d];
        }
        dst[i] = src[at];
    }

    private const int Tile = 16;

    private readonly record struct TransposeFn(NativeBackend B, Tensor X, Shape Out) : IAnyFn<Tensor>
    {
        public Tensor Run<T>() where T : unmanaged
        {
            var src = GpuLaunch.Of(X);
            var device = src.GpuDevice;
            var (result, dst) = GpuLaunch.New(B, device, Out, X.DType);
            if (Out.Size == 0) return result;
            int rows = X.Shape[^2], cols = X.Shape[^1], batch = X.Size / (rows * cols);
            var k = device.Kernel<Action<KernelConfig, ArrayView<T>, ArrayView<T>, int, int, int>>(
                (Action<ArrayView<T>, ArrayView<T>, int, int, int>)TransposeKernel<T>,
                a => a.LoadStreamKernel<ArrayView<T>, ArrayView<T>, int, int, int>(TransposeKernel<T>));
            int tile = TileSide(device);
            var groups = new Index3D((cols + tile - 1) / tile, (rows + tile - 1) / tile, batch);
            k(new KernelConfig(groups, new Index3D(tile, tile, 1)), src.ViewAs<T>(), dst.ViewAs<T>(), rows, cols, tile);
            return result;
        }
    }

    // The side of a square tile: 16 on GPUs, smaller where groups are smaller (the emulated device's 16 threads).
    private static int TileSide(GpuDevice device)
    {
        int side = Tile;
        while (side * side > device.Accelerator.MaxNumThreadsPerGroup) side /= 2;
        return side;
    }

    // One side x side tile per group (side <= 16): read rows of the input coalesced into shared memory (one padding
    // column against bank conflicts), write rows of the output.
    private static void TransposeKernel<T>(ArrayView<T> src, ArrayView<T> dst, int rows, int cols, int side) where T : unmanaged
    {
        var tile = SharedMemory.Allocate2D<T, Stride2D.DenseX>(new Index2D(Tile, Tile + 1), new Stride2D.DenseX(Tile + 1));
        int tx = Group.IdxX, ty = Group.IdxY;
        long plane = (long)rows * cols * Grid.IdxZ;
        int c = Grid.IdxX * side + tx, r = Grid.IdxY * side + ty;
        if (r < rows && c < cols) tile[ty, tx] = src[plane + (long)r * cols + c];
        Group.Barrier();
        int oc = Grid.IdxY * side + tx, or = Grid.IdxX * side + ty; // output is [cols, rows]
        if (or < cols && oc < rows) dst[plane + (long)or * rows + oc] = tile[tx, ty];
    }

    private readonly record struct ConcatFn(NativeBackend B, IReadOnlyList<Tensor> Xs, int Axis, Shape Out) : IAnyFn<Tensor>
    {
        public Tensor Run<T>() where T : unmanaged
        {
            var device = GpuLaunch.DeviceOf("Concat", [.. Xs]);
            var (result, dst) = GpuLaunch.New(B, device, Out, Xs[0].DType);
            if (Out.Size == 0) return result;
            int inner = 1;
            for (int d = Axis + 1; d < Out.Rank; d++) inner *= Out[d];
            int outRow = Out[Axis] * inner, offset = 0;
            var k = device.Kernel<Action<Index1D, ArrayView<T>, ArrayView<T>, int, int, int>>(
                (Action<Index1D, ArrayView<T>, ArrayView<T>, int, int, int>)BandKernel<T>,
                a => a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<T>, ArrayView<T>, int, int, int>(BandKernel<T>));
            foreach (var x in Xs)
            {
                int row = x.Shape[Axis] * inner;
                if (x.Size > 0) k(x.Size, GpuLaunch.Of(x).ViewAs<T>(), dst.ViewAs<T>(), row, outRow, offset);
                offset += row;
            }
            return result;
        }
    }

    private static void BandKernel<T>(Index1D i, ArrayView<T> src, ArrayView<T> dst, int row, int outRow, int offset) where T : unmanaged
    {
        int o = i / row, r = i - o * row;
        dst[(long)o * outRow + offset + r] = src[i];
    }

    private readonly record struct PadFn(NativeBackend B, Tensor X, int[] Pads, double Value, Shape Out) : IAnyFn<Tensor>
    {
        public Tensor Run<T>() where T : unmanaged
        {
            var src = GpuLaunch.Of(X);
            var device = src.GpuDevice;
            var (result, dst) = GpuLaunch.New(B, device, Out, X.DType);
            if (Out.Size == 0) return result;
            int rank = Out.Rank;
            var before = new int[rank];
            for (int d = 0; d < rank; d++) before[d] = Pads[2 * d];
            var meta = GpuMeta.Of(device, [rank, .. Out.ToArray(), .. X.Shape.ToArray(), .. before, .. GpuLaunch.Strides(X.Shape)]);
            var k = device.Kernel<Action<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<int>, T>>(
                (Action<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<int>, T>)PadKernel<T>,
                a => a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<int>, T>(PadKernel<T>));
            k(Out.Size, src.ViewAs<T>(), dst.ViewAs<T>(), meta, NativeTensors.FromDouble<T>(X.DType == DType.Bool ? (Value != 0 ? 1 : 0) : Value));
            return result;
        }
    }

    // meta: rank, out dims, in dims, pads before, in strides.
    private static void PadKernel<T>(Index1D i, ArrayView<T> src, ArrayView<T> dst, ArrayView<int> meta, T value) where T : unmanaged
    {
        int rank = meta[0], rest = i, at = 0;
        bool inside = true;
        for (int d = rank - 1; d >= 0; d--)
        {
            int dim = meta[1 + d], c = rest % dim - meta[1 + 2 * rank + d];
            rest /= dim;
            if (c < 0 || c >= meta[1 + rank + d]) inside = false;
            at += c * meta[1 + 3 * rank + d];
        }
        dst[i] = inside ? src[at] : value;
    }
}
