namespace KerasSharp.Backends;

/// <summary>
/// Fused scaled dot-product attention: an optional part of the backend contract. Without it, Core composes the op
/// from primitives (two batched matmuls, the masking ops and a softmax), which materialises the [seqQ, seqK] weights
/// of every head, forward and backward. Core validates and normalises first, so every call gets:
/// <list type="bullet">
/// <item>query [n, seqQ, depth], key [n, seqK, depth], value [n, seqK, depthV]: one floating dtype, n the batch and
/// head axes flattened, every size above zero;</item>
/// <item>mask null, or [1 or n, 1 or seqQ, 1 or seqK], either bool (true: the query may attend to the key) or the
/// query's dtype (added to the scaled scores);</item>
/// <item><see cref="AttentionOptions"/> with the scale, the causal flag and the dropout.</item>
/// </list>
/// A row whose keys are all masked out (its scores all -inf) gives an output row of zeros and no gradient.
/// Core uses the composed version instead when the caller asks for the weights, and composes the backward from
/// primitives when a higher-order tape records it or a float mask needs a gradient; the composed version stays the
/// reference the fused one is tested against.
/// </summary>
public interface IFusedAttentionKernels
{
    /// <summary>
    /// Whether this backend runs a call with these options fused; when false Core composes it. A backend declines,
    /// for example, dropout it cannot draw from <see cref="AttentionOptions.Seed"/> exactly as its own
    /// <see cref="IBackend.RandomBernoulli"/> would.
    /// </summary>
    bool CanFuseAttention(AttentionOptions options, DType dtype, Device device);

    /// <summary>
    /// <c>dropout(softmax(query keyᵀ · scale + mask)) value</c> over the last two axes, [n, seqQ, depthV], and what the
    /// backward needs besides the inputs and the output (the native backend keeps each row's log-sum-exp; null when
    /// nothing).
    /// </summary>
    (Tensor Output, Tensor? Saved) Attention(Tensor query, Tensor key, Tensor value, Tensor? mask, AttentionOptions options);

    /// <summary>
    /// The gradients of <see cref="Attention"/> with respect to query, key and value, given the gradient of its output
    /// (<paramref name="gradOutput"/>, shaped like <paramref name="output"/>) and what the forward returned.
    /// </summary>
    (Tensor Query, Tensor Key, Tensor Value) AttentionBackward(Tensor query, Tensor key, Tensor value, Tensor? mask, AttentionOptions options,
                                                               Tensor output, Tensor? saved, Tensor gradOutput);
}

/// <summary>The scalar settings of one attention call.</summary>
/// <param name="Scale">Multiplies query · key before the mask is added (Core's default is 1/sqrt(depth)).</param>
/// <param name="Causal">Query i attends only to keys j &lt;= i (top-left aligned), on top of any mask.</param>
/// <param name="Dropout">
/// The probability of dropping a weight, in [0, 1). The keep mask is exactly that of
/// <c>backend.RandomBernoulli([n, seqQ, seqK], dtype, 1 - Dropout, 1 / (1 - Dropout), Seed, device)</c>: element
/// (b, i, j) scales weight (b, i, j) after the softmax.
/// </param>
/// <param name="Seed">The dropout's seed (unused when <paramref name="Dropout"/> is 0).</param>
public readonly record struct AttentionOptions(double Scale, bool Causal, double Dropout, ulong Seed);
