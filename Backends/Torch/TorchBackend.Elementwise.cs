using TorchSharp;
using ScalarType = TorchSharp.torch.ScalarType;
using TT = TorchSharp.torch.Tensor;

namespace KerasSharp.Backends.Torch;

public sealed partial class TorchBackend
{
    /// <inheritdoc/>
    public Tensor Unary(UnaryOp op, Tensor x)
    {
        using var scope = op == UnaryOp.Neg && x.DType == DType.UInt8 ? torch.NewDisposeScope() : null; // the one op with a temporary
        var t = T(x);
        bool isBool = x.DType == DType.Bool;
        if (isBool != (op == UnaryOp.LogicalNot)) throw Unsupported(op.ToString(), x.DType);
        if (!x.DType.IsFloating() && op is not (UnaryOp.Neg or UnaryOp.Abs or UnaryOp.Sign or UnaryOp.Square or UnaryOp.Relu or UnaryOp.LogicalNot))
            throw Unsupported(op.ToString(), x.DType);
        TT r = op switch
        {
            UnaryOp.Neg when x.DType == DType.UInt8 => torch.zeros_like(t).sub(t), // wraps, as the native backend
            UnaryOp.Neg => t.neg(),
            UnaryOp.Abs when x.DType == DType.UInt8 => t.clone(),
            UnaryOp.Abs => t.abs(),
            UnaryOp.Sign => t.sign(),
            UnaryOp.Square => t.mul(t),
            UnaryOp.Relu => t.relu(),
            UnaryOp.Exp => t.exp(),
            UnaryOp.Log => t.log(),
            UnaryOp.Sqrt => t.sqrt(),
            UnaryOp.Rsqrt => t.rsqrt(),
            UnaryOp.Reciprocal => t.reciprocal(),
            UnaryOp.Sin => t.sin(),
            UnaryOp.Cos => t.cos(),
            UnaryOp.Tanh => t.tanh(),
            UnaryOp.Sigmoid => t.sigmoid(),
            UnaryOp.Erf => t.erf(),
            UnaryOp.Log1p => t.log1p(),
            UnaryOp.Expm1 => t.expm1(),
            UnaryOp.Floor => t.floor(),
            UnaryOp.Ceil => t.ceil(),
            UnaryOp.Round => t.round(), // half to even, as the contract says
            UnaryOp.LogicalNot => t.logical_not(),
            _ => throw Unsupported(op.ToString(), x.DType),
        };
        return Wrap(r, x.Device, x.Shape);
    }

    /// <inheritdoc/>
    public Tensor Binary(BinaryOp op, Tensor a, Tensor b, Shape outShape)
    {
        TT x = T(a), y = T(b);
        var dt = a.DType;
        using var scope = op is BinaryOp.FloorDiv or BinaryOp.Mod && dt.IsInteger() ? torch.NewDisposeScope() : null; // the zero check's temporaries
        bool logical = op is BinaryOp.LogicalAnd or BinaryOp.LogicalOr or BinaryOp.LogicalXor;
        if (logical != (dt == DType.Bool)) throw Unsupported(op.ToString(), dt);
        if (op is BinaryOp.Div or BinaryOp.Pow && !dt.IsFloating()) throw Unsupported(op.ToString(), dt);
        if (op is BinaryOp.FloorDiv or BinaryOp.Mod && dt.IsInteger() && y.eq(0).any().item<bool>())
            throw new DivideByZeroException($"{op}: integer division by zero.");
        TT r = op switch
        {
            BinaryOp.Add => x.add(y),
            BinaryOp.Sub => x.sub(y),
            BinaryOp.Mul => x.mul(y),
            BinaryOp.Div => x.div(y),
            BinaryOp.Pow => x.pow(y),
            BinaryOp.Maximum => x.maximum(y),
            BinaryOp.Minimum => x.minimum(y),
            BinaryOp.FloorDiv => x.div(y, torch.RoundingMode.floor),
            BinaryOp.Mod => x.remainder(y), // Python semantics: the sign of b
            BinaryOp.LogicalAnd => x.logical_and(y),
            BinaryOp.LogicalOr => x.logical_or(y),
            BinaryOp.LogicalXor => x.logical_xor(y),
            _ => throw Unsupported(op.ToString(), dt),
        };
        return Wrap(r, a.Device, outShape);
    }

    /// <inheritdoc/>
    public Tensor Compare(CompareOp op, Tensor a, Tensor b, Shape outShape)
    {
        using var scope = a.DType == DType.Bool ? torch.NewDisposeScope() : null; // the byte copies of bools
        TT x = T(a), y = T(b);
        if (a.DType == DType.Bool)
        {
            // bools order as 0 < 1
            x = x.to_type(ScalarType.Byte);
            y = y.to_type(ScalarType.Byte);
        }
        TT r = op switch
        {
            CompareOp.Equal => x.eq(y),
            CompareOp.NotEqual => x.ne(y),
            CompareOp.Less => x.lt(y),
            CompareOp.LessEqual => x.le(y),
            CompareOp.Greater => x.gt(y),
            CompareOp.GreaterEqual => x.ge(y),
            _ => throw new ArgumentOutOfRangeException(nameof(op)),
        };
        return Wrap(r, a.Device, outShape);
    }

    /// <inheritdoc/>
    public Tensor Where(Tensor cond, Tensor a, Tensor b, Shape outShape)
    {
        return Wrap(torch.where(T(cond), T(a), T(b)), a.Device, outShape);
    }

    /// <inheritdoc/>
    public Tensor Cast(Tensor x, DType dtype)
    {
        var t = T(x);
        // libtorch converts to bool as "non-zero" and floats to integers toward zero, as the contract says
        var r = x.DType == dtype ? t.clone() : t.to_type(dtype.ToTorch());
        return Wrap(r, x.Device, x.Shape);
    }

    private static NotSupportedException Unsupported(string op, DType dtype) =>
        new($"{op}: the torch backend does not support dtype {dtype.Name()}.");
}
