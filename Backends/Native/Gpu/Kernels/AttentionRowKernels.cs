using System.Numerics;
using ILGPU;

namespace KerasSharp.Backends.Native.Gpu.Kernels;

/// <summary>
/// The per-row steps of the GPU attention (<see cref="GpuAttention"/>), one thread per query row of a score matrix
/// [n, sq, sk] that a GEMM filled with q·kᵀ. Every kernel masks a score exactly as the CPU's AttentionProblem does
/// (times scale, plus the float mask or -inf where the bool mask is false, -inf past the diagonal when causal), so
/// the backward pass recomputes the forward's weights from the saved log-sum-exp. Dropout draws element
/// (b, i, j) of the call's [n, sq, sk] Bernoulli stream, as the CPU kernel does.
/// </summary>
internal static class AttentionRowKernels
{
    /// <summary>
    /// Forward: scores → the dropped-out softmax weights in place, and the row's log-sum-exp (+inf, with weights all
    /// zero, when every key is masked).
    /// </summary>
    public static void Forward<T>(Index1D row, ArrayView<T> scores, ArrayView<T> lse, ArrayView<byte> boolMask, ArrayView<T> floatMask,
                                  AttentionDims a, T scale, T keepScale)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int b = row / a.Sq, i = row - b * a.Sq, end = KeyEnd(a, i);
        long off = (long)(int)row * a.Sk;
        T max = T.NegativeInfinity;
        for (int j = 0; j < end; j++)
        {
            T s = Score(scores[off + j], a, b, i, j, boolMask, floatMask, scale);
            scores[off + j] = s;
            if (s > max || T.IsNaN(s)) max = s; // NaN wins, as TensorPrimitives.Max does on the CPU
        }
        if (T.IsNegativeInfinity(max))
        {
            for (int j = 0; j < a.Sk; j++) scores[off + j] = T.Zero;
            lse[row] = T.PositiveInfinity;
            return;
        }
        T sum = T.Zero;
        for (int j = 0; j < end; j++) sum += T.Exp(scores[off + j] - max);
        T inv = T.One / sum;
        lse[row] = max + T.Log(sum);
        for (int j = 0; j < end; j++)
            scores[off + j] = Drop(a, b, i, j, T.Exp(scores[off + j] - max) * inv, keepScale);
        for (int j = end; j < a.Sk; j++) scores[off + j] = T.Zero;
    }

    /// <summary>Backward, first step: the dropped-out weights recomputed from the raw scores and the log-sum-exp, into <paramref name="weights"/>.</summary>
    public static void Weights<T>(Index1D row, ArrayView<T> scores, ArrayView<T> weights, ArrayView<T> lse, ArrayView<byte> boolMask,
                                  ArrayView<T> floatMask, AttentionDims a, T scale, T keepScale)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int b = row / a.Sq, i = row - b * a.Sq;
        long off = (long)(int)row * a.Sk;
        T l = lse[row];
        for (int j = 0; j < a.Sk; j++)
            weights[off + j] = Drop(a, b, i, j, Weight(scores[off + j], l, a, b, i, j, boolMask, floatMask, scale), keepScale);
    }

    /// <summary>
    /// Backward, second step: <paramref name="grad"/> holds do·vᵀ, the gradient of the dropped-out weights; it becomes
    /// the gradient of the scores, w (dw z - δ) scale with δ = rowsum(do ∘ o) and z the dropout's factor.
    /// </summary>
    public static void ScoreGrad<T>(Index1D row, ArrayView<T> scores, ArrayView<T> grad, ArrayView<T> output, ArrayView<T> gradOutput,
                                    ArrayView<T> lse, ArrayView<byte> boolMask, ArrayView<T> floatMask, AttentionDims a, T scale, T keepScale)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int b = row / a.Sq, i = row - b * a.Sq;
        long off = (long)(int)row * a.Sk, o = (long)(int)row * a.Dv;
        T delta = T.Zero;
        for (int d = 0; d < a.Dv; d++) delta += gradOutput[o + d] * output[o + d];
        T l = lse[row];
        for (int j = 0; j < a.Sk; j++)
        {
            T w = Weight(scores[off + j], l, a, b, i, j, boolMask, floatMask, scale);
            T g = Drop(a, b, i, j, grad[off + j], keepScale);
            grad[off + j] = (g - delta) * w * scale; // in the CPU kernel's order
        }
    }

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
