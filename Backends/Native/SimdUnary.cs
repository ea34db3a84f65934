using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace KerasSharp.Backends.Native;

/// <summary>
/// Exact elementwise unary ops (negate, abs, square root and its reciprocal, reciprocal) in a loop of our own, compiled
/// optimised from its first call, for the reason <see cref="SimdArithmetic"/> gives: a cold Predict folds every
/// batch normalization's statistics through them. Each lane gets the correctly rounded IEEE result, as in
/// TensorPrimitives; d may be x exactly.
/// </summary>
internal static class SimdUnary
{
    /// <summary>d[i] = op(x[i]).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool Run<T, TOp>(ReadOnlySpan<T> x, Span<T> d) where T : unmanaged where TOp : IVectorUnaryOp<T>
    {
        ref T px = ref MemoryMarshal.GetReference(x), pd = ref MemoryMarshal.GetReference(d);
        int n = d.Length, i = 0;
        if (Vector.IsHardwareAccelerated)
            for (; i <= n - Vector<T>.Count; i += Vector<T>.Count)
                TOp.Apply(Vector.LoadUnsafe(ref px, (nuint)i)).StoreUnsafe(ref pd, (nuint)i);
        for (; i < n; i++) Unsafe.Add(ref pd, i) = TOp.Apply(Unsafe.Add(ref px, i));
        return true;
    }
}

/// <summary>A unary operation on single values and on vectors of them, lane by lane the same.</summary>
internal interface IVectorUnaryOp<T> where T : unmanaged
{
    static abstract T Apply(T x);
    static abstract Vector<T> Apply(Vector<T> x);
}

internal readonly struct VectorNegate<T> : IVectorUnaryOp<T> where T : unmanaged, INumber<T>
{
    public static T Apply(T x) => -x;
    public static Vector<T> Apply(Vector<T> x) => -x;
}

internal readonly struct VectorAbs<T> : IVectorUnaryOp<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static T Apply(T x) => T.Abs(x);
    public static Vector<T> Apply(Vector<T> x) => Vector.Abs(x);
}

internal readonly struct VectorSqrt<T> : IVectorUnaryOp<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static T Apply(T x) => T.Sqrt(x);
    public static Vector<T> Apply(Vector<T> x) => Vector.SquareRoot(x);
}

internal readonly struct VectorRsqrt<T> : IVectorUnaryOp<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static T Apply(T x) => T.One / T.Sqrt(x);
    public static Vector<T> Apply(Vector<T> x) => Vector<T>.One / Vector.SquareRoot(x);
}

internal readonly struct VectorReciprocal<T> : IVectorUnaryOp<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static T Apply(T x) => T.One / x;
    public static Vector<T> Apply(Vector<T> x) => Vector<T>.One / x;
}
