using TorchSharp;

namespace KerasSharp.Backends.Torch;

public sealed partial class TorchBackend : IFusedOptimizerKernels
{
    /// <inheritdoc/>
    /// <remarks>Five libtorch kernels and four fresh buffers (the three results and the denominator): each fresh
    /// buffer costs more than its kernel here, so v' is formed as <c>v * beta2 + (1 - beta2) g g</c> in place.</remarks>
    public (Tensor Value, Tensor Momentum, Tensor Velocity) AdamStep(Tensor value, Tensor gradient, Tensor momentum, Tensor velocity,
                                                                     AdamCoefficients c)
    {
        using var scope = torch.NewDisposeScope();
        var g = T(gradient);
        // lerp takes its weight as a tensor: a bare double would become a float64 tensor, and between two rank-0
        // tensors libtorch promotes, so a scalar weight's moment would come back float64.
        var m = T(momentum).lerp(g, torch.tensor(1 - c.Beta1, g.dtype, g.device));
        var v = T(velocity).mul(c.Beta2).addcmul_(g, g, 1 - c.Beta2);
        var w = T(value).addcdiv(m, v.sqrt().add_(c.Epsilon), -c.StepSize);
        return (Wrap(w, value.Device, value.Shape), Wrap(m, value.Device, value.Shape), Wrap(v, value.Device, value.Shape));
    }

    /// <inheritdoc/>
    public Tensor SgdStep(Tensor value, Tensor gradient, double learningRate) =>
        Wrap(T(value).add(T(gradient), -learningRate), value.Device, value.Shape);
}
