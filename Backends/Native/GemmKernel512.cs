using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace KerasSharp.Backends.Native;

/// <summary>
/// AVX-512 GEMM micro-kernel: a 14 x (2 vectors) tile of C (14 x 32 floats, 14 x 16 doubles) lives in 28
/// zmm accumulators; each k step loads two B vectors and broadcasts 14 A values (31 of 32 registers).
/// </summary>
internal static unsafe class GemmKernel512
{
    public const int MR = 14;

    public static int NR<T>() where T : unmanaged => 2 * Vector512<T>.Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<T> Fma<T>(Vector512<T> a, Vector512<T> b, Vector512<T> c) where T : unmanaged
    {
        if (typeof(T) == typeof(float)) return Avx512F.FusedMultiplyAdd(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>();
        if (typeof(T) == typeof(double)) return Avx512F.FusedMultiplyAdd(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();
        return a * b + c;
    }

    /// <summary>C[0..MR, 0..NR] (+)= packed A panel (kc x MR) x packed B panel (kc x NR).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Kernel<T>(int kc, T* a, T* b, T* c, int ldc, bool add) where T : unmanaged
    {
        int w = Vector512<T>.Count;
        Vector512<T> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default, c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default, c60 = default, c61 = default, c70 = default, c71 = default, c80 = default, c81 = default, c90 = default, c91 = default, c100 = default, c101 = default, c110 = default, c111 = default, c120 = default, c121 = default, c130 = default, c131 = default;
        for (int p = 0; p < kc; p++)
        {
            var b0 = Vector512.Load(b);
            var b1 = Vector512.Load(b + w);
            Vector512<T> x;
            x = Vector512.Create(a[0]); c00 = Fma(x, b0, c00); c01 = Fma(x, b1, c01);
            x = Vector512.Create(a[1]); c10 = Fma(x, b0, c10); c11 = Fma(x, b1, c11);
            x = Vector512.Create(a[2]); c20 = Fma(x, b0, c20); c21 = Fma(x, b1, c21);
            x = Vector512.Create(a[3]); c30 = Fma(x, b0, c30); c31 = Fma(x, b1, c31);
            x = Vector512.Create(a[4]); c40 = Fma(x, b0, c40); c41 = Fma(x, b1, c41);
            x = Vector512.Create(a[5]); c50 = Fma(x, b0, c50); c51 = Fma(x, b1, c51);
            x = Vector512.Create(a[6]); c60 = Fma(x, b0, c60); c61 = Fma(x, b1, c61);
            x = Vector512.Create(a[7]); c70 = Fma(x, b0, c70); c71 = Fma(x, b1, c71);
            x = Vector512.Create(a[8]); c80 = Fma(x, b0, c80); c81 = Fma(x, b1, c81);
            x = Vector512.Create(a[9]); c90 = Fma(x, b0, c90); c91 = Fma(x, b1, c91);
            x = Vector512.Create(a[10]); c100 = Fma(x, b0, c100); c101 = Fma(x, b1, c101);
            x = Vector512.Create(a[11]); c110 = Fma(x, b0, c110); c111 = Fma(x, b1, c111);
            x = Vector512.Create(a[12]); c120 = Fma(x, b0, c120); c121 = Fma(x, b1, c121);
            x = Vector512.Create(a[13]); c130 = Fma(x, b0, c130); c131 = Fma(x, b1, c131);
            a += MR;
            b += 2 * w;
        }
        Store(c + 0 * ldc, w, c00, c01, add);
        Store(c + 1 * ldc, w, c10, c11, add);
        Store(c + 2 * ldc, w, c20, c21, add);
        Store(c + 3 * ldc, w, c30, c31, add);
        Store(c + 4 * ldc, w, c40, c41, add);
        Store(c + 5 * ldc, w, c50, c51, add);
        Store(c + 6 * ldc, w, c60, c61, add);
        Store(c + 7 * ldc, w, c70, c71, add);
        Store(c + 8 * ldc, w, c80, c81, add);
        Store(c + 9 * ldc, w, c90, c91, add);
        Store(c + 10 * ldc, w, c100, c101, add);
        Store(c + 11 * ldc, w, c110, c111, add);
        Store(c + 12 * ldc, w, c120, c121, add);
        Store(c + 13 * ldc, w, c130, c131, add);
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
        int w = Vector512<T>.Count;
        nint rs2 = 2 * rs, rs3 = 3 * rs;
        T* a0 = a, a4 = a + 4 * rs, a8 = a + 8 * rs, a12 = a + 12 * rs;
        Vector512<T> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default, c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default, c60 = default, c61 = default, c70 = default, c71 = default, c80 = default, c81 = default, c90 = default, c91 = default, c100 = default, c101 = default, c110 = default, c111 = default, c120 = default, c121 = default, c130 = default, c131 = default;
        for (int p = 0; p < kc; p++)
        {
            var b0 = Vector512.Load(b);
            var b1 = Vector512.Load(b + w);
            Vector512<T> x;
            x = Vector512.Create(a0[0]); c00 = Fma(x, b0, c00); c01 = Fma(x, b1, c01);
            if (R > 1) { x = Vector512.Create(a0[rs]); c10 = Fma(x, b0, c10); c11 = Fma(x, b1, c11); }
            if (R > 2) { x = Vector512.Create(a0[rs2]); c20 = Fma(x, b0, c20); c21 = Fma(x, b1, c21); }
            if (R > 3) { x = Vector512.Create(a0[rs3]); c30 = Fma(x, b0, c30); c31 = Fma(x, b1, c31); }
            if (R > 4) { x = Vector512.Create(a4[0]); c40 = Fma(x, b0, c40); c41 = Fma(x, b1, c41); }
            if (R > 5) { x = Vector512.Create(a4[rs]); c50 = Fma(x, b0, c50); c51 = Fma(x, b1, c51); }
            if (R > 6) { x = Vector512.Create(a4[rs2]); c60 = Fma(x, b0, c60); c61 = Fma(x, b1, c61); }
            if (R > 7) { x = Vector512.Create(a4[rs3]); c70 = Fma(x, b0, c70); c71 = Fma(x, b1, c71); }
            if (R > 8) { x = Vector512.Create(a8[0]); c80 = Fma(x, b0, c80); c81 = Fma(x, b1, c81); }
            if (R > 9) { x = Vector512.Create(a8[rs]); c90 = Fma(x, b0, c90); c91 = Fma(x, b1, c91); }
            if (R > 10) { x = Vector512.Create(a8[rs2]); c100 = Fma(x, b0, c100); c101 = Fma(x, b1, c101); }
            if (R > 11) { x = Vector512.Create(a8[rs3]); c110 = Fma(x, b0, c110); c111 = Fma(x, b1, c111); }
            if (R > 12) { x = Vector512.Create(a12[0]); c120 = Fma(x, b0, c120); c121 = Fma(x, b1, c121); }
            if (R > 13) { x = Vector512.Create(a12[rs]); c130 = Fma(x, b0, c130); c131 = Fma(x, b1, c131); }
            a0 += cs;
            if (R > 4) a4 += cs;
            if (R > 8) a8 += cs;
            if (R > 12) a12 += cs;
            b += ldb;
        }
        Store(c + 0 * ldc, w, c00, c01, add);
        if (R > 1) Store(c + 1 * ldc, w, c10, c11, add);
        if (R > 2) Store(c + 2 * ldc, w, c20, c21, add);
        if (R > 3) Store(c + 3 * ldc, w, c30, c31, add);
        if (R > 4) Store(c + 4 * ldc, w, c40, c41, add);
        if (R > 5) Store(c + 5 * ldc, w, c50, c51, add);
        if (R > 6) Store(c + 6 * ldc, w, c60, c61, add);
        if (R > 7) Store(c + 7 * ldc, w, c70, c71, add);
        if (R > 8) Store(c + 8 * ldc, w, c80, c81, add);
        if (R > 9) Store(c + 9 * ldc, w, c90, c91, add);
        if (R > 10) Store(c + 10 * ldc, w, c100, c101, add);
        if (R > 11) Store(c + 11 * ldc, w, c110, c111, add);
        if (R > 12) Store(c + 12 * ldc, w, c120, c121, add);
        if (R > 13) Store(c + 13 * ldc, w, c130, c131, add);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store<T>(T* c, int w, Vector512<T> v0, Vector512<T> v1, bool add) where T : unmanaged
    {
        if (add)
        {
            v0 += Vector512.Load(c);
            v1 += Vector512.Load(c + w);
        }
        v0.Store(c);
        v1.Store(c + w);
    }
}
