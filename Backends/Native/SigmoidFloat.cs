using System.Runtime.Intrinsics;
using System.Runtime.CompilerServices;

namespace KerasSharp.Backends.Native;

/// <summary>
/// Logistic sigmoid for float32 spans from <see cref="ExpFloat"/>: with e = e^-|x|, e/(1+e) for negative x and
/// 1/(1+e) otherwise, so nothing overflows. The same operations run on every element (vector or tail), so
/// results do not depend on where a parallel split falls.
/// </summary>
internal static class SigmoidFloat
{
    /// <summary>d = sigmoid(x); <paramref name="d"/> must not overlap <paramref name="x"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(ReadOnlySpan<float> x, Span<float> d)
    {
        for (int j = 0; j < x.Length; j++) d[j] = -MathF.Abs(x[j]);
        ExpFloat.Run(d, d);
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var one = Vector256<float>.One;
            for (; i <= x.Length - 8; i += 8)
            {
                var e = Vector256.Create(d.Slice(i, 8));
                var neg = Vector256.LessThan(Vector256.Create(x.Slice(i, 8)), Vector256<float>.Zero);
                (Vector256.ConditionalSelect(neg, e, one) / (one + e)).CopyTo(d.Slice(i, 8));
            }
        }
        for (; i < x.Length; i++)
        {
            float e = d[i];
            d[i] = (x[i] < 0 ? e : 1f) / (1f + e);
        }
    }
}
