using TorchSharp;

namespace KerasSharp.Backends.Torch;

public sealed partial class TorchBackend : IFusedLinearKernels
{
    /// <inheritdoc/>
    /// <remarks>libtorch's addmm: the bias enters the GEMM's output (as in torch's own linear), no separate add pass.</remarks>
    public Tensor Linear(Tensor x, Tensor w, Tensor bias) =>
        Wrap(torch.addmm(T(bias), T(x), T(w), 1, 1), x.Device, new Shape(x.Shape[0], w.Shape[1]));
}
