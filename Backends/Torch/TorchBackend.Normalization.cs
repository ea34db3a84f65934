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
}
