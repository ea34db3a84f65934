using TorchSharp;
using ScalarType = TorchSharp.torch.ScalarType;
using TT = TorchSharp.torch.Tensor;

namespace KerasSharp.Backends.Torch;

public sealed partial class TorchBackend
{
    /// <inheritdoc/>
    public Tensor Reduce(ReduceOp op, Tensor x, int[] axes, bool keepDims, Shape outShape)
    {
        if (x.DType == DType.Bool && op != ReduceOp.Sum) throw Unsupported(op.ToString(), x.DType);
        if (op == ReduceOp.Mean && !x.DType.IsFloating()) throw Unsupported(op.ToString(), x.DType);
        using var scope = op == ReduceOp.Prod ? torch.NewDisposeScope() : null; // one prod per axis
        var t = T(x);
        // sums and products keep the input's type (libtorch would widen integers to int64); bool sums to int64
        var acc = x.DType == DType.Bool ? ScalarType.Int64 : x.DType.ToTorch();
        TT r;
        if (axes.Length == 0)
            r = t.to_type(acc, copy: true); // reducing over no axis is the identity (libtorch would reduce all)
        else
        {
            var dims = axes.Select(a => (long)a).ToArray();
            r = op switch
            {
                ReduceOp.Sum => t.sum(dims, keepDims, acc),
                ReduceOp.Mean => t.mean(dims, keepDims),
                ReduceOp.Max => t.amax(dims, keepDims),
                ReduceOp.Min => t.amin(dims, keepDims),
                ReduceOp.Prod => Prod(t, axes, keepDims, acc),
                _ => throw new ArgumentOutOfRangeException(nameof(op)),
            };
        }
        if (ShapeOf(r) != outShape)
        {
            var shaped = r.reshape(outShape.Dims());
            r.Dispose();
            r = shaped;
        }
        return Wrap(r, x.Device, outShape);
    }

    // libtorch's prod takes one axis: reduce the axes from the last so the earlier indices stay valid.
    private static TT Prod(TT t, int[] axes, bool keepDims, ScalarType acc)
    {
        var r = t;
        foreach (var a in axes.OrderDescending()) r = r.prod(a, keepDims, acc);
        return r;
    }

    /// <inheritdoc/>
    public Tensor ArgReduce(ArgReduceOp op, Tensor x, int axis, bool keepDims, Shape outShape)
    {
        if (x.DType == DType.Bool) throw Unsupported(op.ToString(), x.DType);
        if (x.Rank > 0 && x.Shape[axis] == 0) throw new ArgumentException($"{op}: axis {axis} of {x.Shape} is empty.");
        using var scope = torch.NewDisposeScope();
        var t = T(x);
        // libtorch returns the first index of the extreme value on ties, as the contract asks
        var r = op == ArgReduceOp.ArgMax ? t.argmax(axis, keepDims) : t.argmin(axis, keepDims);
        return Wrap(r.reshape(outShape.Dims()), x.Device, outShape);
    }

    /// <inheritdoc/>
    public Tensor CumSum(Tensor x, int axis, bool reverse)
    {
        if (x.DType == DType.Bool) throw Unsupported("CumSum", x.DType);
        using var scope = torch.NewDisposeScope();
        var t = T(x);
        if (x.Rank == 0) return Wrap(t.clone(), x.Device, x.Shape);
        var r = reverse
            ? t.flip(axis).cumsum(axis, x.DType.ToTorch()).flip(axis)
            : t.cumsum(axis, x.DType.ToTorch());
        return Wrap(r, x.Device, x.Shape);
    }

    /// <inheritdoc/>
    /// <remarks>A stable sort, so equal values come in index order (libtorch's topk leaves ties unordered).</remarks>
    public (Tensor Values, Tensor Indices) TopK(Tensor x, int k, bool largest)
    {
        if (x.DType == DType.Bool) throw Unsupported("TopK", x.DType);
        using var scope = torch.NewDisposeScope();
        var t = x.Rank == 0 ? T(x).reshape(1) : T(x);
        var (values, indices) = torch.sort(t, -1, largest, stable: true);
        values = values.narrow(-1, 0, k);
        indices = indices.narrow(-1, 0, k);
        var dims = x.Shape.ToArray();
        if (dims.Length > 0) dims[^1] = k;
        var shape = new Shape(dims);
        return (Wrap(values.reshape(shape.Dims()), x.Device, shape), Wrap(indices.reshape(shape.Dims()), x.Device, shape));
    }

    /// <inheritdoc/>
    public Tensor Softmax(Tensor x, int axis)
    {
        if (!x.DType.IsFloating()) throw Unsupported("Softmax", x.DType);
        return Wrap(T(x).softmax(axis), x.Device, x.Shape);
    }

    /// <inheritdoc/>
    public Tensor LogSoftmax(Tensor x, int axis)
    {
        if (!x.DType.IsFloating()) throw Unsupported("LogSoftmax", x.DType);
        return Wrap(T(x).log_softmax(axis), x.Device, x.Shape);
    }

    /// <inheritdoc/>
    public Tensor MatMul(Tensor a, Tensor b, bool transposeA, bool transposeB, Shape outShape)
    {
        if (!a.DType.IsFloating()) throw Unsupported("MatMul", a.DType);
        using var scope = transposeA || transposeB ? torch.NewDisposeScope() : null; // the transposed views
        var x = transposeA ? T(a).transpose(-2, -1) : T(a);
        var y = transposeB ? T(b).transpose(-2, -1) : T(b);
        return Wrap(torch.matmul(x, y), a.Device, outShape);
    }
}
