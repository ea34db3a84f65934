using TorchSharp;
using TT = TorchSharp.torch.Tensor;

namespace KerasSharp.Backends.Torch;

public sealed partial class TorchBackend
{
    /// <inheritdoc/>
    /// <remarks>A libtorch view where the strides allow one, else a copy.</remarks>
    public Tensor Reshape(Tensor x, Shape shape)
    {
        return Wrap(T(x).reshape(shape.Dims()), x.Device, shape);
    }

    /// <inheritdoc/>
    /// <remarks>A strided view: no copy until an op needs contiguous memory.</remarks>
    public Tensor Permute(Tensor x, int[] perm, Shape outShape)
    {
        return Wrap(T(x).permute(perm.Select(p => (long)p).ToArray()), x.Device, outShape);
    }

    /// <inheritdoc/>
    /// <remarks>A view with zero strides; backend ops never write into their inputs, so sharing is safe.</remarks>
    public Tensor BroadcastTo(Tensor x, Shape outShape)
    {
        return Wrap(T(x).expand(outShape.Dims()), x.Device, outShape);
    }

    /// <inheritdoc/>
    public Tensor Slice(Tensor x, int[] starts, int[] steps, Shape outShape)
    {
        using var scope = torch.NewDisposeScope();
        var t = T(x);
        for (int d = 0; d < x.Rank; d++)
        {
            long n = outShape[d], start = starts[d], step = steps[d];
            if (n == 0) t = t.narrow(d, 0, 0);
            else if (step > 0) t = t.slice(d, start, start + (n - 1) * step + 1, step);
            else
            {
                // libtorch has no negative strides: take the same cells in ascending order, then flip
                long first = start + (n - 1) * step;
                t = t.slice(d, first, start + 1, -step).flip(d);
            }
        }
        return Wrap(t, x.Device, outShape);
    }

    /// <inheritdoc/>
    public Tensor Concat(IReadOnlyList<Tensor> xs, int axis, Shape outShape)
    {
        using var scope = torch.NewDisposeScope();
        return Wrap(torch.cat(xs.Select(T).ToArray(), axis), xs[0].Device, outShape);
    }

    /// <inheritdoc/>
    public Tensor Pad(Tensor x, int[] pads, double value, Shape outShape)
    {
        using var scope = torch.NewDisposeScope();
        using var filled = Full(outShape, x.DType, value, x.Device);
        var r = T(filled).clone();
        var inner = r;
        for (int d = 0; d < x.Rank; d++) inner = inner.narrow(d, pads[2 * d], x.Shape[d]);
        inner.copy_(T(x));
        return Wrap(r, x.Device, outShape);
    }
}
