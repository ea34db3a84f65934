using TorchSharp;
using F = TorchSharp.torch.nn.functional;
using TT = TorchSharp.torch.Tensor;

namespace KerasSharp.Backends.Torch;

public sealed partial class TorchBackend : IChannelsLastGradKernels
{
    /// <inheritdoc/>
    public bool SupportsConv2dChannelsLastGrad(Conv2dGeometry g, DType dtype) => dtype.IsFloating();

    /// <inheritdoc/>
    /// <remarks>
    /// libtorch's convolution with its autograd graph kept for the backward: leaves that share the input's, kernel's and
    /// bias's storage, the input as its NHWC-strided NCHW view (libtorch's channels_last format, so nothing is
    /// transposed), the kernel as a permuted view of the Keras layout (its gradient comes back in that layout). The
    /// backward is libtorch's own convolution backward, once for every gradient asked.
    /// </remarks>
    public (Tensor Output, ChannelsLastConvBackward Backward) Conv2dChannelsLastForTraining(Tensor x, Tensor kernel, Tensor? bias, Conv2dGeometry g,
                                                                                             Shape outShape)
    {
        TT y, xl, wl;
        TT? bl;
        Tensor output;
        using (torch.enable_grad())
        using (var scope = torch.NewDisposeScope())
        {
            xl = Leaf(x);
            wl = Leaf(kernel);
            bl = bias is null ? null : Leaf(bias);
            y = ConvForward(xl.permute(0, 3, 1, 2), wl.permute(3, 2, 0, 1), g, bl);
            y.DetachFromDisposeScope();
            output = Wrap(y.detach().permute(0, 2, 3, 1).contiguous(), x.Device, outShape);
        }
        return (output, (dy, input, kernelGrad, biasGrad) =>
        {
            var wanted = new List<(int Slot, TT Leaf)>();
            if (input) wanted.Add((0, xl));
            if (kernelGrad) wanted.Add((1, wl));
            if (biasGrad && bl is not null) wanted.Add((2, bl));
            var result = new Tensor?[3];
            using (var scope = torch.NewDisposeScope())
            {
                if (wanted.Count > 0)
                {
                    var grads = torch.autograd.grad([y], [.. wanted.Select(w => w.Leaf)], [T(dy).permute(0, 3, 1, 2)]);
                    for (int i = 0; i < wanted.Count; i++)
                    {
                        int slot = wanted[i].Slot;
                        // each gradient comes in its leaf's layout: NHWC, the Keras kernel's, [O]
                        result[slot] = Wrap(grads[i].contiguous(), x.Device, slot == 0 ? x.Shape : slot == 1 ? kernel.Shape : bias!.Shape);
                    }
                }
            }
            y.Dispose();
            xl.Dispose();
            wl.Dispose();
            bl?.Dispose();
            return (result[0], result[1], result[2]);
        });
    }

    /// <inheritdoc/>
    /// <remarks>libtorch's pooling on the NHWC-strided view with its autograd graph kept; the backward is libtorch's own.</remarks>
    public (Tensor Output, Func<Tensor, Tensor> Backward) Pool2dChannelsLastForTraining(PoolOp op, Tensor x, Conv2dGeometry g, Shape outShape)
    {
        TT y, xl;
        Tensor output;
        using (torch.enable_grad())
        using (var scope = torch.NewDisposeScope())
        {
            xl = Leaf(x);
            var view = xl.permute(0, 3, 1, 2);
            bool symmetric = g.PadTop == g.PadBottom && g.PadLeft == g.PadRight && 2 * g.PadTop <= g.KernelH && 2 * g.PadLeft <= g.KernelW;
            y = op == PoolOp.Max && symmetric
                ? F.max_pool2d(view, [g.KernelH, g.KernelW], [g.StrideH, g.StrideW], [g.PadTop, g.PadLeft], [g.DilationH, g.DilationW])
                : PoolForward(op, view, g);
            y.DetachFromDisposeScope();
            output = Wrap(y.detach().permute(0, 2, 3, 1).contiguous(), x.Device, outShape);
        }
        return (output, dy =>
        {
            Tensor dx;
            using (var scope = torch.NewDisposeScope())
                dx = Wrap(torch.autograd.grad([y], [xl], [T(dy).permute(0, 3, 1, 2)])[0].contiguous(), x.Device, x.Shape);
            y.Dispose();
            xl.Dispose();
            return dx;
        });
    }

    // A leaf of libtorch's autograd sharing the tensor's storage, kept out of every dispose scope.
    private static TT Leaf(Tensor t)
    {
        var leaf = T(t).detach().requires_grad_(true);
        leaf.DetachFromDisposeScope();
        return leaf;
    }
}
