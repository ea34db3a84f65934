using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace KerasSharp.Backends.Native;

/// <summary>
/// Elementwise arithmetic on spans in loops of our own, compiled fully optimised from their first call.
/// TensorPrimitives' generic loops are not precompiled (the package is IL only), so a fresh process runs them as
/// unoptimised tier-0 code until they have been called some thirty times: 10-15x slower on a 1M-element add.
/// Each element gets the same IEEE operation as TensorPrimitives gives it; d may be a or b exactly (in place).
/// </summary>
internal static class SimdArithmetic
{
    /// <summary>d[i] = op(a[i], b[i]).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<T, TOp>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> d) where T : unmanaged where TOp : IVectorOp<T>
    {
        ref T pa = ref MemoryMarshal.GetReference(a), pb = ref MemoryMarshal.GetReference(b), pd = ref MemoryMarshal.GetReference(d);
        int n = d.Length, i = 0;
        if (Vector.IsHardwareAccelerated)
            for (; i <= n - Vector<T>.Count; i += Vector<T>.Count)
                TOp.Apply(Vector.LoadUnsafe(ref pa, (nuint)i), Vector.LoadUnsafe(ref pb, (nuint)i)).StoreUnsafe(ref pd, (nuint)i);
        for (; i < n; i++) Unsafe.Add(ref pd, i) = TOp.Apply(Unsafe.Add(ref pa, i), Unsafe.Add(ref pb, i));
    }

    /// <summary>d[i] = op(a[i], b).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<T, TOp>(ReadOnlySpan<T> a, T b, Span<T> d) where T : unmanaged where TOp : IVectorOp<T>
    {
        ref T pa = ref MemoryMarshal.GetReference(a), pd = ref MemoryMarshal.GetReference(d);
        int n = d.Length, i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var vb = new Vector<T>(b);
            for (; i <= n - Vector<T>.Count; i += Vector<T>.Count)
                TOp.Apply(Vector.LoadUnsafe(ref pa, (nuint)i), vb).StoreUnsafe(ref pd, (nuint)i);
        }
        for (; i < n; i++) Unsafe.Add(ref pd, i) = TOp.Apply(Unsafe.Add(ref pa, i), b);
    }

    /// <summary>d[i] = op(a, b[i]).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<T, TOp>(T a, ReadOnlySpan<T> b, Span<T> d) where T : unmanaged where TOp : IVectorOp<T>
    {
        ref T pb = ref MemoryMarshal.GetReference(b), pd = ref MemoryMarshal.GetReference(d);
        int n = d.Length, i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var va = new Vector<T>(a);
            for (; i <= n - Vector<T>.Count; i += Vector<T>.Count)
                TOp.Apply(va, Vector.LoadUnsafe(ref pb, (nuint)i)).StoreUnsafe(ref pd, (nuint)i);
        }
        for (; i < n; i++) Unsafe.Add(ref pd, i) = TOp.Apply(a, Unsafe.Add(ref pb, i));
    }

    /// <summary>The largest element of a non-empty run; NaN wins and +0 ranks above -0 (as T.Max and TensorPrimitives.Max).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static T Max<T>(ReadOnlySpan<T> x) where T : unmanaged, INumber<T>
    {
        ref T p = ref MemoryMarshal.GetReference(x);
        int n = x.Length, i = 0;
        T max = x[0];
        if (Vector.IsHardwareAccelerated && n >= Vector<T>.Count)
        {
            var v = Vector.LoadUnsafe(ref p);
            for (i = Vector<T>.Count; i <= n - Vector<T>.Count; i += Vector<T>.Count) v = Vector.Max(v, Vector.LoadUnsafe(ref p, (nuint)i));
            for (int j = 0; j < Vector<T>.Count; j++) max = T.Max(max, v[j]);
        }
        for (; i < n; i++) max = T.Max(max, Unsafe.Add(ref p, i));
        return max;
    }
}

/// <summary>A binary operation on single values and on vectors of them, lane by lane the same.</summary>
internal interface IVectorOp<T> where T : unmanaged
{
    static abstract T Apply(T a, T b);
    static abstract Vector<T> Apply(Vector<T> a, Vector<T> b);
}

internal readonly struct VectorAdd<T> : IVectorOp<T> where T : unmanaged, INumber<T>
{
    public static T Apply(T a, T b) => a + b;
    public static Vector<T> Apply(Vector<T> a, Vector<T> b) => a + b;
}

internal readonly struct VectorSubtract<T> : IVectorOp<T> where T : unmanaged, INumber<T>
{
    public static T Apply(T a, T b) => a - b;
    public static Vector<T> Apply(Vector<T> a, Vector<T> b) => a - b;
}

internal readonly struct VectorMultiply<T> : IVectorOp<T> where T : unmanaged, INumber<T>
{
    public static T Apply(T a, T b) => a * b;
    public static Vector<T> Apply(Vector<T> a, Vector<T> b) => a * b;
}

/// <summary>IEEE maximum: NaN wins, +0 above -0 (Vector.Max and T.Max agree on both).</summary>
internal readonly struct VectorMax<T> : IVectorOp<T> where T : unmanaged, INumber<T>
{
    public static T Apply(T a, T b) => T.Max(a, b);
    public static Vector<T> Apply(Vector<T> a, Vector<T> b) => Vector.Max(a, b);
}

/// <summary>Division, for floating types.</summary>
internal readonly struct VectorDivide<T> : IVectorOp<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static T Apply(T a, T b) => a / b;
    public static Vector<T> Apply(Vector<T> a, Vector<T> b) => a / b;
}
