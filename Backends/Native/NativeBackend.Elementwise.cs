using System.Numerics;
using KerasSharp.Backends.Native.Gpu;
using E = KerasSharp.Backends.Native.DeviceElementwise;
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
            return E.Unary<bool, bool, NotOp>(this, x);
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
            var d = Op switch
            {
                UnaryOp.Neg => E.Unary<T, T, NegOp<T>>(B, X),
                UnaryOp.Abs => E.Unary<T, T, AbsOp<T>>(B, X),
                UnaryOp.Sign => E.Unary<T, T, SignOp<T>>(B, X),
                UnaryOp.Square => E.Unary<T, T, SquareOp<T>>(B, X),
                UnaryOp.Relu => E.Unary<T, T, ReluOp<T>>(B, X),
                _ => throw Dispatch.Unsupported(Op.ToString(), X.DType),
            };
            return d;
        }
    }

    private readonly record struct UnaryFloatFn(NativeBackend B, UnaryOp Op, Tensor X) : IFloatFn<Tensor>
    {
        public Tensor Run<T>() where T : unmanaged, IFloatingPointIeee754<T>, IMinMaxValue<T>
        {
            var d = Op switch
            {
                UnaryOp.Neg => E.Unary<T, T, NegOp<T>>(B, X),
                UnaryOp.Abs => E.Unary<T, T, FAbsOp<T>>(B, X),
                UnaryOp.Sign => E.Unary<T, T, SignOp<T>>(B, X),
                UnaryOp.Square => E.Unary<T, T, SquareOp<T>>(B, X),
                UnaryOp.Relu => E.Unary<T, T, ReluOp<T>>(B, X),
                UnaryOp.Exp => E.Unary<T, T, ExpOp<T>>(B, X),
                UnaryOp.Log => E.Unary<T, T, LogOp<T>>(B, X),
                UnaryOp.Sqrt => E.Unary<T, T, SqrtOp<T>>(B, X),
                UnaryOp.Rsqrt => E.Unary<T, T, RsqrtOp<T>>(B, X),
                UnaryOp.Reciprocal => E.Unary<T, T, ReciprocalOp<T>>(B, X),
                UnaryOp.Sin => E.Unary<T, T, SinOp<T>>(B, X),
                UnaryOp.Cos => E.Unary<T, T, CosOp<T>>(B, X),
                UnaryOp.Tanh => E.Unary<T, T, TanhOp<T>>(B, X),
                UnaryOp.Sigmoid => E.Unary<T, T, SigmoidOp<T>>(B, X),
                UnaryOp.Erf => E.Unary<T, T, ErfOp<T>>(B, X),
                UnaryOp.Log1p => E.Unary<T, T, Log1pOp<T>>(B, X),
                UnaryOp.Expm1 => E.Unary<T, T, Expm1Op<T>>(B, X),
                UnaryOp.Floor => E.Unary<T, T, FloorOp<T>>(B, X),
                UnaryOp.Ceil => E.Unary<T, T, CeilOp<T>>(B, X),
                UnaryOp.Round => E.Unary<T, T, RoundOp<T>>(B, X),
                _ => throw Dispatch.Unsupported(Op.ToString(), X.DType),
            };
            return d;
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
                var d = op switch
                {
                    BinaryOp.LogicalAnd => E.Binary<bool, bool, AndOp>(this, a, b, outShape),
                    BinaryOp.LogicalOr => E.Binary<bool, bool, OrOp>(this, a, b, outShape),
                    _ => E.Binary<bool, bool, XorOp>(this, a, b, outShape),
                };
                return d;
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
            var d = Op switch
            {
                BinaryOp.Add => E.Binary<T, T, AddOp<T>>(B, A, Bt, Out),
                BinaryOp.Sub => E.Binary<T, T, SubOp<T>>(B, A, Bt, Out),
                BinaryOp.Mul => E.Binary<T, T, MulOp<T>>(B, A, Bt, Out),
                BinaryOp.Maximum => E.Binary<T, T, MaxOp<T>>(B, A, Bt, Out),
                BinaryOp.Minimum => E.Binary<T, T, MinOp<T>>(B, A, Bt, Out),
                _ => throw Dispatch.Unsupported(Op.ToString(), A.DType),
            };
            return d;
        }
    }

    private readonly record struct BinaryFloatFn(NativeBackend B, BinaryOp Op, Tensor A, Tensor Bt, Shape Out) : IFloatFn<Tensor>
    {
        public Tensor Run<T>() where T : unmanaged, IFloatingPointIeee754<T>, IMinMaxValue<T>
        {
            var d = Op switch
            {
                BinaryOp.Div => E.Binary<T, T, DivOp<T>>(B, A, Bt, Out),
                BinaryOp.Pow => E.Binary<T, T, PowOp<T>>(B, A, Bt, Out),
                BinaryOp.FloorDiv => E.Binary<T, T, FloorDivFloatOp<T>>(B, A, Bt, Out),
                BinaryOp.Mod => E.Binary<T, T, ModFloatOp<T>>(B, A, Bt, Out),
                _ => throw Dispatch.Unsupported(Op.ToString(), A.DType),
            };
            return d;
        }
    }

    private readonly record struct BinaryIntFn(NativeBackend B, BinaryOp Op, Tensor A, Tensor Bt, Shape Out) : IIntegerFn<Tensor>
    {
        public Tensor Run<T>() where T : unmanaged, IBinaryInteger<T>, IMinMaxValue<T>
        {
            var d = Op == BinaryOp.FloorDiv
                ? E.Binary<T, T, FloorDivIntOp<T>>(B, A, Bt, Out)
                : E.Binary<T, T, ModIntOp<T>>(B, A, Bt, Out);
            return d;
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
            var d = Op switch
            {
                CompareOp.Equal => E.Binary<T, bool, EqOp<T>>(B, A, Bt, Out),
                CompareOp.NotEqual => E.Binary<T, bool, NeOp<T>>(B, A, Bt, Out),
                CompareOp.Less => E.Binary<T, bool, LtOp<T>>(B, A, Bt, Out),
                CompareOp.LessEqual => E.Binary<T, bool, LeOp<T>>(B, A, Bt, Out),
                CompareOp.Greater => E.Binary<T, bool, GtOp<T>>(B, A, Bt, Out),
                CompareOp.GreaterEqual => E.Binary<T, bool, GeOp<T>>(B, A, Bt, Out),
                _ => throw new ArgumentOutOfRangeException(nameof(Op)),
            };
            return d;
        }
    }

    /// <inheritdoc/>
    public Tensor Where(Tensor cond, Tensor a, Tensor b, Shape outShape) =>
        Dispatch.Any<Tensor, WhereFn>(a.DType, new(this, cond, a, b, outShape));

    private readonly record struct WhereFn(NativeBackend B, Tensor C, Tensor A, Tensor Bt, Shape Out) : IAnyFn<Tensor>
    {
        public Tensor Run<T>() where T : unmanaged => GpuLaunch.OnGpu(A) || GpuLaunch.OnGpu(Bt) || GpuLaunch.OnGpu(C)
            ? GpuElementwise.Where(B, C, A, Bt, Out)
            : NativeTensors.Wrap(B, K.Where(NativeTensors.Data<bool>(C), C.Shape, NativeTensors.Data<T>(A), A.Shape,
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
        public Tensor Run<T>() where T : unmanaged => GpuLaunch.OnGpu(X)
            ? GpuLayout.Copy(B, X)
            : NativeTensors.Wrap(B, NativeTensors.Copy(NativeTensors.Data<T>(X)), X.Shape);
    }

    private readonly record struct FromBoolFn(NativeBackend B, Tensor X) : INumericFn<Tensor>
    {
        public Tensor Run<T>() where T : unmanaged, INumber<T>, IMinMaxValue<T> =>
            E.Unary<bool, T, FromBoolOp<T>>(B, X);
    }

    private readonly record struct CastFromFn(NativeBackend B, Tensor X, DType To) : INumericFn<Tensor>
    {
        public Tensor Run<T>() where T : unmanaged, INumber<T>, IMinMaxValue<T>
        {
            if (To == DType.Bool)
                return E.Unary<T, bool, ToBoolOp<T>>(B, X);
            return Dispatch.Numeric<Tensor, CastToFn<T>>(To, new(B, X), "Cast");
        }
    }

    private readonly record struct CastToFn<TFrom>(NativeBackend B, Tensor X) : INumericFn<Tensor> where TFrom : unmanaged, INumber<TFrom>
    {
        public Tensor Run<T>() where T : unmanaged, INumber<T>, IMinMaxValue<T> =>
            E.Unary<TFrom, T, ConvertOp<TFrom, T>>(B, X);
    }
}
