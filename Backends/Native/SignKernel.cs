using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace KerasSharp.Backends.Native;

/// <summary>
/// sign(x) for float and double as two compares and selects per vector: 1 above zero, -1 below, +0 for either zero,
/// NaN kept — the scalar <see cref="SignOp{T}"/>'s values, which the tail uses. ReLU's gradient is g * sign(relu(x)),
/// so every training step runs it over each activation; the scalar loop cost about 5% of a ResNet-18 step.
/// </summary>
internal static class SignKernel
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool Run<T>(ReadOnlySpan<T> x, Span<T> d) where T : unmanaged, INumber<T>
    {
        if (typeof(T) != typeof(float) && typeof(T) != typeof(double)) return false;
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; i <= x.Length - Vector512<T>.Count; i += Vector512<T>.Count)
                Sign(Vector512.Create(x.Slice(i, Vector512<T>.Count))).CopyTo(d.Slice(i, Vector512<T>.Count));
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            for (; i <= x.Length - Vector256<T>.Count; i += Vector256<T>.Count)
                Sign(Vector256.Create(x.Slice(i, Vector256<T>.Count))).CopyTo(d.Slice(i, Vector256<T>.Count));
        }
        for (; i < x.Length; i++) d[i] = SignOp<T>.Apply(x[i]);
        return true;
    }

    /// <summary>
    /// d = g * sign(x) for float and double in one pass (ReLU's gradient from its output): the same sign lanes as
    /// <see cref="Run{T}"/> times g, so the values of a sign pass and a multiply pass without the buffer between them.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void MultiplyBySign<T>(ReadOnlySpan<T> g, ReadOnlySpan<T> x, Span<T> d) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; i <= x.Length - Vector512<T>.Count; i += Vector512<T>.Count)
                (Vector512.Create(g.Slice(i, Vector512<T>.Count)) * Sign(Vector512.Create(x.Slice(i, Vector512<T>.Count)))).CopyTo(d.Slice(i, Vector512<T>.Count));
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            for (; i <= x.Length - Vector256<T>.Count; i += Vector256<T>.Count)
                (Vector256.Create(g.Slice(i, Vector256<T>.Count)) * Sign(Vector256.Create(x.Slice(i, Vector256<T>.Count)))).CopyTo(d.Slice(i, Vector256<T>.Count));
        }
        for (; i < x.Length; i++) d[i] = g[i] * SignOp<T>.Apply(x[i]);
    }

    // 1 above zero, -1 below, +0 for either zero, NaN kept: lane by lane the scalar SignOp's values.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<T> Sign<T>(Vector512<T> v) where T : unmanaged, INumber<T>
    {
        var s = Vector512.ConditionalSelect(Vector512.GreaterThan(v, Vector512<T>.Zero), Vector512<T>.One,
                Vector512.ConditionalSelect(Vector512.LessThan(v, Vector512<T>.Zero), -Vector512<T>.One, Vector512<T>.Zero));
        return Vector512.ConditionalSelect(Vector512.Equals(v, v), s, v);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<T> Sign<T>(Vector256<T> v) where T : unmanaged, INumber<T>
    {
        var s = Vector256.ConditionalSelect(Vector256.GreaterThan(v, Vector256<T>.Zero), Vector256<T>.One,
                Vector256.ConditionalSelect(Vector256.LessThan(v, Vector256<T>.Zero), -Vector256<T>.One, Vector256<T>.Zero));
        return Vector256.ConditionalSelect(Vector256.Equals(v, v), s, v);
    }
}
