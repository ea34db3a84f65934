using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace KerasSharp.Backends.Native;

// Numeric unary ops (every numeric type; integers wrap like C#'s unchecked arithmetic).

internal readonly struct NegOp<T> : IUnaryOp<T, T> where T : unmanaged, INumber<T>
{
    public static T Apply(T x) => -x;
    public static bool Span(ReadOnlySpan<T> x, Span<T> d) => SimdUnary.Run<T, VectorNegate<T>>(x, d);
}

internal readonly struct AbsOp<T> : IUnaryOp<T, T> where T : unmanaged, INumber<T>
{
    public static T Apply(T x) => T.IsNegative(x) ? -x : x; // wraps for MinValue instead of throwing
}

internal readonly struct SignOp<T> : IUnaryOp<T, T> where T : unmanaged, INumber<T>
{
    public static T Apply(T x) => T.IsNaN(x) ? x : T.CreateTruncating(T.Sign(x));
    public static bool Span(ReadOnlySpan<T> x, Span<T> d) => SignKernel.Run(x, d);
}

internal readonly struct SquareOp<T> : IUnaryOp<T, T> where T : unmanaged, INumber<T>
{
    public static T Apply(T x) => x * x;
    public static bool Span(ReadOnlySpan<T> x, Span<T> d) { SimdArithmetic.Run<T, VectorMultiply<T>>(x, x, d); return true; }
}

internal readonly struct ReluOp<T> : IUnaryOp<T, T> where T : unmanaged, INumber<T>
{
    public static T Apply(T x) => T.Max(x, T.Zero); // NaN stays NaN, -0 becomes +0
    public static bool Span(ReadOnlySpan<T> x, Span<T> d) { ReluKernel.Run(x, d); return true; }
}

// Floating unary ops.

internal readonly struct FAbsOp<T> : IUnaryOp<T, T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static T Apply(T x) => T.Abs(x);
    public static bool Span(ReadOnlySpan<T> x, Span<T> d) => SimdUnary.Run<T, VectorAbs<T>>(x, d);
}

internal readonly struct ExpOp<T> : IUnaryOp<T, T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static T Apply(T x) => T.Exp(x);
    public static bool Span(ReadOnlySpan<T> x, Span<T> d) { ExpFloat.Span(x, d); return true; }
}

internal readonly struct LogOp<T> : IUnaryOp<T, T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static T Apply(T x) => T.Log(x);
    public static bool Span(ReadOnlySpan<T> x, Span<T> d) { TensorPrimitives.Log(x, d); return true; }
}

internal readonly struct SqrtOp<T> : IUnaryOp<T, T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static T Apply(T x) => T.Sqrt(x);
    public static bool Span(ReadOnlySpan<T> x, Span<T> d) => SimdUnary.Run<T, VectorSqrt<T>>(x, d);
}

internal readonly struct RsqrtOp<T> : IUnaryOp<T, T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static T Apply(T x) => T.One / T.Sqrt(x);
    public static bool Span(ReadOnlySpan<T> x, Span<T> d) => SimdUnary.Run<T, VectorRsqrt<T>>(x, d);
}

internal readonly struct ReciprocalOp<T> : IUnaryOp<T, T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static T Apply(T x) => T.One / x;
    public static bool Span(ReadOnlySpan<T> x, Span<T> d) => SimdUnary.Run<T, VectorReciprocal<T>>(x, d);
}

internal readonly struct SinOp<T> : IUnaryOp<T, T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static T Apply(T x) => T.Sin(x);
    public static bool Span(ReadOnlySpan<T> x, Span<T> d) { TensorPrimitives.Sin(x, d); return true; }
}

internal readonly struct CosOp<T> : IUnaryOp<T, T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static T Apply(T x) => T.Cos(x);
    public static bool Span(ReadOnlySpan<T> x, Span<T> d) { TensorPrimitives.Cos(x, d); return true; }
}

internal readonly struct TanhOp<T> : IUnaryOp<T, T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static T Apply(T x) => T.Tanh(x);
    public static bool Span(ReadOnlySpan<T> x, Span<T> d) { TensorPrimitives.Tanh(x, d); return true; }
}

/// <summary>Uses e^-|x| only, so it never overflows.</summary>
internal readonly struct SigmoidOp<T> : IUnaryOp<T, T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static T Apply(T x)
    {
        T e = T.Exp(-T.Abs(x));
        return T.IsNegative(x) ? e / (T.One + e) : T.One / (T.One + e);
    }

    public static bool Span(ReadOnlySpan<T> x, Span<T> d)
    {
        if (typeof(T) != typeof(float) || !Vector256.IsHardwareAccelerated) return false;
        SigmoidFloat.Run(MemoryMarshal.Cast<T, float>(x), MemoryMarshal.Cast<T, float>(d));
        return true;
    }
}

internal readonly struct ErfOp<T> : IUnaryOp<T, T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static T Apply(T x) => T.CreateTruncating(SpecialFunctions.Erf(double.CreateTruncating(x), typeof(T) == typeof(float)));
}

internal readonly struct Log1pOp<T> : IUnaryOp<T, T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static T Apply(T x) => SpecialFunctions.Log1p(x);
}

internal readonly struct Expm1Op<T> : IUnaryOp<T, T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static T Apply(T x) => SpecialFunctions.Expm1(x);
}

internal readonly struct FloorOp<T> : IUnaryOp<T, T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static T Apply(T x) => T.Floor(x);
    public static bool Span(ReadOnlySpan<T> x, Span<T> d) { TensorPrimitives.Floor(x, d); return true; }
}

internal readonly struct CeilOp<T> : IUnaryOp<T, T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static T Apply(T x) => T.Ceiling(x);
    public static bool Span(ReadOnlySpan<T> x, Span<T> d) { TensorPrimitives.Ceiling(x, d); return true; }
}

/// <summary>Round half to even (banker's rounding).</summary>
internal readonly struct RoundOp<T> : IUnaryOp<T, T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static T Apply(T x) => T.Round(x, MidpointRounding.ToEven);
}

internal readonly struct NotOp : IUnaryOp<bool, bool>
{
    public static bool Apply(bool x) => !x;
}

/// <summary>Numeric conversion: floats to integers truncate toward zero, integers wrap.</summary>
internal readonly struct ConvertOp<T, TR> : IUnaryOp<T, TR> where T : unmanaged, INumber<T> where TR : unmanaged, INumber<TR>
{
    public static TR Apply(T x) => TR.CreateTruncating(x);
}

internal readonly struct ToBoolOp<T> : IUnaryOp<T, bool> where T : unmanaged, INumber<T>
{
    public static bool Apply(T x) => x != T.Zero;
}

internal readonly struct FromBoolOp<TR> : IUnaryOp<bool, TR> where TR : unmanaged, INumber<TR>
{
    public static TR Apply(bool x) => x ? TR.One : TR.Zero;
}
