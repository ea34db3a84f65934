using System.Numerics;
using ILGPU;
using ILGPU.Runtime;

namespace KerasSharp.Backends.Native.Gpu.Kernels;

/// <summary>
/// Fused scaled dot-product attention on an accelerator, float32 or float64, with the CPU kernel's semantics: the
/// scores by the batched GEMM (<see cref="GpuGemm"/>: cuBLAS on CUDA), one group of threads per query row for scale,
/// mask, causality, softmax and dropout (<see cref="AttentionRowKernels"/>), and GEMMs for the products with v and
/// for the gradients. Each launch holds the [n, sq, sk] score matrix of its batch·heads in scratch (the caller splits a
/// large batch into launches). Asynchronous on the given stream.
/// </summary>
internal static class GpuAttention
{
    /// <summary>Calls of <see cref="Forward"/> so far (tests check that the fused path ran).</summary>
    public static long ForwardCalls => Interlocked.Read(ref _forwardCalls);

    /// <summary>Calls of <see cref="Backward"/> so far.</summary>
    public static long BackwardCalls => Interlocked.Read(ref _backwardCalls);

    private static long _forwardCalls, _backwardCalls;

    /// <summary>The kernels' scalars for <paramref name="options"/>: the scale, and 1/keep, what a kept weight is multiplied by.</summary>
    public static (T Scale, T KeepScale) Scalars<T>(AttentionOptions options) where T : unmanaged, IFloatingPointIeee754<T> =>
        (T.CreateTruncating(options.Scale), options.Dropout > 0 ? T.CreateTruncating(1 / (1 - options.Dropout)) : T.One);

    /// <summary>
    /// output [n, sq, dv] = dropout(softmax(q kᵀ scale + mask)) v and lse [n, sq], each row's log-sum-exp of its
    /// scores (+inf for a fully masked row, whose output is zeros). <paramref name="scores"/>: scratch of n·sq·sk.
    /// </summary>
    public static void Forward<T>(AcceleratorStream stream, AttentionDims a, T scale, T keepScale, AttentionInputs<T> x,
                                  ArrayView<T> output, ArrayView<T> lse, ArrayView<T> scores)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        LaunchShape.RequireFloat<T>("attention");
        Interlocked.Increment(ref _forwardCalls);
        if (a.N == 0 || a.Sq == 0) return;
        long sqk = (long)a.Sq * a.Sk;
        ScoresOf(stream, a, x, scores);
        Kernels<T>.Forward.For(stream.Accelerator)(stream, Rows(stream, a), scores, lse, x.BoolMask, x.FloatMask, a, scale, keepScale);
        GpuGemm.Run(stream, a.N, a.Sq, a.Dv, a.Sk, scores, sqk, false, x.V, (long)a.Sk * a.Dv, false, output, (long)a.Sq * a.Dv);
    }

    /// <summary>
    /// dq [n, sq, d], dk [n, sk, d] and dv [n, sk, dv] from the forward's output, its lse and the output's gradient
    /// <paramref name="gradOutput"/>; the weights are recomputed from q, k and lse. <paramref name="scores"/> and
    /// <paramref name="work"/>: scratch of n·sq·sk each.
    /// </summary>
    public static void Backward<T>(AcceleratorStream stream, AttentionDims a, T scale, T keepScale, AttentionInputs<T> x,
                                   ArrayView<T> output, ArrayView<T> lse, ArrayView<T> gradOutput,
                                   ArrayView<T> dq, ArrayView<T> dk, ArrayView<T> dv, ArrayView<T> scores, ArrayView<T> work)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        LaunchShape.RequireFloat<T>("attention gradient");
        Interlocked.Increment(ref _backwardCalls);
        if (a.N == 0) return;
        long sqk = (long)a.Sq * a.Sk, sqd = (long)a.Sq * a.D, skd = (long)a.Sk * a.D, sqv = (long)a.Sq * a.Dv, skv = (long)a.Sk * a.Dv;
        var rows = Rows(stream, a);
        ScoresOf(stream, a, x, scores);
        // dv = w̃ᵀ do, with w̃ the dropped-out weights
        Kernels<T>.Weights.For(stream.Accelerator)(stream, rows, scores, work, lse, x.BoolMask, x.FloatMask, a, scale, keepScale);
        GpuGemm.Run(stream, a.N, a.Sk, a.Dv, a.Sq, work, sqk, true, gradOutput, sqv, false, dv, skv);
        // work = do vᵀ (the stream orders it after the product above), then ds in place
        GpuGemm.Run(stream, a.N, a.Sq, a.Sk, a.Dv, gradOutput, sqv, false, x.V, skv, true, work, sqk);
        Kernels<T>.ScoreGrad.For(stream.Accelerator)(stream, rows, scores, work, output, gradOutput, lse, x.BoolMask, x.FloatMask, a, scale, keepScale);
        // dq = ds k, dk = dsᵀ q
        GpuGemm.Run(stream, a.N, a.Sq, a.D, a.Sk, work, sqk, false, x.K, skd, false, dq, sqd);
        GpuGemm.Run(stream, a.N, a.Sk, a.D, a.Sq, work, sqk, true, x.Q, sqd, false, dk, skd);
    }

    /// <summary>
    /// A group per query row: the smallest power of two that covers the keys, at most <see cref="AttentionRowKernels.MaxGroup"/>
    /// and what the accelerator allows.
    /// </summary>
    private static KernelConfig Rows(AcceleratorStream stream, AttentionDims a)
    {
        int cap = Math.Min(AttentionRowKernels.MaxGroup, stream.Accelerator.MaxNumThreadsPerGroup), group = 1;
        while (group < a.Sk && group * 2 <= cap) group *= 2;
        return new KernelConfig(a.N * a.Sq, group);
    }

    /// <summary>scores [n, sq, sk] = q kᵀ, unscaled.</summary>
    private static void ScoresOf<T>(AcceleratorStream stream, AttentionDims a, AttentionInputs<T> x, ArrayView<T> scores)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        GpuGemm.Run(stream, a.N, a.Sq, a.Sk, a.D, x.Q, (long)a.Sq * a.D, false, x.K, (long)a.Sk * a.D, true, scores, (long)a.Sq * a.Sk);

    private static class Kernels<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        public static readonly KernelCache<Action<AcceleratorStream, KernelConfig, ArrayView<T>, ArrayView<T>, ArrayView<byte>, ArrayView<T>, AttentionDims, T, T>> Forward =
            new(acc => acc.LoadKernel<ArrayView<T>, ArrayView<T>, ArrayView<byte>, ArrayView<T>, AttentionDims, T, T>(AttentionRowKernels.Forward<T>));

        public static readonly KernelCache<Action<AcceleratorStream, KernelConfig, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<byte>, ArrayView<T>, AttentionDims, T, T>> Weights =
            new(acc => acc.LoadKernel<ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<byte>, ArrayView<T>, AttentionDims, T, T>(AttentionRowKernels.Weights<T>));

        public static readonly KernelCache<Action<AcceleratorStream, KernelConfig, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<byte>, ArrayView<T>, AttentionDims, T, T>> ScoreGrad =
            new(acc => acc.LoadKernel<ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<byte>, ArrayView<T>, AttentionDims, T, T>(AttentionRowKernels.ScoreGrad<T>));
    }
}
