using TorchSharp;
using ScalarType = TorchSharp.torch.ScalarType;
using TT = TorchSharp.torch.Tensor;

namespace KerasSharp.Backends.Torch;

public sealed partial class TorchBackend
{
    /// <inheritdoc/>
    public Tensor Gather(Tensor x, Tensor indices, int axis, Shape outShape)
    {
        using var scope = torch.NewDisposeScope();
        var idx = Indices(indices, x.Shape[axis], axis, "Gather", x.Device);
        return Wrap(T(x).index_select(axis, idx).reshape(outShape.Dims()), x.Device, outShape);
    }

    /// <inheritdoc/>
    public Tensor ScatterAdd(Tensor target, Tensor indices, Tensor updates, int axis)
    {
        using var scope = torch.NewDisposeScope();
        var idx = Indices(indices, target.Shape[axis], axis, "ScatterAdd", target.Device);
        var dims = target.Shape.Dims();
        dims[axis] = idx.shape[0];
        var u = T(updates).reshape(dims);
        TT r;
        if (target.DType == DType.Bool)
        {
            // for bools, "add" is "or": count the trues, then test for any
            r = T(target).to_type(ScalarType.Int64).index_add(axis, idx, u.to_type(ScalarType.Int64), 1).ne(0);
        }
        else r = T(target).index_add(axis, idx, u, 1);
        return Wrap(r, target.Device, target.Shape);
    }

    /// <summary>
    /// The indices as a flat int64 tensor with negative ones counted from the end; one out of range throws
    /// <see cref="IndexOutOfRangeException"/> naming it, as the native backend does.
    /// </summary>
    private static TT Indices(Tensor indices, int size, int axis, string op, Device device)
    {
        if (indices.DType is not (DType.Int32 or DType.Int64))
            throw new NotSupportedException($"{op}: indices must be int32 or int64, got {indices.DType.Name()}.");
        var i = T(indices).reshape(-1);
        if (indices.DType != DType.Int64) i = i.to_type(ScalarType.Int64);
        if (i.numel() == 0) return i;
        // The common case (a batch's rows, labels) in one reduction and two reads: all in range, nothing to wrap.
        var (low, high) = torch.aminmax(i);
        if (low.item<long>() >= 0 && high.item<long>() < size) return i;
        var fixedUp = torch.where(i.lt(0), i.add(size), i);
        if (fixedUp.numel() > 0)
        {
            var bad = fixedUp.lt(0).logical_or(fixedUp.ge(size));
            if (bad.any().item<bool>())
            {
                long first = i[bad.nonzero()[0, 0]].item<long>();
                throw new IndexOutOfRangeException($"{op}: index {first} is out of range for axis {axis} of size {size}.");
            }
        }
        return fixedUp;
    }
}
