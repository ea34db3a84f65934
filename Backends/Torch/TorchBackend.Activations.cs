using TorchSharp;

namespace KerasSharp.Backends.Torch;

public sealed partial class TorchBackend : IFusedActivationKernels
{
    /// <inheritdoc/>
    public Tensor Gelu(Tensor x, bool approximate)
    {
        if (!approximate) return Wrap(torch.nn.functional.gelu(T(x)), x.Device, x.Shape);
        using var scope = torch.NewDisposeScope();
        var t = T(x);
        var r = t.mul(0.5).mul_(t.pow(3).mul_(0.044715).add_(t).mul_(Math.Sqrt(2 / Math.PI)).tanh_().add_(1));
        return Wrap(r, x.Device, x.Shape);
    }

    /// <inheritdoc/>
    /// <remarks>libtorch's sign and product (its threshold_backward gives other values where relu is NaN).</remarks>
    public Tensor ReluGrad(Tensor relu, Tensor gradient)
    {
        using var scope = torch.NewDisposeScope();
        return Wrap(T(gradient).mul(T(relu).sign()), relu.Device, relu.Shape);
    }

    /// <inheritdoc/>
    /// <remarks>
    /// TorchSharp does not expose libtorch's GELU backward kernel: the exact form reaches it through libtorch's autograd
    /// (the forward again on a leaf sharing x's storage, then its one-pass backward: two kernels where the formula takes
    /// about ten); the tanh form's derivative is formed in a few in-place kernels.
    /// </remarks>
    public Tensor GeluGrad(Tensor x, Tensor gradient, bool approximate)
    {
        using var scope = torch.NewDisposeScope();
        var t = T(x);
        torch.Tensor d;
        if (!approximate)
        {
            using var grad = torch.enable_grad();
            var leaf = t.detach().requires_grad_(true);
            var y = torch.nn.functional.gelu(leaf);
            return Wrap(torch.autograd.grad([y], [leaf], [T(gradient)])[0], x.Device, x.Shape);
        }
        else
        {
            double c = Math.Sqrt(2 / Math.PI);
            var x2 = t.square();
            var th = x2.mul(0.044715).add_(1).mul_(t).mul_(c).tanh_();
            var du = x2.mul_(3 * 0.044715).add_(1).mul_(c);
            // 0.5 (1 + th) + 0.5 x (1 - th^2) du
            d = th.square().neg_().add_(1).mul_(du).mul_(t).add_(th).add_(1).mul_(0.5);
        }
        var r = d.mul_(T(gradient));
        return Wrap(r, x.Device, x.Shape);
    }
}
