using KerasSharp.Backends;

namespace KerasSharp;

public static partial class Ops
{
    /// <summary>
    /// Scaled dot-product attention, as PyTorch's <c>scaled_dot_product_attention</c>:
    /// <c>dropout(softmax(query · keyᵀ · scale + mask)) · value</c>.
    /// </summary>
    /// <param name="query">[batch..., seqQ, depth]: any number of leading batch and head axes, e.g. [batch, heads, seqQ, depth].</param>
    /// <param name="key">[batch..., seqK, depth].</param>
    /// <param name="value">[batch..., seqK, depthV]. The leading axes of query, key and value broadcast together.</param>
    /// <param name="mask">
    /// Null, or a tensor that broadcasts to the weights [batch..., seqQ, seqK]: <b>bool, where true means the query may
    /// attend to the key</b> (false entries are excluded from the softmax), or float, added to the scaled scores
    /// (-inf excludes an entry). A padding mask over keys is [batch, 1, 1, seqK]. A float mask gets a gradient; a bool
    /// mask does not.
    /// </param>
    /// <param name="causal">Query i attends only to keys j &lt;= i (the lower triangle, aligned top-left as PyTorch's
    /// <c>is_causal</c>), combined with <paramref name="mask"/> when both are given.</param>
    /// <param name="dropout">The probability of dropping each attention weight, in [0, 1); kept weights are scaled by
    /// 1 / (1 - dropout). Pass 0 at inference: the op does not know whether it is training.</param>
    /// <param name="scale">Multiplies query · keyᵀ; by default 1 / sqrt(depth).</param>
    /// <param name="seed">The dropout's seed: the same seed draws the same dropout mask (on one backend); null takes the
    /// next seed of the global generator. Unused without dropout.</param>
    /// <returns>[batch..., seqQ, depthV], the leading axes broadcast.</returns>
    /// <remarks>
    /// <para>A query row whose keys are all excluded (by the mask, or a float mask of -inf) gets an output row of zeros
    /// and no gradient, instead of the NaN the softmax formula gives; <see cref="ScaledDotProductAttentionWithWeights"/>
    /// returns its weights as zeros too.</para>
    /// <para>On a backend with <see cref="IFusedAttentionKernels"/> (native, and torch without dropout) it runs fused:
    /// the native kernel makes one pass per (batch, head) over blocks of query rows with an online softmax, never holding
    /// more than one block of the score matrix. Otherwise, and for <see cref="ScaledDotProductAttentionComposed"/>, it is
    /// composed from primitives; that version is the reference and what higher-order gradients differentiate.</para>
    /// </remarks>
    /// <exception cref="ArgumentException">The dtypes are not floating or differ, the depths or key and value lengths
    /// differ, the leading axes or the mask do not broadcast, or dropout or scale is out of range.</exception>
    public static Tensor ScaledDotProductAttention(Tensor query, Tensor key, Tensor value, Tensor? mask = null, bool causal = false,
                                                   double dropout = 0, double? scale = null, long? seed = null)
    {
        var call = AttentionCall.Check(query, key, value, mask, causal, dropout, scale, seed, SubSeed);
        if (call.Trivial) return query.Backend.Full(new Shape(call.OutputShape), call.DType, 0, query.Device);
        if (FusedKernels.TryGet<IFusedAttentionKernels>(query, out var fused) && fused.CanFuseAttention(call.Options, call.DType, query.Device))
            return FusedAttention(fused, call);
        return ComposedAttention(call.Query, call.Key, call.Value, call.Mask, call.Options).Output;
    }

    /// <summary>
    /// <see cref="ScaledDotProductAttention"/> that also returns the attention weights softmax(query · keyᵀ · scale + mask),
    /// [batch..., seqQ, seqK], before dropout (as Keras's MultiHeadAttention returns its scores). Always composed from
    /// primitives, since the weights are materialised anyway.
    /// </summary>
    /// <inheritdoc cref="ScaledDotProductAttention" path="/param"/>
    /// <exception cref="ArgumentException">As <see cref="ScaledDotProductAttention"/>.</exception>
    public static (Tensor Output, Tensor Weights) ScaledDotProductAttentionWithWeights(Tensor query, Tensor key, Tensor value, Tensor? mask = null,
        bool causal = false, double dropout = 0, double? scale = null, long? seed = null)
    {
        var call = AttentionCall.Check(query, key, value, mask, causal, dropout, scale, seed, SubSeed);
        if (call.Trivial)
            return (query.Backend.Full(new Shape(call.OutputShape), call.DType, 0, query.Device),
                    query.Backend.Full(new Shape(call.WeightsShape), call.DType, 0, query.Device));
        return ComposedAttention(call.Query, call.Key, call.Value, call.Mask, call.Options);
    }

    /// <summary>
    /// <see cref="ScaledDotProductAttention"/> composed from primitives on every backend, never fused: the reference the
    /// fused kernels are tested against (same arguments, same dropout mask for the same seed, values equal up to rounding).
    /// </summary>
    /// <inheritdoc cref="ScaledDotProductAttention" path="/param"/>
    /// <exception cref="ArgumentException">As <see cref="ScaledDotProductAttention"/>.</exception>
    public static Tensor ScaledDotProductAttentionComposed(Tensor query, Tensor key, Tensor value, Tensor? mask = null, bool causal = false,
                                                           double dropout = 0, double? scale = null, long? seed = null)
    {
        var call = AttentionCall.Check(query, key, value, mask, causal, dropout, scale, seed, SubSeed);
        if (call.Trivial) return query.Backend.Full(new Shape(call.OutputShape), call.DType, 0, query.Device);
        return ComposedAttention(call.Query, call.Key, call.Value, call.Mask, call.Options).Output;
    }

    /// <summary>The backend's kernel on rank-3 inputs; one tape node whose backward is the kernel's, or primitives when those must be differentiable.</summary>
    private static Tensor FusedAttention(IFusedAttentionKernels fused, AttentionCall call)
    {
        int n = call.Lead.Size;
        var q = Flatten3(call.Query, call.Lead, n);
        var k = Flatten3(call.Key, call.Lead, n);
        var v = Flatten3(call.Value, call.Lead, n);
        var mask = call.Mask is null ? null : MaskTo3(call.Mask, call.Lead, n);
        var (output, saved) = fused.Attention(q, k, v, mask, call.Options);
        if (GradientTape.IsRecording) RecordFusedAttention(fused, output, saved, q, k, v, mask, call.Options);
        else saved?.Dispose();
        return Reshape(output, call.OutputShape);
    }

    // Under an outer tape (higher derivatives), or when a float mask wants its gradient, the backward is composed from
    // differentiable primitives; otherwise the backend's kernel computes all three gradients in one pass.
    private static void RecordFusedAttention(IFusedAttentionKernels fused, Tensor output, Tensor? saved,
                                             Tensor q, Tensor k, Tensor v, Tensor? mask, AttentionOptions options)
    {
        bool floatMask = mask is not null && mask.DType != DType.Bool;
        Tensor[] inputs = floatMask ? [q, k, v, mask!] : [q, k, v];
        Record(output, inputs, g =>
        {
            if (GradientTape.IsRecording || (floatMask && GradientTape.NeedsGradient(3)))
                return AttentionGradFromPrimitives(q, k, v, mask, options, g);
            var (dq, dk, dv) = fused.AttentionBackward(q, k, v, mask, options, output, saved, g);
            return floatMask ? [dq, dk, dv, null] : [dq, dk, dv];
        });
    }

    /// <summary>[lead..., s, d] broadcast to the call's leading axes, then flattened to [n, s, d].</summary>
    private static Tensor Flatten3(Tensor x, Shape lead, int n)
    {
        int s = x.Shape[-2], d = x.Shape[-1];
        int[] full = [.. lead.Dims, s, d];
        var b = x.Shape == new Shape(full) ? x : BroadcastTo(x, full);
        return Reshape(b, n, s, d);
    }

    /// <summary>
    /// The mask as [1 or n, 1 or seqQ, 1 or seqK]: its leading axes stay 1 when they all are (one mask for every head),
    /// else are broadcast and flattened (a padding mask [batch, 1, 1, seqK] becomes [batch·heads, 1, seqK]).
    /// </summary>
    private static Tensor MaskTo3(Tensor mask, Shape lead, int n)
    {
        int rank = lead.Rank + 2;
        var dims = new int[rank];
        for (int i = 0; i < rank; i++) dims[i] = i < rank - mask.Rank ? 1 : mask.Shape[i - (rank - mask.Rank)];
        int mq = dims[^2], mk = dims[^1];
        bool shared = true;
        for (int i = 0; i < rank - 2; i++) shared &= dims[i] == 1;
        if (shared) return Reshape(mask, 1, mq, mk);
        return Reshape(BroadcastTo(mask, [.. lead.Dims, mq, mk]), n, mq, mk);
    }
}
