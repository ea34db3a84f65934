using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace KerasSharp.Backends.Native;

/// <summary>Numerically stable softmax and log-softmax over n of an [outer, n, inner] view (the max is subtracted first).</summary>
internal static class SoftmaxKernels
{
    private const int Grain = 1 << 13;

    public static T[] Run<T>(T[] x, int outer, int n, int inner, bool log) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var d = NativeTensors.Alloc<T>(x.Length);
        if (x.Length == 0) return d;
        NativeParallel.For(outer, Math.Max(1, Grain / (n * inner)), [MethodImpl(MethodImplOptions.AggressiveOptimization)] (s, e) =>
        {
            if (inner == 1)
            {
                var scratch = log ? new T[n] : null;
                for (int o = s; o < e; o++) Row(new ReadOnlySpan<T>(x, o * n, n), new Span<T>(d, o * n, n), scratch, log);
            }
            else
            {
                var max = new T[inner];
                var sum = new T[inner];
                for (int o = s; o < e; o++) Slab(x, d, o * n * inner, n, inner, max, sum, log);
            }
        });
        return d;
    }

    /// <summary>Softmax of one row, as the op computes it (the cross-entropy gradient reuses it for identical values).</summary>
    public static void SoftmaxRow<T>(ReadOnlySpan<T> x, Span<T> d) where T : unmanaged, IFloatingPointIeee754<T> => Row(x, d, null, false);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Row<T>(ReadOnlySpan<T> x, Span<T> d, T[]? scratch, bool log) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T max = SimdArithmetic.Max(x);
        if (T.IsInfinity(max)) max = T.Zero; // keeps -inf rows NaN-free where possible and +inf rows well defined
        SimdArithmetic.Run<T, VectorSubtract<T>>(x, max, d);
        if (log)
        {
            ExpFloat.Span<T>(d, scratch);
            T lse = T.Log(PairwiseRow.Sum(new ReadOnlySpan<T>(scratch)));
            SimdArithmetic.Run<T, VectorSubtract<T>>(d, lse, d);
        }
        else
        {
            ExpFloat.Span<T>(d, d);
            T sum = PairwiseRow.Sum<T>(d);
            SimdArithmetic.Run<T, VectorDivide<T>>(d, sum, d);
        }
    }

    // Softmax along a non-last axis: the n rows of length inner are combined elementwise; the exponentials go
    // to d first so that their sum is pairwise over the rows.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Slab<T>(T[] x, T[] d, int baseOff, int n, int inner, T[] max, T[] sum, bool log)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        new ReadOnlySpan<T>(x, baseOff, inner).CopyTo(max);
        for (int r = 1; r < n; r++) SimdArithmetic.Run<T, VectorMax<T>>(max, new ReadOnlySpan<T>(x, baseOff + r * inner, inner), max);
        for (int j = 0; j < inner; j++) if (T.IsInfinity(max[j])) max[j] = T.Zero;
        var slab = new Span<T>(d, baseOff, n * inner);
        for (int r = 0; r < n; r++)
        {
            var row = slab.Slice(r * inner, inner);
            SimdArithmetic.Run<T, VectorSubtract<T>>(new ReadOnlySpan<T>(x, baseOff + r * inner, inner), max, row);
            ExpFloat.Span<T>(row, row);
        }
        PairwiseSum.Columns<T>(slab, n, inner, inner, sum);
        if (log) TensorPrimitives.Log(sum, sum);
        for (int r = 0; r < n; r++)
        {
            var row = slab.Slice(r * inner, inner);
            if (log)
            {
                SimdArithmetic.Run<T, VectorSubtract<T>>(new ReadOnlySpan<T>(x, baseOff + r * inner, inner), max, row);
                SimdArithmetic.Run<T, VectorSubtract<T>>(row, sum, row);
            }
            else SimdArithmetic.Run<T, VectorDivide<T>>(row, sum, row);
        }
    }
}
