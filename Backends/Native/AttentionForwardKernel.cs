using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace KerasSharp.Backends.Native;

/// <summary>
/// The fused attention forward pass: for each (batch·head, block of query rows), an online softmax over blocks of keys
/// (the running row maximum m and sum l rescale the partial output whenever m grows), so only one score tile of
/// <see cref="AttentionProblem{T}.QueryBlock"/> x <see cref="AttentionProblem{T}.KeyBlock"/> exists per thread. Work items
/// are independent and each sums in a fixed order, so results do not depend on the thread count.
/// </summary>
internal static class AttentionForwardKernel
{
    /// <summary>The output [n, sq, dv] and each row's log-sum-exp [n, sq] (+inf for a row with every key masked).</summary>
    public static (T[] Output, T[] LogSumExp) Run<T>(AttentionProblem<T> p) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var output = NativeTensors.Alloc<T>(p.N * p.Sq * p.Dv);
        var lse = NativeTensors.Alloc<T>(p.N * p.Sq);
        int blocks = p.QueryBlocks;
        NativeParallel.For(p.N * blocks, 1, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (start, end) =>
        {
            var tile = BufferPool<T>.Rent(AttentionProblem<T>.QueryBlock * AttentionProblem<T>.KeyBlock);
            var dropped = p.Dropout ? BufferPool<T>.Rent(tile.Length) : null;
            var max = new T[AttentionProblem<T>.QueryBlock];
            var sum = new T[AttentionProblem<T>.QueryBlock];
            for (int item = start; item < end; item++)
                Block(p, item / blocks, item % blocks * AttentionProblem<T>.QueryBlock, tile, dropped, max, sum, output, lse);
            BufferPool<T>.Return(tile);
            if (dropped is not null) BufferPool<T>.Return(dropped);
        });
        return (output, lse);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Block<T>(AttentionProblem<T> p, int n, int i0, T[] tile, T[]? dropped, T[] max, T[] sum, T[] output, T[] lse)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int rows = Math.Min(AttentionProblem<T>.QueryBlock, p.Sq - i0);
        int outOff = (n * p.Sq + i0) * p.Dv;
        new Span<T>(output, outOff, rows * p.Dv).Clear();
        max.AsSpan(0, rows).Fill(T.NegativeInfinity);
        sum.AsSpan(0, rows).Clear();
        int keyEnd = p.KeyEnd(i0 + rows - 1);
        for (int j0 = 0; j0 < keyEnd; j0 += AttentionProblem<T>.KeyBlock)
        {
            int cols = Math.Min(AttentionProblem<T>.KeyBlock, keyEnd - j0);
            p.Scores(n, i0, rows, j0, cols, tile);
            for (int r = 0; r < rows; r++)
            {
                var row = new Span<T>(tile, r * cols, cols);
                T newMax = T.Max(max[r], TensorPrimitives.Max<T>(row));
                if (T.IsNegativeInfinity(newMax))
                {
                    row.Clear(); // no live key yet: this block adds nothing to the row
                    continue;
                }
                T rescale = T.Exp(max[r] - newMax); // 0 while the row had no live key
                TensorPrimitives.Subtract(row, newMax, row);
                ExpFloat.Span<T>(row, row);
                sum[r] = sum[r] * rescale + TensorPrimitives.Sum<T>(row);
                if (rescale != T.One)
                {
                    var o = new Span<T>(output, outOff + r * p.Dv, p.Dv);
                    TensorPrimitives.Multiply(o, rescale, o);
                }
                max[r] = newMax;
            }
            var weights = tile;
            if (dropped is not null)
            {
                p.Drop(n, i0, rows, j0, cols, tile.AsSpan(0, rows * cols), dropped);
                weights = dropped;
            }
            // o += weights · v[j0 : j0 + cols]
            Gemm.Run(rows, p.Dv, cols, weights, 0, cols, 1, p.V, (n * p.Sk + j0) * p.Dv, p.Dv, 1, output, outOff, p.Dv, true);
        }
        for (int r = 0; r < rows; r++)
        {
            int row = n * p.Sq + i0 + r;
            if (sum[r] == T.Zero)
            {
                lse[row] = T.PositiveInfinity; // every key masked: the output row stays zero, its weights are exp(s - inf) = 0
                continue;
            }
            var o = new Span<T>(output, outOff + r * p.Dv, p.Dv);
            TensorPrimitives.Multiply(o, T.One / sum[r], o);
            lse[row] = max[r] + T.Log(sum[r]);
        }
    }
}
