using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace KerasSharp.Backends.Native;

/// <summary>
/// The fused attention backward pass. Per batch·head it walks the same score tiles as the forward pass, recomputing the
/// weights from the saved log-sum-exp (w = exp(s - lse)), and accumulates
/// dv += w̃ᵀ do, dw̃ = do vᵀ, ds = w (dw̃ z - δ) scale with δ = rowsum(do o), dq += ds k, dk += dsᵀ q,
/// where w̃ = w z is the dropped-out weight. One work item owns one batch·head (its dk and dv sum over every query
/// block), so the sums run in a fixed order whatever the thread count.
/// </summary>
internal static class AttentionBackwardKernel
{
    public static (T[] Dq, T[] Dk, T[] Dv) Run<T>(AttentionProblem<T> p, T[] output, T[] lse, T[] gradOutput)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var dq = NativeTensors.AllocZeroed<T>(p.N * p.Sq * p.D);
        var dk = NativeTensors.AllocZeroed<T>(p.N * p.Sk * p.D);
        var dv = NativeTensors.AllocZeroed<T>(p.N * p.Sk * p.Dv);
        NativeParallel.For(p.N, 1, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (start, end) =>
        {
            int tileSize = AttentionProblem<T>.QueryBlock * AttentionProblem<T>.KeyBlock;
            var weights = BufferPool<T>.Rent(tileSize);
            var grad = BufferPool<T>.Rent(tileSize);
            var dropped = p.Dropout ? BufferPool<T>.Rent(tileSize) : null;
            var delta = new T[AttentionProblem<T>.QueryBlock];
            for (int n = start; n < end; n++)
                for (int i0 = 0; i0 < p.Sq; i0 += AttentionProblem<T>.QueryBlock)
                    Block(p, n, i0, output, lse, gradOutput, weights, grad, dropped, delta, dq, dk, dv);
            BufferPool<T>.Return(weights);
            BufferPool<T>.Return(grad);
            if (dropped is not null) BufferPool<T>.Return(dropped);
        });
        return (dq, dk, dv);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Block<T>(AttentionProblem<T> p, int n, int i0, T[] output, T[] lse, T[] gradOutput,
                                 T[] weights, T[] grad, T[]? dropped, T[] delta, T[] dq, T[] dk, T[] dv)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int rows = Math.Min(AttentionProblem<T>.QueryBlock, p.Sq - i0);
        int rowOff = n * p.Sq + i0;
        for (int r = 0; r < rows; r++)
        {
            int o = (rowOff + r) * p.Dv;
            delta[r] = TensorPrimitives.Dot(new ReadOnlySpan<T>(gradOutput, o, p.Dv), new ReadOnlySpan<T>(output, o, p.Dv));
        }
        int keyEnd = p.KeyEnd(i0 + rows - 1);
        for (int j0 = 0; j0 < keyEnd; j0 += AttentionProblem<T>.KeyBlock)
        {
            int cols = Math.Min(AttentionProblem<T>.KeyBlock, keyEnd - j0);
            int keyOff = n * p.Sk + j0;
            p.Scores(n, i0, rows, j0, cols, weights);
            for (int r = 0; r < rows; r++)
            {
                var row = new Span<T>(weights, r * cols, cols);
                TensorPrimitives.Subtract(row, lse[rowOff + r], row); // lse = +inf on a fully masked row: every weight 0
                ExpFloat.Span<T>(row, row);
            }
            var used = weights;
            if (dropped is not null)
            {
                p.Drop(n, i0, rows, j0, cols, weights.AsSpan(0, rows * cols), dropped);
                used = dropped;
            }
            // dv[keys] += usedᵀ · do[rows]
            Gemm.Run(cols, p.Dv, rows, used, 0, 1, cols, gradOutput, rowOff * p.Dv, p.Dv, 1, dv, keyOff * p.Dv, p.Dv, true);
            // grad = do[rows] · v[keys]ᵀ: the gradient of the used weights
            Gemm.Run(rows, cols, p.Dv, gradOutput, rowOff * p.Dv, p.Dv, 1, p.V, keyOff * p.Dv, 1, p.Dv, grad, 0, cols, false);
            if (dropped is not null) p.Drop(n, i0, rows, j0, cols, grad.AsSpan(0, rows * cols), grad);
            for (int r = 0; r < rows; r++)
            {
                // ds = w (dw - delta) scale, in place over grad
                var g = new Span<T>(grad, r * cols, cols);
                TensorPrimitives.Subtract(g, delta[r], g);
                TensorPrimitives.Multiply(g, new ReadOnlySpan<T>(weights, r * cols, cols), g);
                TensorPrimitives.Multiply(g, p.Scale, g);
            }
            // dq[rows] += ds · k[keys]; dk[keys] += dsᵀ · q[rows]
            Gemm.Run(rows, p.D, cols, grad, 0, cols, 1, p.K, keyOff * p.D, p.D, 1, dq, rowOff * p.D, p.D, true);
            Gemm.Run(cols, p.D, rows, grad, 0, 1, cols, p.Q, rowOff * p.D, p.D, 1, dk, keyOff * p.D, p.D, true);
        }
    }
}
