using System.Numerics;
using ILGPU;

namespace KerasSharp.Backends.Native.Gpu.Kernels;

/// <summary>
/// The per-row steps of the GPU attention (<see cref="GpuAttention"/>) over a score matrix [n, sq, sk] that a GEMM
/// filled with q·kᵀ: one group per query row (grid: the rows; group: a power of two, at most
/// <see cref="MaxGroup"/>), thread t taking keys t, t + group, ..., so neighbouring threads read neighbouring scores,
/// and the row's max and sums added as a tree in shared memory. Every kernel masks a score exactly as the CPU's
/// AttentionProblem does (times scale, plus the float mask or -inf where the bool mask is false, -inf past the
/// diagonal when causal), so the backward pass recomputes the forward's weights from the saved log-sum-exp. Dropout
/// draws element (b, i, j) of the call's [n, sq, sk] Bernoulli stream, as the CPU kernel does.
/// </summary>
internal static class AttentionRowKernels
{
    /// <summary>The largest group (threads per row); the shared scratch of the reductions has this many elements.</summary>
    public const int MaxGroup = 128;

    /// <summary>
    /// Forward: scores → the dropped-out softmax weights in place, and the row's log-sum-exp (+inf, with weights all
    /// zero, when every key is masked).
    /// </summary>
    public static void Forward<T>(ArrayView<T> scores, ArrayView<T> lse, ArrayView<byte> boolMask, ArrayView<T> floatMask,
                                  AttentionDims a, T scale, T keepScale)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var partial = SharedMemory.Allocate<T>(MaxGroup);
        int row = Grid.IdxX, t = Group.IdxX, g = Group.DimX;
        int b = row / a.Sq, i = row - b * a.Sq, end = KeyEnd(a, i);
        long off = (long)row * a.Sk;
        T max = T.NegativeInfinity;
        for (int j = t; j < end; j += g)
        {
            T s = Score(scores[off + j], a, b, i, j, boolMask, floatMask, scale);
            scores[off + j] = s;
            max = Max(max, s);
        }
        max = Reduce(partial, max, true);
        if (T.IsNegativeInfinity(max)) // every key masked: the same answer in every thread of the group
        {
            for (int j = t; j < a.Sk; j += g) scores[off + j] = T.Zero;
            if (t == 0) lse[row] = T.PositiveInfinity;
            return;
        }
        T sum = T.Zero;
        for (int j = t; j < end; j += g) sum += T.Exp(scores[off + j] - max);
        sum = Reduce(partial, sum, false);
        T inv = T.One / sum;
        if (t == 0) lse[row] = max + T.Log(sum);
        for (int j = t; j < a.Sk; j += g)
            scores[off + j] = j < end ? Drop(a, b, i, j, T.Exp(scores[off + j] - max) * inv, keepScale) : T.Zero;
    }

    /// <summary>Backward, first step: the dropped-out weights recomputed from the raw scores and the log-sum-exp, into <paramref name="weights"/>.</summary>
    public static void Weights<T>(ArrayView<T> scores, ArrayView<T> weights, ArrayView<T> lse, ArrayView<byte> boolMask,
                                  ArrayView<T> floatMask, AttentionDims a, T scale, T keepScale)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int row = Grid.IdxX, t = Group.IdxX, g = Group.DimX;
        int b = row / a.Sq, i = row - b * a.Sq;
        long off = (long)row * a.Sk;
        T l = lse[row];
        for (int j = t; j < a.Sk; j += g)
            weights[off + j] = Drop(a, b, i, j, Weight(scores[off + j], l, a, b, i, j, boolMask, floatMask, scale), keepScale);
    }

    /// <summary>
    /// Backward, second step: <paramref name="grad"/> holds do·vᵀ, the gradient of the dropped-out weights; it becomes
    /// the gradient of the scores, w (dw z - δ) scale with δ = rowsum(do ∘ o) and z the dropout's factor.
    /// </summary>
    public static void ScoreGrad<T>(ArrayView<T> scores, ArrayView<T> grad, ArrayView<T> output, ArrayView<T> gradOutput,
                                    ArrayView<T> lse, ArrayView<byte> boolMask, ArrayView<T> floatMask, AttentionDims a, T scale, T keepScale)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var partial = SharedMemory.Allocate<T>(MaxGroup);
        int row = Grid.IdxX, t = Group.IdxX, g = Group.DimX;
        int b = row / a.Sq, i = row - b * a.Sq;
        long off = (long)row * a.Sk, o = (long)row * a.Dv;
        T delta = T.Zero;
        for (int d = t; d < a.Dv; d += g) delta += gradOutput[o + d] * output[o + d];
        delta = Reduce(partial, delta, false);
        T l = lse[row];
        for (int j = t; j < a.Sk; j += g)
        {
            T w = Weight(scores[off + j], l, a, b, i, j, boolMask, floatMask, scale);
            T dw = Drop(a, b, i, j, grad[off + j], keepScale);
            grad[off + j] = (dw - delta) * w * scale; // in the CPU kernel's order
        }
    }

    /// <summary>The group's max (NaN wins, as TensorPrimitives.Max on the CPU) or sum of each thread's <paramref name="value"/>, in every thread.</summary>
    private static T Reduce<T>(ArrayView<T> partial, T value, bool max) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int t = Group.IdxX;
        partial[t] = value;
        Group.Barrier();
        for (int half = Group.DimX / 2; half > 0; half /= 2)
        {
            if (t < half) partial[t] = max ? Max(partial[t], partial[t + half]) : partial[t] + partial[t + half];
            Group.Barrier();
        }
        T result = partial[0];
        Group.Barrier(); // every thread has read it before the next reduction writes
        return result;
    }

    private static T Max<T>(T x, T y) where T : unmanaged, IFloatingPointIeee754<T> => y > x || T.IsNaN(y) ? y : x;

    /// <summary>Keys that query row i sees: none past the diagonal when causal (top-left aligned).</summary>
    private static int KeyEnd(AttentionDims a, int i) => a.Causal != 0 && i + 1 < a.Sk ? i + 1 : a.Sk;

    /// <summary>The softmax weight exp(score - lse): 0 for a masked key, and for every key of a row with lse = +inf.</summary>
    private static T Weight<T>(T raw, T lse, AttentionDims a, int b, int i, int j, ArrayView<byte> boolMask, ArrayView<T> floatMask, T scale)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        j < KeyEnd(a, i) ? T.Exp(Score(raw, a, b, i, j, boolMask, floatMask, scale) - lse) : T.Zero;

    /// <summary>scale · raw, plus the float mask, or -inf where the bool mask excludes the key.</summary>
    private static T Score<T>(T raw, AttentionDims a, int b, int i, int j, ArrayView<byte> boolMask, ArrayView<T> floatMask, T scale)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T s = raw * scale;
        if (a.MaskKind == AttentionDims.NoMask) return s;
        long m = ((long)(a.Mn == 1 ? 0 : a.Batch0 + b) * a.Mq + (a.Mq == 1 ? 0 : i)) * a.Mk + (a.Mk == 1 ? 0 : j);
        if (a.MaskKind == AttentionDims.FloatMask) return s + floatMask[m];
        return boolMask[m] != 0 ? s : T.NegativeInfinity;
    }

    /// <summary>x times 1/keep where the call's Bernoulli stream keeps element (b, i, j), else 0; x itself without dropout.</summary>
    private static T Drop<T>(AttentionDims a, int b, int i, int j, T x, T keepScale) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (a.Dropout == 0) return x;
        int index = ((a.Batch0 + b) * a.Sq + i) * a.Sk + j; // the CPU kernel's int index into [n, sq, sk]
        return CounterRandom.BernoulliHit(a.DropoutKey, index, a.KeepLimit) ? x * keepScale : T.Zero;
    }
}
