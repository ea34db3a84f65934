using System.Runtime.InteropServices;
using TorchSharp;

namespace KerasSharp.Backends.Torch;

public sealed partial class TorchBackend : IFusedLossKernels
{
    /// <inheritdoc/>
    public Tensor SparseSoftmaxCrossEntropy(Tensor logits, Tensor labels)
    {
        using var scope = torch.NewDisposeScope();
        try
        {
            var loss = torch.nn.functional.cross_entropy(T(logits), T(labels), reduction: torch.nn.Reduction.None);
            return Wrap(loss, logits.Device, new Shape(logits.Shape[0]));
        }
        catch (ExternalException e) when (e.Message.Contains("out of bounds", StringComparison.Ordinal))
        {
            // libtorch checks the targets; report it as the native backend does, with libtorch's own words.
            throw new IndexOutOfRangeException(
                $"sparse_softmax_cross_entropy: a label is outside [0, {logits.Shape[1]}) ({e.Message.Split('\n')[0]}).", e);
        }
    }

    /// <inheritdoc/>
    public Tensor SparseSoftmaxCrossEntropyGrad(Tensor logits, Tensor labels, Tensor gradLoss)
    {
        using var scope = torch.NewDisposeScope();
        var grad = T(logits).softmax(1);
        var minusOne = torch.full([logits.Shape[0], 1], -1.0, grad.dtype, grad.device);
        grad.scatter_add_(1, T(labels).unsqueeze(1), minusOne);
        grad.mul_(T(gradLoss).unsqueeze(1));
        return Wrap(grad, logits.Device, logits.Shape);
    }
}
