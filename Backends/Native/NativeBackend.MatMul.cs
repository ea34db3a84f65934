using KerasSharp.Backends.Native.Gpu;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace KerasSharp.Backends.Native;

public sealed partial class NativeBackend
{
    /// <inheritdoc/>
    public Tensor MatMul(Tensor a, Tensor b, bool transposeA, bool transposeB, Shape outShape)
    {
        if (GpuLaunch.OnGpu(a) || GpuLaunch.OnGpu(b)) return GpuCompute.MatMul(this, a, b, transposeA, transposeB, outShape);
        return Dispatch.Float<Tensor, MatMulFn>(a.DType, new(this, a, b, transposeA, transposeB, outShape), "MatMul");
    }

    private readonly record struct MatMulFn(NativeBackend B, Tensor A, Tensor Bt, bool TA, bool TB, Shape Out) : IFloatFn<Tensor>
    {
        public Tensor Run<T>() where T : unmanaged, IFloatingPointIeee754<T>, IMinMaxValue<T>
        {
            int m = Out[-2], n = Out[-1];
            int k = TA ? A.Shape[-2] : A.Shape[-1];
            var a = NativeTensors.Data<T>(A);
            var b = NativeTensors.Data<T>(Bt);
            var c = NativeTensors.Alloc<T>(Out);
            if (c.Length == 0) return NativeTensors.Wrap(B, c, Out);
            int aRow = TA ? 1 : k, aCol = TA ? m : 1;
            int bRow = TB ? 1 : n, bCol = TB ? k : 1;
            if (A.Shape.Rank == 2 && Bt.Shape.Rank == 2)
            {
                // plain 2-D product: no batch offsets or loop closure (the GEMM splits over threads itself); a B read
                // again (a weight in inference) keeps its packing when the GEMM would pack it on every call
                if (Gemm.PacksBOnDirectPath<T>(m, n, k, aCol, bRow, bCol) && Bt.Storage is HostStorage<T> storage
                    && GemmPackedOperands.Get(storage, k, n, bRow, bCol) is { } packed)
                    Gemm.RunPacked(m, a, 0, aRow, aCol, packed, c, 0, n, false);
                else Gemm.Run(m, n, k, a, 0, aRow, aCol, b, 0, bRow, bCol, c, 0, n, false);
                return NativeTensors.Wrap(B, c, Out);
            }
            var batchShape = new Shape(Out.Dims[..^2]);
            var aOffs = BatchOffsets(A.Shape, batchShape, m * k);
            var bOffs = BatchOffsets(Bt.Shape, batchShape, k * n);
            int mn = m * n, batches = aOffs.Length;
            // many small products: one per thread; otherwise let each GEMM use the threads
            int grain = (long)m * n * k >= 1L << 20 ? batches : Math.Max(1, (int)((1L << 18) / Math.Max(1L, (long)m * n * k)));
            NativeParallel.For(batches, grain, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (s, e) =>
            {
                for (int i = s; i < e; i++)
                    Gemm.Run(m, n, k, a, aOffs[i], aRow, aCol, b, bOffs[i], bRow, bCol, c, i * mn, n, false);
            });
            return NativeTensors.Wrap(B, c, Out);
        }
    }

    /// <summary>Element offset of each output batch's matrix inside an operand whose batch dims broadcast to <paramref name="batch"/>.</summary>
    private static int[] BatchOffsets(Shape operand, Shape batch, int matrixSize)
    {
        int rank = batch.Rank, opRank = operand.Rank - 2;
        var strides = new int[rank];
        int acc = matrixSize;
        for (int d = opRank - 1; d >= 0; d--)
        {
            int od = d + rank - opRank;
            strides[od] = operand[d] == 1 ? 0 : acc;
            acc *= operand[d];
        }
        var offs = new int[batch.Size];
        for (int i = 0; i < offs.Length; i++)
        {
            int rem = i, off = 0;
            for (int d = rank - 1; d >= 0; d--)
            {
                off += rem % batch[d] * strides[d];
                rem /= batch[d];
            }
            offs[i] = off;
        }
        return offs;
    }
}
