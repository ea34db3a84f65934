using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace KerasSharp.Backends.Native;

/// <summary>
/// Sigmoid and tanh on AVX-512 float32 vectors for kernels that apply them inside a fused pass, where TensorPrimitives'
/// float sigmoid and tanh go through double-precision exp (about 0.6 ns per value on the machines measured; these take
/// 0.3 and 0.4). A scalar goes through the same vector code (<see cref="Scalar"/>), so a row's tail gets the values
/// its lanes would.
/// </summary>
internal static class FloatActivations
{
    // tanh: below |x| = 0.625 an odd polynomial (Cephes tanhf's coefficients); above, 1 - 2/(1 + e^2|x|), whose
    // subtraction loses nothing (the quotient is at most 0.45), with the sign put back.
    private const float TanhSplit = 0.625f;
    private const float T9 = -5.70498872745e-3f, T7 = 2.06390887954e-2f, T5 = -5.37397155531e-2f, T3 = 1.33314422036e-1f,
        T1 = -3.33332819422e-1f;

    /// <summary>Whether these can run here (otherwise callers keep their TensorPrimitives path).</summary>
    public static bool Accelerated => Vector512.IsHardwareAccelerated && Avx512F.IsSupported;

    /// <summary>1/(1 + e^-x) within 2.5 ulp: 0 below about -88.7 (where e^-x overflows), 1 far above; NaN stays NaN.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Sigmoid(Vector512<float> x) => Vector512<float>.One / (Vector512<float>.One + ExpFloat.Exp(-x));

    /// <summary>tanh(x) within 1.5 ulp; ±1 for large |x|, the sign of zero kept, NaN stays NaN.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Tanh(Vector512<float> x)
    {
        var a = Vector512.Abs(x);
        var z = a * a;
        var p = Vector512.FusedMultiplyAdd(Vector512.Create(T9), z, Vector512.Create(T7));
        p = Vector512.FusedMultiplyAdd(p, z, Vector512.Create(T5));
        p = Vector512.FusedMultiplyAdd(p, z, Vector512.Create(T3));
        p = Vector512.FusedMultiplyAdd(p, z, Vector512.Create(T1));
        var small = Vector512.FusedMultiplyAdd(p * z, a, a);
        var one = Vector512<float>.One;
        var large = one - Vector512.Create(2f) / (one + ExpFloat.Exp(a + a));
        var magnitude = Vector512.ConditionalSelect(Vector512.LessThan(a, Vector512.Create(TanhSplit)), small, large);
        return magnitude | (x & Vector512.Create(-0f));
    }

    /// <summary>One of the recurrent layers' activations.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Apply(Vector512<float> x, RecurrentActivation a) => a switch
    {
        RecurrentActivation.Tanh => Tanh(x),
        RecurrentActivation.Sigmoid => Sigmoid(x),
        RecurrentActivation.Relu => Vector512.AndNot(x, Vector512.LessThanOrEqual(x, Vector512<float>.Zero)), // as ReluKernel
        _ => x,
    };

    /// <summary>A scalar through the vector code: lane 0 of the broadcast.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Scalar(float x, RecurrentActivation a) => Apply(Vector512.Create(x), a).ToScalar();
}
