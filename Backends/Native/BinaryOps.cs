using System.Numerics;
using System.Numerics.Tensors;

namespace KerasSharp.Backends.Native;

// Arithmetic on every numeric type; the span forms are SimdArithmetic's loops (add, subtract, multiply, divide)
// and TensorPrimitives (max and min, whose NaN and signed-zero rules it implements).

internal readonly struct AddOp<T> : IBinaryOp<T, T> where T : unmanaged, INumber<T>
{
    public static T Apply(T a, T b) => a + b;
    public static bool Span(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> d) { SimdArithmetic.Run<T, VectorAdd<T>>(a, b, d); return true; }
    public static bool SpanScalar(ReadOnlySpan<T> a, T b, Span<T> d) { SimdArithmetic.Run<T, VectorAdd<T>>(a, b, d); return true; }
    public static bool ScalarSpan(T a, ReadOnlySpan<T> b, Span<T> d) { SimdArithmetic.Run<T, VectorAdd<T>>(a, b, d); return true; }
}

internal readonly struct SubOp<T> : IBinaryOp<T, T> where T : unmanaged, INumber<T>
{
    public static T Apply(T a, T b) => a - b;
    public static bool Span(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> d) { SimdArithmetic.Run<T, VectorSubtract<T>>(a, b, d); return true; }
    public static bool SpanScalar(ReadOnlySpan<T> a, T b, Span<T> d) { SimdArithmetic.Run<T, VectorSubtract<T>>(a, b, d); return true; }
    public static bool ScalarSpan(T a, ReadOnlySpan<T> b, Span<T> d) { SimdArithmetic.Run<T, VectorSubtract<T>>(a, b, d); return true; }
}

internal readonly struct MulOp<T> : IBinaryOp<T, T> where T : unmanaged, INumber<T>
{
    public static T Apply(T a, T b) => a * b;
    public static bool Span(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> d) { SimdArithmetic.Run<T, VectorMultiply<T>>(a, b, d); return true; }
    public static bool SpanScalar(ReadOnlySpan<T> a, T b, Span<T> d) { SimdArithmetic.Run<T, VectorMultiply<T>>(a, b, d); return true; }
    public static bool ScalarSpan(T a, ReadOnlySpan<T> b, Span<T> d) { SimdArithmetic.Run<T, VectorMultiply<T>>(a, b, d); return true; }
}

/// <summary>max(a, b); NaN wins (IEEE 754-2019 maximum).</summary>
internal readonly struct MaxOp<T> : IBinaryOp<T, T> where T : unmanaged, INumber<T>
{
    public static T Apply(T a, T b) => T.Max(a, b);
    public static bool Span(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> d) { TensorPrimitives.Max(a, b, d); return true; }
    public static bool SpanScalar(ReadOnlySpan<T> a, T b, Span<T> d) { TensorPrimitives.Max(a, b, d); return true; }
    public static bool ScalarSpan(T a, ReadOnlySpan<T> b, Span<T> d) { TensorPrimitives.Max(b, a, d); return true; }
}

/// <summary>min(a, b); NaN wins.</summary>
internal readonly struct MinOp<T> : IBinaryOp<T, T> where T : unmanaged, INumber<T>
{
    public static T Apply(T a, T b) => T.Min(a, b);
    public static bool Span(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> d) { TensorPrimitives.Min(a, b, d); return true; }
    public static bool SpanScalar(ReadOnlySpan<T> a, T b, Span<T> d) { TensorPrimitives.Min(a, b, d); return true; }
    public static bool ScalarSpan(T a, ReadOnlySpan<T> b, Span<T> d) { TensorPrimitives.Min(b, a, d); return true; }
}

// Floating-only arithmetic.

internal readonly struct DivOp<T> : IBinaryOp<T, T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static T Apply(T a, T b) => a / b;
    public static bool Span(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> d) { SimdArithmetic.Run<T, VectorDivide<T>>(a, b, d); return true; }
    public static bool SpanScalar(ReadOnlySpan<T> a, T b, Span<T> d) { SimdArithmetic.Run<T, VectorDivide<T>>(a, b, d); return true; }
    public static bool ScalarSpan(T a, ReadOnlySpan<T> b, Span<T> d) { SimdArithmetic.Run<T, VectorDivide<T>>(a, b, d); return true; }
}

internal readonly struct PowOp<T> : IBinaryOp<T, T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static T Apply(T a, T b) => T.Pow(a, b);
}

/// <summary>floor(a / b) for floating types.</summary>
internal readonly struct FloorDivFloatOp<T> : IBinaryOp<T, T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static T Apply(T a, T b) => T.Floor(a / b);
}

/// <summary>Python modulo for floating types: the result has the divisor's sign.</summary>
internal readonly struct ModFloatOp<T> : IBinaryOp<T, T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static T Apply(T a, T b)
    {
        T r = a % b; // C fmod: sign of a
        if (r != T.Zero && (T.IsNegative(r) != T.IsNegative(b))) r += b;
        return r;
    }
}

/// <summary>Python floor division for integers; division by zero throws.</summary>
internal readonly struct FloorDivIntOp<T> : IBinaryOp<T, T> where T : unmanaged, IBinaryInteger<T>
{
    public static T Apply(T a, T b)
    {
        if (b == T.Zero) throw new DivideByZeroException("FloorDiv: integer division by zero.");
        if (T.IsNegative(b) && b == -T.One) return -a; // MinValue / -1 wraps instead of trapping
        T q = a / b;
        if ((q * b != a) && (T.IsNegative(a) != T.IsNegative(b))) q -= T.One;
        return q;
    }
}

/// <summary>Python modulo for integers; division by zero throws.</summary>
internal readonly struct ModIntOp<T> : IBinaryOp<T, T> where T : unmanaged, IBinaryInteger<T>
{
    public static T Apply(T a, T b)
    {
        if (b == T.Zero) throw new DivideByZeroException("Mod: integer division by zero.");
        if (T.IsNegative(b) && b == -T.One) return T.Zero;
        T r = a % b;
        if (r != T.Zero && (T.IsNegative(r) != T.IsNegative(b))) r += b;
        return r;
    }
}

// Logical ops on bool.

internal readonly struct AndOp : IBinaryOp<bool, bool> { public static bool Apply(bool a, bool b) => a & b; }
internal readonly struct OrOp : IBinaryOp<bool, bool> { public static bool Apply(bool a, bool b) => a | b; }
internal readonly struct XorOp : IBinaryOp<bool, bool> { public static bool Apply(bool a, bool b) => a ^ b; }

// Comparisons (bool result). Bool inputs are compared as bytes by the caller.

internal readonly struct EqOp<T> : IBinaryOp<T, bool> where T : unmanaged, INumber<T> { public static bool Apply(T a, T b) => a == b; }
internal readonly struct NeOp<T> : IBinaryOp<T, bool> where T : unmanaged, INumber<T> { public static bool Apply(T a, T b) => a != b; }
internal readonly struct LtOp<T> : IBinaryOp<T, bool> where T : unmanaged, INumber<T> { public static bool Apply(T a, T b) => a < b; }
internal readonly struct LeOp<T> : IBinaryOp<T, bool> where T : unmanaged, INumber<T> { public static bool Apply(T a, T b) => a <= b; }
internal readonly struct GtOp<T> : IBinaryOp<T, bool> where T : unmanaged, INumber<T> { public static bool Apply(T a, T b) => a > b; }
internal readonly struct GeOp<T> : IBinaryOp<T, bool> where T : unmanaged, INumber<T> { public static bool Apply(T a, T b) => a >= b; }
