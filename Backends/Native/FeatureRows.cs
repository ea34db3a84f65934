using System.Numerics;
using System.Runtime.CompilerServices;

namespace KerasSharp.Backends.Native;

/// <summary>
/// BatchNormalization's per-row passes over channels-last rows (features innermost), one vector loop each over all the
/// rows given. They were whole-row primitives called per row, two or three calls for each pixel's 64-512 features,
/// where the calls cost as much as the arithmetic. Each element gets the operations the primitives applied, in the same
/// order (a fused multiply-add where they fused), so the results are the same bits.
/// </summary>
internal static class FeatureRows
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<T> Fma<T>(Vector<T> a, Vector<T> b, Vector<T> c) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float)) return Vector.FusedMultiplyAdd(a.As<T, float>(), b.As<T, float>(), c.As<T, float>()).As<float, T>();
        if (typeof(T) == typeof(double)) return Vector.FusedMultiplyAdd(a.As<T, double>(), b.As<T, double>(), c.As<T, double>()).As<double, T>();
        throw new NotSupportedException($"BatchNormalization rows: {typeof(T).Name} (the native kernels take float32 and float64)");
    }

    private static Vector<T> V<T>(ReadOnlySpan<T> s, int i) where T : unmanaged => new(s[i..]);

    /// <summary>For each row of x (width <c>first.Length</c>): t = x - shift; first += t; second += t·t (fused).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ShiftedSums<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> shift, Span<T> first, Span<T> second) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int f = first.Length, w = Vector<T>.Count, vf = f - f % w;
        for (int at = 0; at < x.Length; at += f)
        {
            var row = x.Slice(at, f);
            int j = 0;
            for (; j < vf; j += w)
            {
                var t = V(row, j) - V(shift, j);
                (V<T>(first, j) + t).CopyTo(first[j..]);
                Fma(t, t, V<T>(second, j)).CopyTo(second[j..]);
            }
            for (; j < f; j++)
            {
                T t = row[j] - shift[j];
                first[j] += t;
                second[j] = T.FusedMultiplyAdd(t, t, second[j]);
            }
        }
    }

    /// <summary>For each row: first += g; second += g·(x - mean) (fused).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void GradientSums<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> g, ReadOnlySpan<T> mean, Span<T> first, Span<T> second)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int f = first.Length, w = Vector<T>.Count, vf = f - f % w;
        for (int at = 0; at < x.Length; at += f)
        {
            var xr = x.Slice(at, f);
            var gr = g.Slice(at, f);
            int j = 0;
            for (; j < vf; j += w)
            {
                var gv = V(gr, j);
                (V<T>(first, j) + gv).CopyTo(first[j..]);
                Fma(gv, V(xr, j) - V(mean, j), V<T>(second, j)).CopyTo(second[j..]);
            }
            for (; j < f; j++)
            {
                first[j] += gr[j];
                second[j] = T.FusedMultiplyAdd(gr[j], xr[j] - mean[j], second[j]);
            }
        }
    }

    /// <summary>For each row: y = x·a + b (fused), a and b per feature (width <c>a.Length</c>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void MultiplyAdd<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int f = a.Length, w = Vector<T>.Count, vf = f - f % w;
        for (int at = 0; at < x.Length; at += f)
        {
            var xr = x.Slice(at, f);
            var yr = y.Slice(at, f);
            int j = 0;
            for (; j < vf; j += w) Fma(V(xr, j), V(a, j), V(b, j)).CopyTo(yr[j..]);
            for (; j < f; j++) yr[j] = T.FusedMultiplyAdd(xr[j], a[j], b[j]);
        }
    }

    /// <summary>For each row: dx = g·a + (x·b + c) (both fused), a, b and c per feature.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void TwoMultiplyAdds<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> g, ReadOnlySpan<T> a, ReadOnlySpan<T> b, ReadOnlySpan<T> c, Span<T> dx)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int f = a.Length, w = Vector<T>.Count, vf = f - f % w;
        for (int at = 0; at < x.Length; at += f)
        {
            var xr = x.Slice(at, f);
            var gr = g.Slice(at, f);
            var dr = dx.Slice(at, f);
            int j = 0;
            for (; j < vf; j += w) Fma(V(gr, j), V(a, j), Fma(V(xr, j), V(b, j), V(c, j))).CopyTo(dr[j..]);
            for (; j < f; j++) dr[j] = T.FusedMultiplyAdd(gr[j], a[j], T.FusedMultiplyAdd(xr[j], b[j], c[j]));
        }
    }
}
