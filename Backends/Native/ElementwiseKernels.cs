using System.Runtime.CompilerServices;
namespace KerasSharp.Backends.Native;

/// <summary>A scalar unary function with an optional vectorised span form.</summary>
internal interface IUnaryOp<T, TR> where T : unmanaged where TR : unmanaged
{
    static abstract TR Apply(T x);

    /// <summary>Processes a contiguous run with SIMD; returns false when there is no vector form.</summary>
    static virtual bool Span(ReadOnlySpan<T> x, Span<TR> d) => false;
}

/// <summary>A scalar binary function with optional vectorised forms for contiguous and scalar operands.</summary>
internal interface IBinaryOp<T, TR> where T : unmanaged where TR : unmanaged
{
    static abstract TR Apply(T a, T b);
    static virtual bool Span(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<TR> d) => false;
    static virtual bool SpanScalar(ReadOnlySpan<T> a, T b, Span<TR> d) => false;
    static virtual bool ScalarSpan(T a, ReadOnlySpan<T> b, Span<TR> d) => false;
}

/// <summary>
/// Elementwise loops over pooled outputs. Fast paths, tried in order: operands laid out like the output
/// (one flat run), a scalar operand, an operand repeated along leading axes (a bias row); the general strided
/// walk otherwise. Work below <see cref="Grain"/> elements runs inline on the caller (no pool hand-off and no
/// closure allocation); larger flat runs are split into contiguous ranges across the worker pool, each range one
/// TensorPrimitives call. The split never changes a result: every element is computed the same way.
/// </summary>
internal static class ElementwiseKernels
{
    /// <summary>Minimum elements per parallel chunk for cheap elementwise work.</summary>
    public const int Grain = 1 << 15;

    public static TR[] Unary<T, TR, TOp>(T[] x) where T : unmanaged where TR : unmanaged where TOp : IUnaryOp<T, TR>
    {
        var d = NativeTensors.Alloc<TR>(x.Length);
        if (NativeParallel.Chunks(x.Length, Grain) <= 1) UnaryRun<T, TR, TOp>(x, d, 0, x.Length);
        else UnaryParallel<T, TR, TOp>(x, d);
        return d;
    }

    // Separate from Unary so the closure is allocated only when the work is split.
    private static void UnaryParallel<T, TR, TOp>(T[] x, TR[] d) where T : unmanaged where TR : unmanaged where TOp : IUnaryOp<T, TR> =>
        NativeParallel.For(x.Length, Grain, (s, e) => UnaryRun<T, TR, TOp>(x, d, s, e - s));

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void UnaryRun<T, TR, TOp>(T[] x, TR[] d, int start, int n) where T : unmanaged where TR : unmanaged where TOp : IUnaryOp<T, TR>
    {
        var src = new ReadOnlySpan<T>(x, start, n);
        var dst = new Span<TR>(d, start, n);
        if (TOp.Span(src, dst)) return;
        for (int i = 0; i < src.Length; i++) dst[i] = TOp.Apply(src[i]);
    }

    public static TR[] Binary<T, TR, TOp>(T[] a, Shape aShape, T[] b, Shape bShape, Shape outShape)
        where T : unmanaged where TR : unmanaged where TOp : IBinaryOp<T, TR>
    {
        int n = outShape.Size, na = aShape.Size, nb = bShape.Size;
        var d = NativeTensors.Alloc<TR>(n);
        if (n == 0) return d;
        // An operand with as many elements as the output is laid out like it (broadcasting only adds size-1 axes).
        if (na == n && nb == n) Flat<T, TR, TOp>(a, 1, b, 1, d);
        else if (na == n && nb == 1) Flat<T, TR, TOp>(a, 1, b, 0, d);
        else if (na == 1 && nb == n) Flat<T, TR, TOp>(a, 0, b, 1, d);
        else if (na == n && IsTrailing(bShape, outShape)) Rows<T, TR, TOp>(a, 1, b, 0, d, nb);
        else if (nb == n && IsTrailing(aShape, outShape)) Rows<T, TR, TOp>(a, 0, b, 1, d, na);
        else Strided<T, TR, TOp>(a, aShape, b, bShape, d, outShape);
        return d;
    }

    /// <summary>True when <paramref name="s"/> (leading size-1 axes aside) equals the last axes of <paramref name="outShape"/>.</summary>
    private static bool IsTrailing(Shape s, Shape outShape)
    {
        var dims = s.Dims;
        int lead = 0;
        while (lead < dims.Length && dims[lead] == 1) lead++;
        var tail = dims[lead..];
        var od = outShape.Dims;
        return tail.Length > 0 && tail.Length <= od.Length && tail.SequenceEqual(od[(od.Length - tail.Length)..]);
    }

    // One run over the whole output; sa/sb are 1 (laid out like the output) or 0 (a scalar).
    private static void Flat<T, TR, TOp>(T[] a, int sa, T[] b, int sb, TR[] d)
        where T : unmanaged where TR : unmanaged where TOp : IBinaryOp<T, TR>
    {
        if (NativeParallel.Chunks(d.Length, Grain) <= 1) Run<T, TR, TOp>(a, 0, sa, b, 0, sb, d, 0, d.Length);
        else FlatParallel<T, TR, TOp>(a, sa, b, sb, d);
    }

    private static void FlatParallel<T, TR, TOp>(T[] a, int sa, T[] b, int sb, TR[] d)
        where T : unmanaged where TR : unmanaged where TOp : IBinaryOp<T, TR> =>
        NativeParallel.For(d.Length, Grain, (s, e) => Run<T, TR, TOp>(a, s * sa, sa, b, s * sb, sb, d, s, e - s));

    // The operand with stride 0 here is one row of length `inner`, repeated for every row of the output.
    private static void Rows<T, TR, TOp>(T[] a, int aFull, T[] b, int bFull, TR[] d, int inner)
        where T : unmanaged where TR : unmanaged where TOp : IBinaryOp<T, TR>
    {
        int rows = d.Length / inner;
        if (NativeParallel.Chunks(rows, Math.Max(1, Grain / inner)) <= 1) RowRange<T, TR, TOp>(a, aFull, b, bFull, d, inner, 0, rows);
        else RowsParallel<T, TR, TOp>(a, aFull, b, bFull, d, inner, rows);
    }

    private static void RowsParallel<T, TR, TOp>(T[] a, int aFull, T[] b, int bFull, TR[] d, int inner, int rows)
        where T : unmanaged where TR : unmanaged where TOp : IBinaryOp<T, TR> =>
        NativeParallel.For(rows, Math.Max(1, Grain / inner), (s, e) => RowRange<T, TR, TOp>(a, aFull, b, bFull, d, inner, s, e));

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RowRange<T, TR, TOp>(T[] a, int aFull, T[] b, int bFull, TR[] d, int inner, int start, int end)
        where T : unmanaged where TR : unmanaged where TOp : IBinaryOp<T, TR>
    {
        for (int r = start; r < end; r++)
            Run<T, TR, TOp>(a, aFull * r * inner, 1, b, bFull * r * inner, 1, d, r * inner, inner);
    }

    private static void Strided<T, TR, TOp>(T[] a, Shape aShape, T[] b, Shape bShape, TR[] d, Shape outShape)
        where T : unmanaged where TR : unmanaged where TOp : IBinaryOp<T, TR>
    {
        var l = BroadcastLayout.Create(outShape, aShape, bShape);
        int inner = l.Inner, rows = l.Rows, sa = l.Strides[0][^1], sb = l.Strides[1][^1];
        if (rows == 1)
        {
            // one run: split it across threads
            NativeParallel.For(inner, Grain, (s, e) => Run<T, TR, TOp>(a, s * sa, sa, b, s * sb, sb, d, s, e - s));
            return;
        }
        NativeParallel.For(rows, Math.Max(1, Grain / inner), [MethodImpl(MethodImplOptions.AggressiveOptimization)] (s, e) =>
        {
            var c = new BroadcastLayout.Cursor(l, s);
            for (int r = s; r < e; r++, c.Next())
                Run<T, TR, TOp>(a, c.Offsets[0], sa, b, c.Offsets[1], sb, d, r * inner, inner);
        });
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Run<T, TR, TOp>(T[] a, int oa, int sa, T[] b, int ob, int sb, TR[] d, int od, int n)
        where T : unmanaged where TR : unmanaged where TOp : IBinaryOp<T, TR>
    {
        var dst = new Span<TR>(d, od, n);
        if (sa == 1 && sb == 1)
        {
            var x = new ReadOnlySpan<T>(a, oa, n);
            var y = new ReadOnlySpan<T>(b, ob, n);
            if (TOp.Span(x, y, dst)) return;
            for (int i = 0; i < n; i++) dst[i] = TOp.Apply(x[i], y[i]);
        }
        else if (sa == 1 && sb == 0)
        {
            var x = new ReadOnlySpan<T>(a, oa, n);
            T y = b[ob];
            if (TOp.SpanScalar(x, y, dst)) return;
            for (int i = 0; i < n; i++) dst[i] = TOp.Apply(x[i], y);
        }
        else if (sa == 0 && sb == 1)
        {
            T x = a[oa];
            var y = new ReadOnlySpan<T>(b, ob, n);
            if (TOp.ScalarSpan(x, y, dst)) return;
            for (int i = 0; i < n; i++) dst[i] = TOp.Apply(x, y[i]);
        }
        else
        {
            for (int i = 0; i < n; i++) dst[i] = TOp.Apply(a[oa + i * sa], b[ob + i * sb]);
        }
    }

    /// <summary>cond ? a : b with broadcasting.</summary>
    public static T[] Where<T>(bool[] cond, Shape cShape, T[] a, Shape aShape, T[] b, Shape bShape, Shape outShape) where T : unmanaged
    {
        var d = NativeTensors.Alloc<T>(outShape);
        if (d.Length == 0) return d;
        if (cShape.Size == d.Length && aShape.Size == d.Length && bShape.Size == d.Length) WhereFlat(cond, a, b, d);
        else WhereStrided(cond, cShape, a, aShape, b, bShape, d, outShape);
        return d;
    }

    private static void WhereStrided<T>(bool[] cond, Shape cShape, T[] a, Shape aShape, T[] b, Shape bShape, T[] d, Shape outShape) where T : unmanaged
    {
        var l = BroadcastLayout.Create(outShape, cShape, aShape, bShape);
        int inner = l.Inner, sc = l.Strides[0][^1], sa = l.Strides[1][^1], sb = l.Strides[2][^1];
        NativeParallel.For(l.Rows, Math.Max(1, Grain / inner), [MethodImpl(MethodImplOptions.AggressiveOptimization)] (s, e) =>
        {
            var c = new BroadcastLayout.Cursor(l, s);
            for (int r = s; r < e; r++, c.Next())
            {
                int oc = c.Offsets[0], oa = c.Offsets[1], ob = c.Offsets[2], od = r * inner;
                for (int i = 0; i < inner; i++)
                    d[od + i] = cond[oc + i * sc] ? a[oa + i * sa] : b[ob + i * sb];
            }
        });
    }

    // All operands laid out like the output.
    private static void WhereFlat<T>(bool[] cond, T[] a, T[] b, T[] d) where T : unmanaged
    {
        if (NativeParallel.Chunks(d.Length, Grain) <= 1) WhereRange(cond, a, b, d, 0, d.Length);
        else WhereParallel(cond, a, b, d);
    }

    private static void WhereParallel<T>(bool[] cond, T[] a, T[] b, T[] d) where T : unmanaged =>
        NativeParallel.For(d.Length, Grain, (s, e) => WhereRange(cond, a, b, d, s, e));

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void WhereRange<T>(bool[] cond, T[] a, T[] b, T[] d, int start, int end) where T : unmanaged
    {
        for (int i = start; i < end; i++) d[i] = cond[i] ? a[i] : b[i];
    }
}
