using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace KerasSharp.Backends.Native;

/// <summary>
/// e^x for float32 spans in single precision (TensorPrimitives.Exp widens float to double, at half the speed).
/// Cody–Waite reduction x = n ln2 + r with |r| &lt;= ln2/2, a degree-6 polynomial for e^r (Cephes expf, within
/// 2 ulp), and the scale 2^n applied in two halves so results down to the subnormal range and overflow to
/// infinity come out without special cases; NaN passes through. Every element, the tail included, goes through
/// the same vector code, so a result never depends on where a parallel split falls.
/// </summary>
internal static class ExpFloat
{
    private const float Log2E = 1.44269504088896341f;
    private const float Ln2Hi = 0.693359375f, Ln2Lo = -2.12194440e-4f;
    private const float Lo = -104f, Hi = 89f; // beyond these e^x is 0 or +inf in float32
    private const float P0 = 1.9875691500e-4f, P1 = 1.3981999507e-3f, P2 = 8.3334519073e-3f,
        P3 = 4.1665795894e-2f, P4 = 1.6666665459e-1f, P5 = 5.0000001201e-1f;

    /// <summary>e^x elementwise: this kernel for float32 where vectors are hardware accelerated, TensorPrimitives otherwise.</summary>
    public static void Span<T>(ReadOnlySpan<T> x, Span<T> d) where T : unmanaged, System.Numerics.IExponentialFunctions<T>
    {
        if (typeof(T) == typeof(float) && Vector256.IsHardwareAccelerated)
            Run(MemoryMarshal.Cast<T, float>(x), MemoryMarshal.Cast<T, float>(d));
        else
            TensorPrimitives.Exp(x, d);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(ReadOnlySpan<float> x, Span<float> d)
    {
        int i = 0;
        if (Vector512.IsHardwareAccelerated && Avx512F.IsSupported)
        {
            for (; i <= x.Length - 16; i += 16) Exp(Vector512.Create(x.Slice(i, 16))).CopyTo(d.Slice(i, 16));
            if (i < x.Length)
            {
                Span<float> tmp = stackalloc float[16];
                tmp.Clear();
                x[i..].CopyTo(tmp);
                Exp(Vector512.Create<float>(tmp)).CopyTo(tmp);
                tmp[..(x.Length - i)].CopyTo(d[i..]);
            }
            return;
        }
        for (; i <= x.Length - 8; i += 8) Exp(Vector256.Create(x.Slice(i, 8))).CopyTo(d.Slice(i, 8));
        if (i < x.Length)
        {
            Span<float> tmp = stackalloc float[8];
            tmp.Clear();
            x[i..].CopyTo(tmp);
            Exp(Vector256.Create<float>(tmp)).CopyTo(tmp);
            tmp[..(x.Length - i)].CopyTo(d[i..]);
        }
    }

    /// <summary>
    /// e^x per lane, the same lane results as the 256-bit path: AVX-512's scalef applies 2^n in one rounding (the two
    /// halves below round once too, at the last), rounding to nearest even is the round-scale instruction, and the
    /// clamps keep a NaN (max and min return their second operand when one is NaN). Half the instructions.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector512<float> Exp(Vector512<float> x)
    {
        var c = Avx512F.Min(Vector512.Create(Hi), Avx512F.Max(Vector512.Create(Lo), x));
        var n = Avx512F.RoundScale(c * Vector512.Create(Log2E), 0);
        return Avx512F.Scale(Reduced(c, n), n);
    }

    /// <summary>e^r for r = c - n·ln2 (Cody–Waite, in two parts) by the polynomial.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Reduced(Vector512<float> c, Vector512<float> n)
    {
        var r = Vector512.FusedMultiplyAdd(n, Vector512.Create(-Ln2Hi), c);
        r = Vector512.FusedMultiplyAdd(n, Vector512.Create(-Ln2Lo), r);
        var p = Vector512.FusedMultiplyAdd(Vector512.Create(P0), r, Vector512.Create(P1));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(P2));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(P3));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(P4));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(P5));
        return Vector512.FusedMultiplyAdd(p, r * r, r) + Vector512<float>.One;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector256<float> Exp(Vector256<float> x)
    {
        var c = Vector256.Min(Vector256.Max(x, Vector256.Create(Lo)), Vector256.Create(Hi));
        var n = Vector256.Round(c * Vector256.Create(Log2E));
        var r = Vector256.FusedMultiplyAdd(n, Vector256.Create(-Ln2Hi), c);
        r = Vector256.FusedMultiplyAdd(n, Vector256.Create(-Ln2Lo), r);
        var p = Vector256.FusedMultiplyAdd(Vector256.Create(P0), r, Vector256.Create(P1));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(P2));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(P3));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(P4));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(P5));
        var y = Vector256.FusedMultiplyAdd(p, r * r, r) + Vector256<float>.One;
        var ni = Vector256.ConvertToInt32(n);
        var half = ni >> 1;
        var s1 = ((half + Vector256.Create(127)) << 23).AsSingle();
        var s2 = ((ni - half + Vector256.Create(127)) << 23).AsSingle();
        var e = y * s1 * s2;
        return Vector256.ConditionalSelect(Vector256.Equals(x, x), e, x);
    }
}
