using TorchSharp;

namespace KerasSharp.Backends.Torch;

public sealed partial class TorchBackend : IFusedNormalizationKernels
{
    /// <inheritdoc/>
    public Tensor LayerNorm(Tensor x, Tensor? gamma, Tensor? beta, double epsilon) =>
        Wrap(torch.nn.functional.layer_norm(T(x), [x.Shape[-1]], gamma is null ? null : T(gamma), beta is null ? null : T(beta), epsilon),
             x.Device, x.Shape);

    /// <inheritdoc/>
    /// <remarks>TorchSharp does not expose libtorch's layer-norm backward: it is formed here in a dozen libtorch kernels.</remarks>
    public (Tensor Input, Tensor? Gamma, Tensor? Beta) LayerNormGrad(Tensor x, Tensor? gamma, bool hasBeta, Tensor gradient, double epsilon)
    {
        using var scope = torch.NewDisposeScope();
        var t = T(x);
        var g = T(gradient);
        var (variance, mean) = torch.var_mean(t, [-1L], unbiased: false, keepdim: true);
        var rstd = variance.add_(epsilon).rsqrt_();
        var xhat = t.sub(mean).mul_(rstd);
        var dxhat = gamma is null ? g : g.mul(T(gamma));
        var a = dxhat.mean([-1L], keepdim: true);
        var b = dxhat.mul(xhat).mean([-1L], keepdim: true);
        var dx = dxhat.sub(a).sub_(xhat.mul(b)).mul_(rstd);
        long c = x.Shape[-1];
        var g2 = g.reshape(-1, c);
        var dGamma = gamma is null ? null : g2.mul(xhat.reshape(-1, c)).sum([0L]);
        var dBeta = hasBeta ? g2.sum([0L]) : null;
        var shape = new Shape([x.Shape[-1]]);
        return (Wrap(dx, x.Device, x.Shape), dGamma is null ? null : Wrap(dGamma, x.Device, shape), dBeta is null ? null : Wrap(dBeta, x.Device, shape));
    }

    /// <inheritdoc/>
    /// <remarks>libtorch's batch_norm in training mode with the features moved to axis 1 (a view: a channels-last input
    /// keeps its layout), and var_mean for the statistics it does not return.</remarks>
    public (Tensor Output, Tensor Mean, Tensor Variance) BatchNorm(Tensor x, Tensor? gamma, Tensor? beta, int axis, double epsilon)
    {
        using var scope = torch.NewDisposeScope();
        var t = T(x);
        var reduce = ReduceDims(x.Rank, axis);
        var (variance, mean) = torch.var_mean(t, reduce, unbiased: false);
        var moved = t.movedim([axis], [1L]);
        var y = torch.nn.functional.batch_norm(moved, null, null, gamma is null ? null : T(gamma), beta is null ? null : T(beta),
                                               training: true, eps: epsilon).movedim([1L], [axis]).contiguous();
        var features = new Shape([x.Shape[axis]]);
        return (Wrap(y, x.Device, x.Shape), Wrap(mean, x.Device, features), Wrap(variance, x.Device, features));
    }

    /// <inheritdoc/>
    /// <remarks>TorchSharp does not expose libtorch's batch-norm backward: dx = g·a + x·b + c per feature, from the two
    /// sums it needs.</remarks>
    public (Tensor Input, Tensor? Gamma, Tensor? Beta) BatchNormGrad(Tensor x, Tensor mean, Tensor variance, Tensor? gamma, bool hasBeta,
                                                                      Tensor gradient, int axis, double epsilon)
    {
        using var scope = torch.NewDisposeScope();
        var t = T(x);
        var g = T(gradient);
        var reduce = ReduceDims(x.Rank, axis);
        var view = new long[x.Rank];
        Array.Fill(view, 1L);
        view[axis] = x.Shape[axis];
        long count = x.Shape.Size / x.Shape[axis];
        var m = T(mean).reshape(view);
        var rstd = T(variance).add(epsilon).rsqrt_();
        var sumG = g.sum(reduce);
        var sumGX = g.mul(t.sub(m)).sum(reduce);
        var ga = gamma is null ? rstd : rstd.mul(T(gamma));
        var b = ga.mul(rstd).mul_(rstd).mul_(sumGX).div_(-count);
        var c = ga.mul(sumG).div_(-count).sub_(b.mul(T(mean)));
        var dx = g.mul(ga.reshape(view)).add_(t.mul(b.reshape(view))).add_(c.reshape(view));
        var features = new Shape([x.Shape[axis]]);
        return (Wrap(dx, x.Device, x.Shape),
                gamma is null ? null : Wrap(sumGX.mul(rstd), x.Device, features),
                hasBeta ? Wrap(sumG, x.Device, features) : null);
    }

    private static long[] ReduceDims(int rank, int axis) => [.. Enumerable.Range(0, rank).Where(i => i != axis).Select(i => (long)i)];
}
