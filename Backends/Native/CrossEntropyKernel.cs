using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace KerasSharp.Backends.Native;

/// <summary>
/// Per-row sparse softmax cross-entropy, <c>logsumexp(row) - row[label]</c>, in one pass over each row
/// (the log-softmax of the whole row is never written out).
/// </summary>
internal static class CrossEntropyKernel
{
    private const int Grain = 1 << 13;

    public static T[] Run<T>(T[] logits, long[] labels, int rows, int classes) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int r = 0; r < rows; r++)
            if ((ulong)labels[r] >= (ulong)classes)
                throw new IndexOutOfRangeException(
                    $"sparse_softmax_cross_entropy: label {labels[r]} (row {r}) is outside [0, {classes}).");
        var loss = NativeTensors.Alloc<T>(rows);
        NativeParallel.For(rows, Math.Max(1, Grain / classes), [MethodImpl(MethodImplOptions.AggressiveOptimization)] (start, end) =>
        {
            var shifted = new T[classes];
            for (int r = start; r < end; r++)
            {
                var row = new ReadOnlySpan<T>(logits, r * classes, classes);
                T max = TensorPrimitives.Max(row);
                if (T.IsInfinity(max)) max = T.Zero; // as the softmax kernel: keeps infinite rows well defined
                TensorPrimitives.Subtract(row, max, shifted);
                ExpFloat.Span<T>(shifted, shifted);
                loss[r] = T.Log(PairwiseRow.Sum<T>(shifted)) + max - row[(int)labels[r]];
            }
        });
        return loss;
    }

    /// <summary>(softmax(row) - one_hot(label)) * g per row, in the order of the separate ops (identical values).</summary>
    public static T[] Gradient<T>(T[] logits, long[] labels, T[] g, int rows, int classes) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var d = NativeTensors.Alloc<T>(rows * classes);
        NativeParallel.For(rows, Math.Max(1, Grain / classes), [MethodImpl(MethodImplOptions.AggressiveOptimization)] (start, end) =>
        {
            for (int r = start; r < end; r++)
            {
                var row = new Span<T>(d, r * classes, classes);
                SoftmaxKernels.SoftmaxRow<T>(new ReadOnlySpan<T>(logits, r * classes, classes), row);
                row[(int)labels[r]] -= T.One;
                TensorPrimitives.Multiply(row, g[r], row);
            }
        });
        return d;
    }
}
