using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace KerasSharp.Backends.Native;

/// <summary>
/// A reduction whose result does not depend on the order of its operands' rounding (max, min) or whose error
/// bound does not depend on it (a product of n factors is n - 1 roundings in any order): a SIMD reduce of one
/// contiguous run, and an elementwise fold of one run into another. Sums go through <see cref="SumKernels"/>.
/// </summary>
internal interface IReduceOp<T> where T : unmanaged
{
    static abstract T Row(ReadOnlySpan<T> x);
    static abstract void Fold(ReadOnlySpan<T> x, Span<T> acc);
}

internal readonly struct ProdReduce<T> : IReduceOp<T> where T : unmanaged, INumber<T>
{
    public static T Row(ReadOnlySpan<T> x) => x.IsEmpty ? T.One : TensorPrimitives.Product(x);
    public static void Fold(ReadOnlySpan<T> x, Span<T> acc) => TensorPrimitives.Multiply(acc, x, acc);
}

/// <summary>Maximum; NaN wins.</summary>
internal readonly struct MaxReduce<T> : IReduceOp<T> where T : unmanaged, INumber<T>
{
    public static T Row(ReadOnlySpan<T> x) => TensorPrimitives.Max(x);
    public static void Fold(ReadOnlySpan<T> x, Span<T> acc) => TensorPrimitives.Max(acc, x, acc);
}

/// <summary>Minimum; NaN wins.</summary>
internal readonly struct MinReduce<T> : IReduceOp<T> where T : unmanaged, INumber<T>
{
    public static T Row(ReadOnlySpan<T> x) => TensorPrimitives.Min(x);
    public static void Fold(ReadOnlySpan<T> x, Span<T> acc) => TensorPrimitives.Min(acc, x, acc);
}

/// <summary>
/// Reductions over (outer, n, inner) views. Work is split over outputs only, never inside one output's
/// accumulation, so results are identical for every thread count.
/// </summary>
internal static class ReduceKernels
{
    private const int Grain = 1 << 14;

    /// <summary>Reduces x viewed as [outer, n, inner] over n into [outer, inner]; n must be positive.</summary>
    public static T[] Reduce<T, TOp>(T[] x, int outer, int n, int inner) where T : unmanaged where TOp : IReduceOp<T>
    {
        var d = NativeTensors.Alloc<T>(outer * inner);
        if (inner == 1)
        {
            NativeParallel.For(outer, Math.Max(1, Grain / n), [MethodImpl(MethodImplOptions.AggressiveOptimization)] (s, e) =>
            {
                for (int o = s; o < e; o++) d[o] = TOp.Row(new ReadOnlySpan<T>(x, o * n, n));
            });
            return d;
        }
        // fold whole rows of length inner; split the inner extent too when outer is small
        int parts = outer >= Config.NumThreads ? 1 : Math.Max(1, Math.Min(Config.NumThreads, inner / 1024));
        NativeParallel.For(outer * parts, Math.Max(1, Grain / Math.Max(1, n * inner / parts)),
            [MethodImpl(MethodImplOptions.AggressiveOptimization)] (s, e) =>
        {
            for (int w = s; w < e; w++)
            {
                int o = w / parts, p = w % parts;
                int j0 = (int)((long)inner * p / parts), j1 = (int)((long)inner * (p + 1) / parts), len = j1 - j0;
                var acc = new Span<T>(d, o * inner + j0, len);
                int baseOff = o * n * inner + j0;
                new ReadOnlySpan<T>(x, baseOff, len).CopyTo(acc);
                for (int r = 1; r < n; r++) TOp.Fold(new ReadOnlySpan<T>(x, baseOff + r * inner, len), acc);
            }
        });
        return d;
    }

    /// <summary>Index of the first max (or min) along n of [outer, n, inner]; NaN counts as the extreme.</summary>
    public static long[] ArgReduce<T>(T[] x, int outer, int n, int inner, bool max) where T : unmanaged, INumber<T>
    {
        var d = NativeTensors.Alloc<long>(outer * inner);
        NativeParallel.For(outer * inner, Math.Max(1, Grain / Math.Max(1, n)),
            [MethodImpl(MethodImplOptions.AggressiveOptimization)] (s, e) =>
        {
            for (int w = s; w < e; w++)
            {
                int o = w / inner, j = w % inner, off = o * n * inner + j;
                T best = x[off];
                int bi = 0;
                if (!T.IsNaN(best))
                {
                    for (int r = 1; r < n; r++)
                    {
                        T v = x[off + r * inner];
                        if (T.IsNaN(v)) { bi = r; break; }
                        if (max ? v > best : v < best) { best = v; bi = r; }
                    }
                }
                d[w] = bi;
            }
        });
        return d;
    }

    /// <summary>Inclusive prefix sums along n of [outer, n, inner], from the end when <paramref name="reverse"/>.</summary>
    public static T[] CumSum<T>(T[] x, int outer, int n, int inner, bool reverse) where T : unmanaged, INumber<T>
    {
        var d = NativeTensors.Alloc<T>(x.Length);
        NativeParallel.For(outer, Math.Max(1, Grain / Math.Max(1, n * inner)),
            [MethodImpl(MethodImplOptions.AggressiveOptimization)] (s, e) =>
        {
            for (int o = s; o < e; o++)
            {
                int baseOff = o * n * inner;
                for (int k = 0; k < n; k++)
                {
                    int r = reverse ? n - 1 - k : k, off = baseOff + r * inner;
                    var row = new Span<T>(d, off, inner);
                    var src = new ReadOnlySpan<T>(x, off, inner);
                    if (k == 0) src.CopyTo(row);
                    else TensorPrimitives.Add(new ReadOnlySpan<T>(d, reverse ? off + inner : off - inner, inner), src, row);
                }
            }
        });
        return d;
    }

    /// <summary>Top k of each row of [rows, n], sorted, ties to the lower index; NaN ranks as the largest.</summary>
    public static (T[] Values, long[] Indices) TopK<T>(T[] x, int rows, int n, int k, bool largest) where T : unmanaged, INumber<T>
    {
        var vals = new T[rows * k];
        var idx = new long[rows * k];
        NativeParallel.For(rows, Math.Max(1, Grain / Math.Max(1, n * 8)),
            [MethodImpl(MethodImplOptions.AggressiveOptimization)] (s, e) =>
        {
            var order = new int[n];
            for (int r = s; r < e; r++)
            {
                int off = r * n;
                for (int i = 0; i < n; i++) order[i] = i;
                Comparison<int> cmp = (i, j) =>
                {
                    T a = x[off + i], b = x[off + j];
                    int c = Rank(a, b);
                    if (c != 0) return largest ? -c : c;
                    return i.CompareTo(j);
                };
                Array.Sort(order, cmp);
                for (int i = 0; i < k; i++)
                {
                    vals[r * k + i] = x[off + order[i]];
                    idx[r * k + i] = order[i];
                }
            }
        });
        return (vals, idx);
    }

    // Total order with NaN above everything.
    private static int Rank<T>(T a, T b) where T : INumber<T>
    {
        bool na = T.IsNaN(a), nb = T.IsNaN(b);
        if (na || nb) return na == nb ? 0 : na ? 1 : -1;
        return a < b ? -1 : a > b ? 1 : 0;
    }
}
