using TorchSharp;
using F = TorchSharp.torch.nn.functional;
using TT = TorchSharp.torch.Tensor;

namespace KerasSharp.Backends.Torch;

public sealed partial class TorchBackend
{
    /// <inheritdoc/>
    public Tensor Conv2d(Tensor x, Tensor w, Conv2dGeometry g, Shape outShape)
    {
        if (!x.DType.IsFloating()) throw Unsupported("Conv2d", x.DType);
        using var scope = torch.NewDisposeScope();
        return Wrap(ConvForward(T(x), T(w), g), x.Device, outShape);
    }

    /// <inheritdoc/>
    /// <remarks>libtorch's autograd over one convolution: the input gradient does not depend on the input's values.</remarks>
    public Tensor Conv2dBackwardInput(Tensor gradOut, Tensor w, Shape inputShape, Conv2dGeometry g)
    {
        using var scope = torch.NewDisposeScope();
        var dy = T(gradOut);
        var x = torch.zeros(inputShape.Dims(), dy.dtype, dy.device).requires_grad_(true);
        return Wrap(Grad(() => ConvForward(x, T(w), g), x, dy), gradOut.Device, inputShape);
    }

    /// <inheritdoc/>
    public Tensor Conv2dBackwardWeight(Tensor x, Tensor gradOut, Shape weightShape, Conv2dGeometry g)
    {
        using var scope = torch.NewDisposeScope();
        var dy = T(gradOut);
        var w = torch.zeros(weightShape.Dims(), dy.dtype, dy.device).requires_grad_(true);
        return Wrap(Grad(() => ConvForward(T(x), w, g), w, dy), x.Device, weightShape);
    }

    /// <inheritdoc/>
    public Tensor Pool2d(PoolOp op, Tensor x, Conv2dGeometry g, Shape outShape)
    {
        if (!x.DType.IsFloating()) throw Unsupported("Pool2d", x.DType);
        using var scope = torch.NewDisposeScope();
        return Wrap(PoolForward(op, T(x), g), x.Device, outShape);
    }

    /// <inheritdoc/>
    public Tensor Pool2dBackward(PoolOp op, Tensor x, Tensor gradOut, Conv2dGeometry g)
    {
        using var scope = torch.NewDisposeScope();
        var xv = T(x).detach().requires_grad_(true);
        return Wrap(Grad(() => PoolForward(op, xv, g), xv, T(gradOut)), x.Device, x.Shape);
    }

    private static TT ConvForward(TT x, TT w, Conv2dGeometry g, TT? bias = null)
    {
        bool symmetric = g.PadTop == g.PadBottom && g.PadLeft == g.PadRight;
        var input = symmetric ? x : F.pad(x, [g.PadLeft, g.PadRight, g.PadTop, g.PadBottom]);
        long[] padding = symmetric ? [g.PadTop, g.PadLeft] : [0, 0];
        return F.conv2d(input, w, bias, [g.StrideH, g.StrideW], padding, [g.DilationH, g.DilationW], g.Groups);
    }

    /// <summary>
    /// Pooling with explicit (possibly asymmetric) padding that never takes part: max pads with -inf; average
    /// divides a window sum by the count of cells inside the image (a depthwise convolution with ones supports dilation).
    /// </summary>
    private static TT PoolForward(PoolOp op, TT x, Conv2dGeometry g)
    {
        long[] pads = [g.PadLeft, g.PadRight, g.PadTop, g.PadBottom];
        long[] kernel = [g.KernelH, g.KernelW], stride = [g.StrideH, g.StrideW], dilation = [g.DilationH, g.DilationW];
        if (op == PoolOp.Max)
        {
            var padded = F.pad(x, pads, value: double.NegativeInfinity);
            return F.max_pool2d(padded, kernel, stride, [0, 0], dilation);
        }
        long c = x.shape[1];
        var ones = torch.ones([c, 1, g.KernelH, g.KernelW], x.dtype, x.device);
        var sum = F.conv2d(F.pad(x, pads), ones, null, stride, [0, 0], dilation, c);
        var inside = torch.ones([1, 1, x.shape[2], x.shape[3]], x.dtype, x.device);
        var count = F.conv2d(F.pad(inside, pads), ones.narrow(0, 0, 1), null, stride, [0, 0], dilation, 1);
        return sum.div(count.clamp_min(1)); // a window wholly in the padding sums to 0 and gives 0
    }

    /// <summary>d(forward)/d<paramref name="input"/> contracted with <paramref name="gradOut"/>, by libtorch's autograd.</summary>
    private static TT Grad(Func<TT> forward, TT input, TT gradOut)
    {
        using var enabled = torch.enable_grad();
        var y = forward();
        return torch.autograd.grad([y], [input], [gradOut])[0];
    }
}
