using System.Numerics;
using K = KerasSharp.Backends.Native.ElementwiseKernels;

namespace KerasSharp.Backends.Native;

public sealed partial class NativeBackend
{
    /// <inheritdoc/>
    public Tensor Unary(UnaryOp op, Tensor x)
    {
        if (x.DType == DType.Bool)
        {
            if (op != UnaryOp.LogicalNot) throw Dispatch.Unsupported(op.ToString(), x.DType);
            return NativeTensors.Wrap(this, K.Unary<bool, bool, NotOp>(NativeTensors.Data<bool>(x)), x.Shape);
        }
        return op switch
        {
            UnaryOp.Neg or UnaryOp.Sign or UnaryOp.Square or UnaryOp.Relu or UnaryOp.Abs when !x.DType.IsFloating()
                => Dispatch.Numeric<Tensor, UnaryNumericFn>(x.DType, new(this, op, x), op.ToString()),
            UnaryOp.LogicalNot => throw Dispatch.Unsupported(op.ToString(), x.DType),
            _ => Dispatch.Float<Tensor, UnaryFloatFn>(x.DType, new(this, op, x), op.ToString()),
        };
    }

    private readonly record struct UnaryNumericFn(NativeBackend B, UnaryOp Op, Tensor X) : INumericFn<Tensor>
    {
        public Tensor Run<T>() where T : unmanaged, INumber<T>, IMinMaxValue<T>
        {
            var x = NativeTensors.Data<T>(X);
            var d = Op switch
            {
                UnaryOp.Neg => K.Unary<T, T, NegOp<T>>(x),
                UnaryOp.Abs => K.Unary<T, T, AbsOp<T>>(x),
                UnaryOp.Sign => K.Unary<T, T, SignOp<T>>(x),
                UnaryOp.Square => K.Unary<T, T, SquareOp<T>>(x),
                UnaryOp.Relu => K.Unary<T, T, ReluOp<T>>(x),
                _ => throw Dispatch.Unsupported(Op.ToString(), X.DType),
            };
            return NativeTensors.Wrap(B, d, X.Shape);
        }
    }

    private readonly record struct UnaryFloatFn(NativeBackend B, UnaryOp Op, Tensor X) : IFloatFn<Tensor>
    {
        public Tensor Run<T>() where T : unmanaged, IFloatingPointIeee754<T>, IMinMaxValue<T>
        {
            var x = NativeTensors.Data<T>(X);
            var d = Op switch
            {
                UnaryOp.Neg => K.Unary<T, T, NegOp<T>>(x),
                UnaryOp.Abs => K.Unary<T, T, FAbsOp<T>>(x),
                UnaryOp.Sign => K.Unary<T, T, SignOp<T>>(x),
                UnaryOp.Square => K.Unary<T, T, SquareOp<T>>(x),
                UnaryOp.Relu => K.Unary<T, T, ReluOp<T>>(x),
                UnaryOp.Exp => K.Unary<T, T, ExpOp<T>>(x),
                UnaryOp.Log => K.Unary<T, T, LogOp<T>>(x),
                UnaryOp.Sqrt => K.Unary<T, T, SqrtOp<T>>(x),
                UnaryOp.Rsqrt => K.Unary<T, T, RsqrtOp<T>>(x),
                UnaryOp.Reciprocal => K.Unary<T, T, ReciprocalOp<T>>(x),
                UnaryOp.Sin => K.Unary<T, T, SinOp<T>>(x),
                UnaryOp.Cos => K.Unary<T, T, CosOp<T>>(x),
                UnaryOp.Tanh => K.Unary<T, T, TanhOp<T>>(x),
                UnaryOp.Sigmoid => K.Unary<T, T, SigmoidOp<T>>(x),
                UnaryOp.Erf => K.Unary<T, T, ErfOp<T>>(x),
                UnaryOp.Log1p => K.Unary<T, T, Log1pOp<T>>(x),
                UnaryOp.Expm1 => K.Unary<T, T, Expm1Op<T>>(x),
                UnaryOp.Floor => K.Unary<T, T, FloorOp<T>>(x),
                UnaryOp.Ceil => K.Unary<T, T, CeilOp<T>>(x),
                UnaryOp.Round => K.Unary<T, T, RoundOp<T>>(x),
                _ => throw Dispatch.Unsupported(Op.ToString(), X.DType),
            };
            return NativeTensors.Wrap(B, d, X.Shape);
        }
    }

    /// <inheritdoc/>
    public Tensor Binary(BinaryOp op, Tensor a, Tensor b, Shape outShape)
    {
        var t = a.DType;
        switch (op)
        {
            case BinaryOp.LogicalAnd or BinaryOp.LogicalOr or BinaryOp.LogicalXor:
                if (t != DType.Bool) throw Dispatch.Unsupported(op.ToString(), t);
                var x = NativeTensors.Data<bool>(a);
                var y = NativeTensors.Data<bool>(b);
                var d = op switch
                {
                    BinaryOp.LogicalAnd => K.Binary<bool, bool, AndOp>(x, a.Shape, y, b.Shape, outShape),
                    BinaryOp.LogicalOr => K.Binary<bool, bool, OrOp>(x, a.Shape, y, b.Shape, outShape),
                    _ => K.Binary<bool, bool, XorOp>(x, a.Shape, y, b.Shape, outShape),
                };
                return NativeTensors.Wrap(this, d, outShape);
            case BinaryOp.Div or BinaryOp.Pow:
                return Dispatch.Float<Tensor, BinaryFloatFn>(t, new(this, op, a, b, outShape), op.ToString());
            case BinaryOp.FloorDiv or BinaryOp.Mod when t.IsFloating():
                return Dispatch.Float<Tensor, BinaryFloatFn>(t, new(this, op, a, b, outShape), op.ToString());
            case BinaryOp.FloorDiv or BinaryOp.Mod:
                return Dispatch.Integer<Tensor, BinaryIntFn>(t, new(this, op, a, b, outShape), op.ToString());
            default:
                return Dispatch.Numeric<Tensor, BinaryNumericFn>(t, new(this, op, a, b, outShape), op.ToString());
        }
    }

    private readonly record struct BinaryNumericFn(NativeBackend B, BinaryOp Op, Tensor A, Tensor Bt, Shape Out) : INumericFn<Tensor>
    {
        public Tensor Run<T>() where T : unmanaged, INumber<T>, IMinMaxValue<T>
        {
            T[] a = NativeTensors.Data<T>(A), b = NativeTensors.Data<T>(Bt);
            var d = Op switch
            {
                BinaryOp.Add => K.Binary<T, T, AddOp<T>>(a, A.Shape, b, Bt.Shape, Out),
                BinaryOp.Sub => K.Binary<T, T, SubOp<T>>(a, A.Shape, b, Bt.Shape, Out),
                BinaryOp.Mul => K.Binary<T, T, MulOp<T>>(a, A.Shape, b, Bt.Shape, Out),
                BinaryOp.Maximum => K.Binary<T, T, MaxOp<T>>(a, A.Shape, b, Bt.Shape, Out),
                BinaryOp.Minimum => K.Binary<T, T, MinOp<T>>(a, A.Shape, b, Bt.Shape, Out),
                _ => throw Dispatch.Unsupported(Op.ToString(), A.DType),
            };
            return NativeTensors.Wrap(B, d, Out);
        }
    }

    private readonly record struct BinaryFloatFn(NativeBackend B, BinaryOp Op, Tensor A, Tensor Bt, Shape Out) : IFloatFn<Tensor>
    {
        public Tensor Run<T>() where T : unmanaged, IFloatingPointIeee754<T>, IMinMaxValue<T>
        {
            T[] a = NativeTensors.Data<T>(A), b = NativeTensors.Data<T>(Bt);
            var d = Op switch
            {
                BinaryOp.Div => K.Binary<T, T, DivOp<T>>(a, A.Shape, b, Bt.Shape, Out),
                BinaryOp.Pow => K.Binary<T, T, PowOp<T>>(a, A.Shape, b, Bt.Shape, Out),
                BinaryOp.FloorDiv => K.Binary<T, T, FloorDivFloatOp<T>>(a, A.Shape, b, Bt.Shape, Out),
                BinaryOp.Mod => K.Binary<T, T, ModFloatOp<T>>(a, A.Shape, b, Bt.Shape, Out),
                _ => throw Dispatch.Unsupported(Op.ToString(), A.DType),
            };
            return NativeTensors.Wrap(B, d, Out);
        }
    }

    private readonly record struct BinaryIntFn(NativeBackend B, BinaryOp Op, Tensor A, Tensor Bt, Shape Out) : IIntegerFn<Tensor>
    {
        public Tensor Run<T>() where T : unmanaged, IBinaryInteger<T>, IMinMaxValue<T>
        {
            T[] a = NativeTensors.Data<T>(A), b = NativeTensors.Data<T>(Bt);
            var d = Op == BinaryOp.FloorDiv
                ? K.Binary<T, T, FloorDivIntOp<T>>(a, A.Shape, b, Bt.Shape, Out)
                : K.Binary<T, T, ModIntOp<T>>(a, A.Shape, b, Bt.Shape, Out);
            return NativeTensors.Wrap(B, d, Out);
        }
    }

    /// <inheritdoc/>
    public Tensor Compare(CompareOp op, Tensor a, Tensor b, Shape outShape)
    {
        if (a.DType == DType.Bool)
        {
            // bools compare as 0/1 bytes
            using var a8 = Cast(a, DType.UInt8);
            using var b8 = Cast(b, DType.UInt8);
            return Compare(op, a8, b8, outShape);
        }
        return Dispatch.Numeric<Tensor, CompareFn>(a.DType, new(this, op, a, b, outShape), "Compare");
    }

    private readonly record struct CompareFn(NativeBackend B, CompareOp Op, Tensor A, Tensor Bt, Shape Out) : INumericFn<Tensor>
    {
        public Tensor Run<T>() where T : unmanaged, INumber<T>, IMinMaxValue<T>
        {
            T[] a = NativeTensors.Data<T>(A), b = NativeTensors.Data<T>(Bt);
            var d = Op switch
            {
                CompareOp.Equal => K.Binary<T, bool, EqOp<T>>(a, A.Shape, b, Bt.Shape, Out),
                CompareOp.NotEqual => K.Binary<T, bool, NeOp<T>>(a, A.Shape, b, Bt.Shape, Out),
                CompareOp.Less => K.Binary<T, bool, LtOp<T>>(a, A.Shape, b, Bt.Shape, Out),
                CompareOp.LessEqual => K.Binary<T, bool, LeOp<T>>(a, A.Shape, b, Bt.Shape, Out),
                CompareOp.Greater => K.Binary<T, bool, GtOp<T>>(a, A.Shape, b, Bt.Shape, Out),
                CompareOp.GreaterEqual => K.Binary<T, bool, GeOp<T>>(a, A.Shape, b, Bt.Shape, Out),
                _ => throw new ArgumentOutOfRangeException(nameof(Op)),
            };
            return NativeTensors.Wrap(B, d, Out);
        }
    }

    /// <inheritdoc/>
    public Tensor Where(Tensor cond, Tensor a, Tensor b, Shape outShape) =>
        Dispatch.Any<Tensor, WhereFn>(a.DType, new(this, cond, a, b, outShape));

    private readonly record struct WhereFn(NativeBackend B, Tensor C, Tensor A, Tensor Bt, Shape Out) : IAnyFn<Tensor>
    {
        public Tensor Run<T>() where T : unmanaged =>
            NativeTensors.Wrap(B, K.Where(NativeTensors.Data<bool>(C), C.Shape, NativeTensors.Data<T>(A), A.Shape,
                NativeTensors.Data<T>(Bt), Bt.Shape, Out), Out);
    }

    /// <inheritdoc/>
    public Tensor Cast(Tensor x, DType dtype)
    {
        if (x.DType == dtype)
            return Dispatch.Any<Tensor, CopyTensorFn>(dtype, new(this, x));
        if (x.DType == DType.Bool)
            return Dispatch.Numeric<Tensor, FromBoolFn>(dtype, new(this, x), "Cast");
        return Dispatch.Numeric<Tensor, CastFromFn>(x.DType, new(this, x, dtype), "Cast");
    }

    private readonly record struct CopyTensorFn(NativeBackend B, Tensor X) : IAnyFn<Tensor>
    {
        public Tensor Run<T>() where T : unmanaged => NativeTensors.Wrap(B, NativeTensors.Copy(NativeTensors.Data<T>(X)), X.Shape);
    }

    private readonly record struct FromBoolFn(NativeBackend B, Tensor X) : INumericFn<Tensor>
    {
        public Tensor Run<T>() where T : unmanaged, INumber<T>, IMinMaxValue<T> =>
            NativeTensors.Wrap(B, K.Unary<bool, T, FromBoolOp<T>>(NativeTensors.Data<bool>(X)), X.Shape);
    }

    private readonly record struct CastFromFn(NativeBackend B, Tensor X, DType To) : INumericFn<Tensor>
    {
        public Tensor Run<T>() where T : unmanaged, INumber<T>, IMinMaxValue<T>
        {
            if (To == DType.Bool)
                return NativeTensors.Wrap(B, K.Unary<T, bool, ToBoolOp<T>>(NativeTensors.Data<T>(X)), X.Shape);
            return Dispatch.Numeric<Tensor, CastToFn<T>>(To, new(B, X), "Cast");
        }
    }

    private readonly record struct CastToFn<TFrom>(NativeBackend B, Tensor X) : INumericFn<Tensor> where TFrom : unmanaged, INumber<TFrom>
    {
        public Tensor Run<T>() where T : unmanaged, INumber<T>, IMinMaxValue<T> =>
            NativeTensors.Wrap(B, K.Unary<TFrom, T, ConvertOp<TFrom, T>>(NativeTensors.Data<TFrom>(X)), X.Shape);
    }
}
