using TorchSharp;
using TT = TorchSharp.torch.Tensor;

namespace KerasSharp.Backends.Torch;

public sealed partial class TorchBackend : IFusedAttentionKernels
{
    /// <inheritdoc/>
    /// <remarks>
    /// Not with dropout: libtorch's kernel draws its mask from libtorch's global generator, not from the call's seed, so
    /// Core composes those calls (with a seeded <see cref="RandomBernoulli"/> mask) instead.
    /// </remarks>
    public bool CanFuseAttention(AttentionOptions options, DType dtype, Device device) => options.Dropout == 0 && dtype.IsFloating();

    /// <inheritdoc/>
    /// <remarks>libtorch's <c>scaled_dot_product_attention</c>; nothing is saved (the backward runs it again under autograd).</remarks>
    public (Tensor Output, Tensor? Saved) Attention(Tensor query, Tensor key, Tensor value, Tensor? mask, AttentionOptions options)
    {
        using var scope = torch.NewDisposeScope();
        var y = Sdpa(T(query), T(key), T(value), mask is null ? null : T(mask), options);
        return (Wrap(y, query.Device, new Shape(query.Shape[0], query.Shape[1], value.Shape[2])), null);
    }

    /// <inheritdoc/>
    /// <remarks>
    /// TorchSharp 0.107 binds no backward of the op, so the forward runs again on detached inputs that require grad and
    /// libtorch's autograd differentiates it (its fused CPU backward).
    /// </remarks>
    public (Tensor Query, Tensor Key, Tensor Value) AttentionBackward(Tensor query, Tensor key, Tensor value, Tensor? mask, AttentionOptions options,
                                                                      Tensor output, Tensor? saved, Tensor gradOutput)
    {
        using var scope = torch.NewDisposeScope();
        using var enabled = torch.enable_grad();
        var q = T(query).detach().requires_grad_(true);
        var k = T(key).detach().requires_grad_(true);
        var v = T(value).detach().requires_grad_(true);
        var y = Sdpa(q, k, v, mask is null ? null : T(mask), options);
        var grads = torch.autograd.grad([y], [q, k, v], [T(gradOutput)]);
        return (Wrap(grads[0], query.Device, query.Shape), Wrap(grads[1], key.Device, key.Shape), Wrap(grads[2], value.Device, value.Shape));
    }

    private static TT Sdpa(TT q, TT k, TT v, TT? mask, AttentionOptions options)
    {
        // The binding has no scale argument and libtorch divides by sqrt(depth): the query carries the difference.
        long depth = q.shape[^1];
        double factor = depth > 0 ? options.Scale * Math.Sqrt(depth) : 1;
        if (factor != 1) q = q.mul(factor);
        bool causal = options.Causal;
        if (causal && mask is not null)
        {
            // libtorch refuses a mask together with is_causal: fold the lower triangle into the mask.
            var lower = torch.ones(q.shape[^2], k.shape[^2], torch.@bool, q.device).tril();
            mask = mask.dtype == torch.@bool ? mask.logical_and(lower) : mask.masked_fill(lower.logical_not(), double.NegativeInfinity);
            causal = false;
        }
        if (mask is null) return torch.nn.functional.scaled_dot_product_attention(q, k, v, null, 0.0, causal);
        // Rows whose keys are all masked out must give zeros and no gradient (the contract). Whatever libtorch's kernel
        // does with them, they attend to every key instead (finite values, finite gradients) and are zeroed after.
        var live = mask.dtype == torch.@bool ? mask : mask.gt(double.NegativeInfinity);
        var dead = live.any(-1, keepdim: true).logical_not(); // [1 or n, 1 or seqQ, 1]
        var open = mask.dtype == torch.@bool ? mask.logical_or(dead) : mask.masked_fill(dead, 0.0);
        return torch.nn.functional.scaled_dot_product_attention(q, k, v, open, 0.0, causal).masked_fill(dead, 0.0);
    }
}
