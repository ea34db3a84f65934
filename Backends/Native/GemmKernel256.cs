using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace KerasSharp.Backends.Native;

/// <summary>
/// AVX2 GEMM micro-kernel (used without AVX-512): 6 x (2 vectors) of C in 12 Vector256 accumulators; two B
/// loads and one A broadcast per step fit the 16 ymm registers. NR is 16 for float and 8 for double.
/// </summary>
internal static unsafe class GemmKernel256
{
    public const int MR = 6;

    public static int NR<T>() where T : unmanaged => 2 * Vector256<T>.Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<T> MulAdd<T>(Vector256<T> a, Vector256<T> b, Vector256<T> c) where T : unmanaged
    {
        if (Fma.IsSupported)
        {
            if (typeof(T) == typeof(float)) return Fma.MultiplyAdd(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>();
            if (typeof(T) == typeof(double)) return Fma.MultiplyAdd(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();
        }
        return a * b + c;
    }

    /// <summary>C[0..MR, 0..NR] (+)= packed A panel (kc x MR) x packed B panel (kc x NR).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Kernel<T>(int kc, T* a, T* b, T* c, int ldc, bool add) where T : unmanaged
    {
        int w = Vector256<T>.Count;
        Vector256<T> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector256<T> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        for (int p = 0; p < kc; p++)
        {
            var b0 = Vector256.Load(b);
            var b1 = Vector256.Load(b + w);
            var x = Vector256.Create(a[0]); c00 = MulAdd(x, b0, c00); c01 = MulAdd(x, b1, c01);
            x = Vector256.Create(a[1]); c10 = MulAdd(x, b0, c10); c11 = MulAdd(x, b1, c11);
            x = Vector256.Create(a[2]); c20 = MulAdd(x, b0, c20); c21 = MulAdd(x, b1, c21);
            x = Vector256.Create(a[3]); c30 = MulAdd(x, b0, c30); c31 = MulAdd(x, b1, c31);
            x = Vector256.Create(a[4]); c40 = MulAdd(x, b0, c40); c41 = MulAdd(x, b1, c41);
            x = Vector256.Create(a[5]); c50 = MulAdd(x, b0, c50); c51 = MulAdd(x, b1, c51);
            a += MR;
            b += 2 * w;
        }
        Store(c, w, c00, c01, add);
        Store(c + ldc, w, c10, c11, add);
        Store(c + 2 * ldc, w, c20, c21, add);
        Store(c + 3 * ldc, w, c30, c31, add);
        Store(c + 4 * ldc, w, c40, c41, add);
        Store(c + 5 * ldc, w, c50, c51, add);
    }

    /// <summary>
    /// C[0..R, 0..NR] (+)= A x B over kc for R = <typeparamref name="TR"/> rows (at most MR), A read in place:
    /// A(r, p) = a[r*rs + p*cs] (a packed panel is rs = 1, cs = MR), B(p, 0..NR) = b[p*ldb ..] (packed: ldb = NR).
    /// Rows past R are never touched, so small or edge row counts need no padding and no scratch tile.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void KernelRows<T, TR>(int kc, T* a, nint rs, nint cs, T* b, nint ldb, T* c, int ldc, bool add)
        where T : unmanaged where TR : struct, IGemmRows
    {
        int R = TR.R;
        int w = Vector256<T>.Count;
        nint rs2 = 2 * rs, rs3 = 3 * rs;
        T* a0 = a, a3 = a + 3 * rs;
        Vector256<T> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default, c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        for (int p = 0; p < kc; p++)
        {
            var b0 = Vector256.Load(b);
            var b1 = Vector256.Load(b + w);
            Vector256<T> x;
            x = Vector256.Create(a0[0]); c00 = MulAdd(x, b0, c00); c01 = MulAdd(x, b1, c01);
            if (R > 1) { x = Vector256.Create(a0[rs]); c10 = MulAdd(x, b0, c10); c11 = MulAdd(x, b1, c11); }
            if (R > 2) { x = Vector256.Create(a0[rs2]); c20 = MulAdd(x, b0, c20); c21 = MulAdd(x, b1, c21); }
            if (R > 3) { x = Vector256.Create(a3[0]); c30 = MulAdd(x, b0, c30); c31 = MulAdd(x, b1, c31); }
            if (R > 4) { x = Vector256.Create(a3[rs]); c40 = MulAdd(x, b0, c40); c41 = MulAdd(x, b1, c41); }
            if (R > 5) { x = Vector256.Create(a3[rs2]); c50 = MulAdd(x, b0, c50); c51 = MulAdd(x, b1, c51); }
            a0 += cs;
            if (R > 3) a3 += cs;
            b += ldb;
        }
        Store(c + 0 * ldc, w, c00, c01, add);
        if (R > 1) Store(c + 1 * ldc, w, c10, c11, add);
        if (R > 2) Store(c + 2 * ldc, w, c20, c21, add);
        if (R > 3) Store(c + 3 * ldc, w, c30, c31, add);
        if (R > 4) Store(c + 4 * ldc, w, c40, c41, add);
        if (R > 5) Store(c + 5 * ldc, w, c50, c51, add);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store<T>(T* c, int w, Vector256<T> v0, Vector256<T> v1, bool add) where T : unmanaged
    {
        if (add)
        {
            v0 += Vector256.Load(c);
            v1 += Vector256.Load(c + w);
        }
        v0.Store(c);
        v1.Store(c + w);
    }
}
