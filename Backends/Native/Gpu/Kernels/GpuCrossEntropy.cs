using System.Numerics;
using ILGPU;
using ILGPU.Runtime;

namespace KerasSharp.Backends.Native.Gpu.Kernels;

/// <summary>
/// Fused sparse softmax cross-entropy (IFusedLossKernels): loss[r] = logsumexp(logits[r]) - logits[r, label[r]] and
/// its gradient (softmax(logits[r]) - one_hot(label[r]))·gradLoss[r], one thread per row, the row max subtracted
/// first (an infinite max is replaced by 0, as the CPU kernel does). A label outside [0, classes) makes the row's
/// loss NaN and raises <c>error[0]</c> to 1 + the largest such row (0 before the launch), so the check costs one
/// int read when the caller next reads. Asynchronous on the given stream. Signatures stable.
/// </summary>
internal static class GpuCrossEntropy
{
    /// <summary>loss [rows] from logits [rows, classes] and int64 labels [rows].</summary>
    public static void Forward<T>(AcceleratorStream stream, ArrayView<T> logits, ArrayView<long> labels, ArrayView<T> loss,
                                  int rows, int classes, ArrayView<int> error)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (rows == 0) return;
        Kernels<T>.Forward.For(stream.Accelerator)(stream, rows, logits, labels, loss, classes, error);
    }

    /// <summary>d [rows, classes] = (softmax(logits) - one_hot(labels))·gradLoss[row]; labels were checked by the forward pass.</summary>
    public static void Gradient<T>(AcceleratorStream stream, ArrayView<T> logits, ArrayView<long> labels, ArrayView<T> gradLoss,
                                   ArrayView<T> d, int rows, int classes)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (rows == 0) return;
        Kernels<T>.Gradient.For(stream.Accelerator)(stream, rows, logits, labels, gradLoss, d, classes);
    }

    private static T RowMax<T>(ArrayView<T> x, long off, int classes) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T max = x[off];
        for (int c = 1; c < classes; c++)
        {
            T v = x[off + c];
            if (v > max || T.IsNaN(v)) max = v;
        }
        return T.IsInfinity(max) ? T.Zero : max;
    }

    private static T RowSum<T>(ArrayView<T> x, long off, int classes, T max) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T sum = T.Zero;
        for (int c = 0; c < classes; c++) sum += T.Exp(x[off + c] - max);
        return sum;
    }

    private static void ForwardKernel<T>(Index1D r, ArrayView<T> logits, ArrayView<long> labels, ArrayView<T> loss, int classes, ArrayView<int> error)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        long off = (long)(int)r * classes, label = labels[r];
        if (label < 0 || label >= classes)
        {
            Atomic.Max(ref error[0], r + 1);
            loss[r] = T.NaN;
            return;
        }
        T max = RowMax(logits, off, classes);
        loss[r] = T.Log(RowSum(logits, off, classes, max)) + max - logits[off + label];
    }

    private static void GradientKernel<T>(Index1D r, ArrayView<T> logits, ArrayView<long> labels, ArrayView<T> gradLoss, ArrayView<T> d, int classes)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        long off = (long)(int)r * classes, label = labels[r];
        T max = RowMax(logits, off, classes);
        T scale = T.One / RowSum(logits, off, classes, max), g = gradLoss[r];
        for (int c = 0; c < classes; c++)
        {
            T p = T.Exp(logits[off + c] - max) * scale;
            if (c == label) p -= T.One;
            d[off + c] = p * g;
        }
    }

    private static class Kernels<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        public static readonly KernelCache<Action<AcceleratorStream, Index1D, ArrayView<T>, ArrayView<long>, ArrayView<T>, int, ArrayView<int>>> Forward =
            new(a => a.LoadAutoGroupedKernel<Index1D, ArrayView<T>, ArrayView<long>, ArrayView<T>, int, ArrayView<int>>(ForwardKernel<T>));

        public static readonly KernelCache<Action<AcceleratorStream, Index1D, ArrayView<T>, ArrayView<long>, ArrayView<T>, ArrayView<T>, int>> Gradient =
            new(a => a.LoadAutoGroupedKernel<Index1D, ArrayView<T>, ArrayView<long>, ArrayView<T>, ArrayView<T>, int>(GradientKernel<T>));
    }
}
