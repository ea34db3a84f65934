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

/// <summary>Elementwise loops: contiguous, scalar-broadcast and row-broadcast fast paths, general strided otherwise.</summary>
internal static class ElementwiseKernels
{
    /// <summary>Minimum elements per parallel chunk for cheap elementwise work.</summary>
    public const int Grain = 1 << 15;

    public static TR[] Unary<T, TR, TOp>(T[] x) where T : unmanaged where TR : unmanaged where TOp : IUnaryOp<T, TR>
    {
        var d = x.Length == 0 ? [] : GC.AllocateUninitializedArray<TR>(x.Length);
        NativeParallel.For(x.Length, Grain, (s, e) =>
        {
            var src = new ReadOnlySpan<T>(x, s, e - s);
            var dst = new Span<TR>(d, s, e - s);
            if (TOp.Span(src, dst)) return;
            for (int i = 0; i < src.Length; i++) dst[i] = TOp.Apply(src[i]);
        });
        return d;
    }

    public static TR[] Binary<T, TR, TOp>(T[] a, Shape aShape, T[] b, Shape bShape, Shape outShape)
        where T : unmanaged where TR : unmanaged where TOp : IBinaryOp<T, TR>
    {
        var d = NativeTensors.Alloc<TR>(outShape);
        if (d.Length == 0) return d;
        var l = BroadcastLayout.Create(outShape, aShape, bShape);
        int inner = l.Inner, rows = l.Rows, sa = l.Strides[0][^1], sb = l.Strides[1][^1];
        if (rows == 1)
        {
            // one run: split it across threads
            NativeParallel.For(inner, Grain, (s, e) => Run<T, TR, TOp>(a, s * sa, sa, b, s * sb, sb, d, s, e - s));
            return d;
        }
        NativeParallel.For(rows, Math.Max(1, Grain / inner), (s, e) =>
        {
            var c = new BroadcastLayout.Cursor(l, s);
            for (int r = s; r < e; r++, c.Next())
                Run<T, TR, TOp>(a, c.Offsets[0], sa, b, c.Offsets[1], sb, d, r * inner, inner);
        });
        return d;
    }

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
        var l = BroadcastLayout.Create(outShape, cShape, aShape, bShape);
        int inner = l.Inner, sc = l.Strides[0][^1], sa = l.Strides[1][^1], sb = l.Strides[2][^1];
        NativeParallel.For(l.Rows, Math.Max(1, Grain / inner), (s, e) =>
        {
            var c = new BroadcastLayout.Cursor(l, s);
            for (int r = s; r < e; r++, c.Next())
            {
                int oc = c.Offsets[0], oa = c.Offsets[1], ob = c.Offsets[2], od = r * inner;
                for (int i = 0; i < inner; i++)
                    d[od + i] = cond[oc + i * sc] ? a[oa + i * sa] : b[ob + i * sb];
            }
        });
        return d;
    }
}
