using TorchSharp;
using F = TorchSharp.torch.nn.functional;
using TT = TorchSharp.torch.Tensor;

namespace KerasSharp.Backends.Torch;

public sealed partial class TorchBackend : IChannelsLastKernels
{
    /// <inheritdoc/>
    /// <remarks>
    /// libtorch takes the channels-last input as an NCHW view with NHWC strides (its channels_last memory format) and
    /// returns the same format, so no activation is transposed; a 1x1 convolution of one group is a matrix product
    /// with the Keras kernel as it is ([C, O]); other kernels go to libtorch as a dense OIHW copy kept with the kernel's
    /// storage (<see cref="TorchStorage.OihwKernel"/>), where a permuted view would be copied on every call.
    /// The scale, shift, residual and ReLU then run in place on the fresh result.
    /// </remarks>
    public Tensor Conv2dChannelsLast(Tensor x, Tensor kernel, Tensor? scale, Tensor? shift, Tensor? residual, bool relu, Conv2dGeometry g,
                                     Shape outShape)
    {
        if (!x.DType.IsFloating()) throw Unsupported("Conv2dChannelsLast", x.DType);
        using var scope = torch.NewDisposeScope();
        var xt = T(x);
        var w = T(kernel);
        var s = scale is null ? null : T(scale);
        var b = shift is null ? null : T(shift);
        long o = kernel.Shape[3];
        TT y;
        bool pointwise = g is { KernelH: 1, KernelW: 1, PadTop: 0, PadBottom: 0, PadLeft: 0, PadRight: 0, Groups: 1 };
        if (pointwise)
        {
            var picked = g.StrideH == 1 && g.StrideW == 1 ? xt : xt.slice(1, 0, x.Shape[1], g.StrideH).slice(2, 0, x.Shape[2], g.StrideW);
            var rows = picked.reshape(-1, x.Shape[3]);
            var w2 = w.reshape(x.Shape[3], o);
            y = s is null && b is not null ? torch.addmm(b, rows, w2, 1, 1) : rows.mm(w2);
            if (s is not null) y.mul_(s);
            if (s is not null && b is not null) y.add_(b);
            y = y.view(outShape.Dims());
        }
        else
        {
            var conv = ConvForward(xt.permute(0, 3, 1, 2), ((TorchStorage)kernel.Storage).OihwKernel(), g, s is null ? b : null);
            if (s is not null) conv.mul_(s.view(1, o, 1, 1));
            if (s is not null && b is not null) conv.add_(b.view(1, o, 1, 1));
            y = conv.permute(0, 2, 3, 1);
        }
        if (residual is not null) y.add_(T(residual));
        if (relu) y.relu_();
        return Wrap(y, x.Device, outShape);
    }

    /// <inheritdoc/>
    /// <remarks>libtorch's pooling on the NHWC-strided view; its result comes back in the same memory format.</remarks>
    public Tensor Pool2dChannelsLast(PoolOp op, Tensor x, Conv2dGeometry g, Shape outShape)
    {
        if (!x.DType.IsFloating()) throw Unsupported("Pool2dChannelsLast", x.DType);
        using var scope = torch.NewDisposeScope();
        var view = T(x).permute(0, 3, 1, 2);
        bool symmetric = g.PadTop == g.PadBottom && g.PadLeft == g.PadRight && 2 * g.PadTop <= g.KernelH && 2 * g.PadLeft <= g.KernelW;
        var y = op == PoolOp.Max && symmetric
            ? F.max_pool2d(view, [g.KernelH, g.KernelW], [g.StrideH, g.StrideW], [g.PadTop, g.PadLeft], [g.DilationH, g.DilationW])
            : PoolForward(op, view, g);
        return Wrap(y.permute(0, 2, 3, 1), x.Device, outShape);
    }
}
