using KerasSharp.Backends;

namespace KerasSharp;

public static partial class Ops
{
    /// <summary>Attention from primitives (its gradient is theirs): the output and the weights before dropout.</summary>
    internal static (Tensor Output, Tensor Weights) ComposedAttention(Tensor q, Tensor k, Tensor v, Tensor? mask, AttentionOptions options)
    {
        var (weights, keep) = AttentionWeights(q, k, mask, options);
        var output = MatMulCore(keep is null ? weights : Multiply(weights, keep), v, false, false);
        return (output, weights);
    }

    /// <summary>
    /// softmax(q kᵀ scale + mask) with fully masked rows set to zero, and the dropout's scaled keep mask (null without
    /// dropout), drawn with <see cref="IBackend.RandomBernoulli"/> over the weights' shape as the fused kernels draw it.
    /// </summary>
    private static (Tensor Weights, Tensor? Keep) AttentionWeights(Tensor q, Tensor k, Tensor? mask, AttentionOptions options)
    {
        // Scaling the query costs seqQ·depth multiplies instead of seqQ·seqK.
        var scores = MatMulCore(options.Scale == 1 ? q : MultiplyScalar(q, options.Scale), k, false, true);
        Tensor? allowed = null;
        if (mask is not null)
        {
            if (mask.DType == DType.Bool) allowed = mask;
            else scores = Add(scores, mask);
        }
        if (options.Causal)
        {
            var lower = CausalMask(q, q.Shape[-2], k.Shape[-2]);
            allowed = allowed is null ? lower : LogicalAnd(allowed, lower);
        }
        if (allowed is not null) scores = Where(allowed, scores, ScalarLike(scores, double.NegativeInfinity, false));
        // Causal alone always leaves key 0; only a mask can empty a row.
        var weights = mask is null ? Softmax(scores, -1) : SoftmaxOrZeroRows(scores);
        Tensor? keep = null;
        if (options.Dropout > 0)
        {
            double p = 1 - options.Dropout;
            keep = q.Backend.RandomBernoulli(weights.Shape, weights.DType, p, 1 / p, options.Seed, q.Device);
        }
        return (weights, keep);
    }

    /// <summary>Softmax over the last axis, with rows that are all -inf giving zeros (and no gradient) instead of NaN.</summary>
    private static Tensor SoftmaxOrZeroRows(Tensor scores)
    {
        Tensor live;
        using (GradientTape.PauseAll())
            live = Greater(Max(scores, -1, keepDims: true), ScalarLike(scores, double.NegativeInfinity, false));
        var zero = ScalarLike(scores, 0, false);
        return Where(live, Softmax(Where(live, scores, zero), -1), zero);
    }

    /// <summary>[seqQ, seqK] bool, true where key j &lt;= query i, on the query's backend and device.</summary>
    private static Tensor CausalMask(Tensor like, int seqQ, int seqK)
    {
        var data = new bool[seqQ * seqK];
        for (int i = 0; i < seqQ; i++)
            for (int j = 0; j <= Math.Min(i, seqK - 1); j++) data[i * seqK + j] = true;
        return like.Backend.FromHost(data, new Shape(seqQ, seqK), DType.Bool, like.Device);
    }

    /// <summary>
    /// The gradients of attention with respect to q, k, v (and a float mask) written in differentiable primitives,
    /// recomputing the weights: the backward of the fused node under higher-order tapes.
    /// </summary>
    private static Tensor?[] AttentionGradFromPrimitives(Tensor q, Tensor k, Tensor v, Tensor? mask, AttentionOptions options, Tensor g)
    {
        var (weights, keep) = AttentionWeights(q, k, mask, options);
        var dropped = keep is null ? weights : Multiply(weights, keep);
        var dv = MatMulCore(dropped, g, true, false);
        var dDropped = MatMulCore(g, v, false, true);
        var dWeights = keep is null ? dDropped : Multiply(dDropped, keep);
        // softmax backward: w * (dw - sum(dw * w)); zero rows stay zero
        var dScores = Multiply(weights, Subtract(dWeights, Sum(Multiply(dWeights, weights), -1, keepDims: true)));
        var dq = MatMulCore(dScores, k, false, false);
        var dk = MatMulCore(dScores, q, true, false);
        if (options.Scale != 1)
        {
            dq = MultiplyScalar(dq, options.Scale);
            dk = MultiplyScalar(dk, options.Scale);
        }
        if (mask is null) return [dq, dk, dv];
        return mask.DType == DType.Bool ? [dq, dk, dv] : [dq, dk, dv, SumTo(dScores, mask.Shape)];
    }
}
