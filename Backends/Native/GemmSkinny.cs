using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace KerasSharp.Backends.Native;

/// <summary>
/// Matrix-vector and few-row products (m at most <see cref="MaxRows"/>) against a large B: nothing is packed, B is
/// read once from memory in place. Packing a B of 150 MB (AlexNet's first classifier layer at batch 1) costs more than
/// the product, which is memory-bound. Two layouts: B rows contiguous (a Dense kernel [in, out]) streams B row by row
/// and accumulates into the C rows (SIMD over C's columns, four B rows per pass); B columns contiguous (a transposed
/// kernel) computes each C element as a SIMD dot product. Threads split the columns only, so each C element is summed
/// in one fixed order whatever the thread count.
/// </summary>
internal sealed unsafe class GemmSkinny<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Most rows of A (and C) this path takes.</summary>
    public const int MaxRows = 8;

    // Columns of C updated per pass over a group of B rows: MaxRows C rows of this width stay in L2, and each B row
    // is read in runs of 16 KiB (measured: 4 KiB runs, one page each, read B at half the bandwidth).
    private const int TileColumns = 4096;

    [ThreadStatic] private static GemmSkinny<T>? _current;

    private readonly Action<int> _work;
    private int _m, _n, _k, _ldc, _parts;
    private T* _a, _b, _c, _bias;
    private long _aRow, _aCol, _bRow, _bCol;
    private bool _add;

    /// <summary>Products this thread ran through this path (tests check that a shape takes it).</summary>
    [ThreadStatic] internal static long RunsOnThisThread;

    private GemmSkinny() => _work = Work;

    /// <summary>True when the product fits this path: few rows, and B rows or B columns contiguous (A rows too for the latter).</summary>
    public static bool Fits(int m, long aCol, long bRow, long bCol) => m <= MaxRows && (bCol == 1 || (bRow == 1 && aCol == 1));

    /// <summary>As <see cref="Gemm.Run{T}"/>, for operands that <see cref="Fits"/>; the caller keeps them pinned.</summary>
    public static void Run(int m, int n, int k, T* a, long aRow, long aCol, T* b, long bRow, long bCol, T* c, int ldc, bool add, T* bias, int threads)
    {
        RunsOnThisThread++;
        var job = _current ??= new GemmSkinny<T>();
        (job._m, job._n, job._k, job._ldc, job._add) = (m, n, k, ldc, add);
        job._a = a; job._b = b; job._c = c; job._bias = bias;
        (job._aRow, job._aCol, job._bRow, job._bCol) = (aRow, aCol, bRow, bCol);
        int align = Vector512<T>.Count;
        job._parts = Math.Max(1, Math.Min(threads, (n + align - 1) / align));
        NativeParallel.Run(job._parts, job._work);
        job._a = job._b = job._c = job._bias = null;
    }

    // Part `part` of the columns, its bounds on multiples of a 512-bit vector.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Work(int part)
    {
        int align = Vector512<T>.Count, units = (_n + align - 1) / align;
        var (u0, u1) = NativeParallel.Range(units, _parts, part);
        int j0 = u0 * align, j1 = Math.Min(_n, u1 * align);
        if (j0 >= j1) return;
        if (_bCol == 1) Rows(j0, j1);
        else Dots(j0, j1);
    }

    // B rows contiguous: for each tile of columns, C rows (+)= sum over p of A(r, p) * B(p, tile), four p at a time.
    private void Rows(int j0, int j1)
    {
        for (int t0 = j0; t0 < j1; t0 += TileColumns)
        {
            int width = Math.Min(TileColumns, j1 - t0);
            if (!_add)
                for (int r = 0; r < _m; r++) new Span<T>(_c + (long)r * _ldc + t0, width).Clear();
            int p = 0;
            for (; p + 8 <= _k; p += 8)
            {
                T* b0 = _b + p * _bRow + t0;
                for (int r = 0; r < _m; r++)
                {
                    T* ar = _a + r * _aRow + p * _aCol;
                    Axpy8(width, ar, (nint)_aCol, b0, (nint)_bRow, _c + (long)r * _ldc + t0);
                }
            }
            for (; p + 4 <= _k; p += 4)
            {
                T* b0 = _b + p * _bRow + t0;
                for (int r = 0; r < _m; r++)
                {
                    T* ar = _a + r * _aRow + p * _aCol;
                    Axpy4(width, ar[0], ar[_aCol], ar[2 * _aCol], ar[3 * _aCol], b0, (nint)_bRow, _c + (long)r * _ldc + t0);
                }
            }
            for (; p < _k; p++)
            {
                T* b0 = _b + p * _bRow + t0;
                for (int r = 0; r < _m; r++)
                {
                    T x = _a[r * _aRow + p * _aCol];
                    T* cr = _c + (long)r * _ldc + t0;
                    for (int j = 0; j < width; j++) cr[j] = T.FusedMultiplyAdd(x, b0[j], cr[j]);
                }
            }
            if (_bias != null)
                for (int r = 0; r < _m; r++)
                {
                    T* cr = _c + (long)r * _ldc + t0;
                    for (int j = 0; j < width; j++) cr[j] += _bias[t0 + j];
                }
        }
    }

    // c[j] = c[j] + x[0] b[j] + x[xs] b[ld + j] + ... + x[7 xs] b[7 ld + j], in that order: the sums of Axpy4 twice (the
    // same bits), with C read and written once per eight B rows instead of twice.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Axpy8(int width, T* x, nint xs, T* b, nint ld, T* c)
    {
        int j = 0;
        if (GemmKernel.Use512)
        {
            var v0 = Vector512.Create(x[0]); var v1 = Vector512.Create(x[xs]); var v2 = Vector512.Create(x[2 * xs]); var v3 = Vector512.Create(x[3 * xs]);
            var v4 = Vector512.Create(x[4 * xs]); var v5 = Vector512.Create(x[5 * xs]); var v6 = Vector512.Create(x[6 * xs]); var v7 = Vector512.Create(x[7 * xs]);
            for (int w = Vector512<T>.Count; j + w <= width; j += w)
            {
                var acc = Vector512.Load(c + j);
                acc = Fma(v0, Vector512.Load(b + j), acc);
                acc = Fma(v1, Vector512.Load(b + ld + j), acc);
                acc = Fma(v2, Vector512.Load(b + 2 * ld + j), acc);
                acc = Fma(v3, Vector512.Load(b + 3 * ld + j), acc);
                acc = Fma(v4, Vector512.Load(b + 4 * ld + j), acc);
                acc = Fma(v5, Vector512.Load(b + 5 * ld + j), acc);
                acc = Fma(v6, Vector512.Load(b + 6 * ld + j), acc);
                acc = Fma(v7, Vector512.Load(b + 7 * ld + j), acc);
                acc.Store(c + j);
            }
        }
        if (j < width)
        {
            // the tail (and machines without 512-bit vectors): two passes of four, the same additions in the same order
            Axpy4(width - j, x[0], x[xs], x[2 * xs], x[3 * xs], b + j, ld, c + j);
            Axpy4(width - j, x[4 * xs], x[5 * xs], x[6 * xs], x[7 * xs], b + 4 * ld + j, ld, c + j);
        }
    }

    // c[j] = c[j] + x0 b[j] + x1 b[ld + j] + x2 b[2 ld + j] + x3 b[3 ld + j], in that order, for j < width.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Axpy4(int width, T x0, T x1, T x2, T x3, T* b, nint ld, T* c)
    {
        T* b1 = b + ld, b2 = b + 2 * ld, b3 = b + 3 * ld;
        int j = 0;
        if (GemmKernel.Use512)
        {
            var v0 = Vector512.Create(x0); var v1 = Vector512.Create(x1); var v2 = Vector512.Create(x2); var v3 = Vector512.Create(x3);
            for (int w = Vector512<T>.Count; j + w <= width; j += w)
            {
                var acc = Vector512.Load(c + j);
                acc = Fma(v0, Vector512.Load(b + j), acc);
                acc = Fma(v1, Vector512.Load(b1 + j), acc);
                acc = Fma(v2, Vector512.Load(b2 + j), acc);
                acc = Fma(v3, Vector512.Load(b3 + j), acc);
                acc.Store(c + j);
            }
        }
        else
        {
            var v0 = Vector256.Create(x0); var v1 = Vector256.Create(x1); var v2 = Vector256.Create(x2); var v3 = Vector256.Create(x3);
            for (int w = Vector256<T>.Count; j + w <= width; j += w)
            {
                var acc = Vector256.Load(c + j);
                acc = Fma(v0, Vector256.Load(b + j), acc);
                acc = Fma(v1, Vector256.Load(b1 + j), acc);
                acc = Fma(v2, Vector256.Load(b2 + j), acc);
                acc = Fma(v3, Vector256.Load(b3 + j), acc);
                acc.Store(c + j);
            }
        }
        for (; j < width; j++)
            c[j] = T.FusedMultiplyAdd(x3, b3[j], T.FusedMultiplyAdd(x2, b2[j], T.FusedMultiplyAdd(x1, b1[j], T.FusedMultiplyAdd(x0, b[j], c[j]))));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<T> Fma(Vector512<T> a, Vector512<T> b, Vector512<T> c)
    {
        if (typeof(T) == typeof(float)) return Vector512.FusedMultiplyAdd(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>();
        if (typeof(T) == typeof(double)) return Vector512.FusedMultiplyAdd(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();
        return a * b + c;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<T> Fma(Vector256<T> a, Vector256<T> b, Vector256<T> c)
    {
        if (typeof(T) == typeof(float)) return Vector256.FusedMultiplyAdd(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>();
        if (typeof(T) == typeof(double)) return Vector256.FusedMultiplyAdd(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();
        return a * b + c;
    }

    // B columns contiguous (and A rows): each C element is one dot product over k.
    private void Dots(int j0, int j1)
    {
        for (int j = j0; j < j1; j++)
        {
            T* bj = _b + j * _bCol;
            for (int r = 0; r < _m; r++)
            {
                T dot = Dot(_a + r * _aRow, bj, _k);
                T* cr = _c + (long)r * _ldc + j;
                if (_bias != null) dot += _bias[j];
                *cr = _add ? *cr + dot : dot;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static T Dot(T* x, T* y, int k)
    {
        int p = 0;
        T sum;
        if (GemmKernel.Use512)
        {
            int w = Vector512<T>.Count;
            Vector512<T> s0 = default, s1 = default, s2 = default, s3 = default;
            for (; p + 4 * w <= k; p += 4 * w)
            {
                s0 = Fma(Vector512.Load(x + p), Vector512.Load(y + p), s0);
                s1 = Fma(Vector512.Load(x + p + w), Vector512.Load(y + p + w), s1);
                s2 = Fma(Vector512.Load(x + p + 2 * w), Vector512.Load(y + p + 2 * w), s2);
                s3 = Fma(Vector512.Load(x + p + 3 * w), Vector512.Load(y + p + 3 * w), s3);
            }
            for (; p + w <= k; p += w) s0 = Fma(Vector512.Load(x + p), Vector512.Load(y + p), s0);
            sum = Vector512.Sum((s0 + s1) + (s2 + s3));
        }
        else
        {
            int w = Vector256<T>.Count;
            Vector256<T> s0 = default, s1 = default, s2 = default, s3 = default;
            for (; p + 4 * w <= k; p += 4 * w)
            {
                s0 = Fma(Vector256.Load(x + p), Vector256.Load(y + p), s0);
                s1 = Fma(Vector256.Load(x + p + w), Vector256.Load(y + p + w), s1);
                s2 = Fma(Vector256.Load(x + p + 2 * w), Vector256.Load(y + p + 2 * w), s2);
                s3 = Fma(Vector256.Load(x + p + 3 * w), Vector256.Load(y + p + 3 * w), s3);
            }
            for (; p + w <= k; p += w) s0 = Fma(Vector256.Load(x + p), Vector256.Load(y + p), s0);
            sum = Vector256.Sum((s0 + s1) + (s2 + s3));
        }
        for (; p < k; p++) sum = T.FusedMultiplyAdd(x[p], y[p], sum);
        return sum;
    }
}
