using System.Numerics;
using System.Runtime.Intrinsics;
using System.Runtime.CompilerServices;

namespace KerasSharp.Backends.Native;

/// <summary>
/// max(x, 0) as one compare and one and-not per vector: lanes with x &lt;= 0 become +0, the rest (NaN included)
/// keep x — the same values as the scalar <c>T.Max(x, 0)</c>, which the tail uses. TensorPrimitives.Max with a
/// scalar spends extra blends on NaN and signed-zero ordering and runs at about half the memory bandwidth.
/// </summary>
internal static class ReluKernel
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<T>(ReadOnlySpan<T> x, Span<T> d) where T : unmanaged, INumber<T>
    {
        int i = 0;
        if (Vector512.IsHardwareAccelerated && Vector512<T>.IsSupported)
        {
            for (; i <= x.Length - Vector512<T>.Count; i += Vector512<T>.Count)
            {
                var v = Vector512.Create(x.Slice(i, Vector512<T>.Count));
                Vector512.AndNot(v, Vector512.LessThanOrEqual(v, Vector512<T>.Zero)).CopyTo(d.Slice(i, Vector512<T>.Count));
            }
        }
        else if (Vector256.IsHardwareAccelerated && Vector256<T>.IsSupported)
        {
            for (; i <= x.Length - Vector256<T>.Count; i += Vector256<T>.Count)
            {
                var v = Vector256.Create(x.Slice(i, Vector256<T>.Count));
                Vector256.AndNot(v, Vector256.LessThanOrEqual(v, Vector256<T>.Zero)).CopyTo(d.Slice(i, Vector256<T>.Count));
            }
        }
        for (; i < x.Length; i++) d[i] = T.Max(x[i], T.Zero);
    }
}
