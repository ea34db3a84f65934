using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace KerasSharp.Backends.Native;

/// <summary>
/// Packs GEMM operands into micro-panels the kernel reads with unit stride. Every transpose case is
/// handled here (the kernel sees only packed data); rows/columns past the edge are packed as zeros,
/// so the kernel always computes full tiles.
/// </summary>
internal static unsafe class GemmPacking
{
    /// <summary>Panel of mr rows: dst[p*mr + r] = A(i0 + r, p0 + p) for p in [0, kc), zero for rows past m.</summary>
    public static void PackA<T>(T* a, long aRow, long aCol, int m, int i0, int p0, int kc, int mr, T* dst) where T : unmanaged
    {
        int rows = Math.Min(mr, m - i0);
        T* src = a + i0 * aRow + p0 * aCol;
        // k outermost so the panel is written sequentially (row-major A reads mr streams, transposed A one)
        for (int p = 0; p < kc; p++, dst += mr)
        {
            T* s = src + p * aCol;
            int r = 0;
            for (; r < rows; r++) dst[r] = s[r * aRow];
            for (; r < mr; r++) dst[r] = default;
        }
    }

    /// <summary>Panel of nr columns: dst[p*nr + j] = B(p0 + p, j0 + j) for p in [0, kc), zero for columns past n.</summary>
    public static void PackB<T>(T* b, long bRow, long bCol, int n, int j0, int p0, int kc, int nr, T* dst) where T : unmanaged
    {
        int cols = Math.Min(nr, n - j0);
        T* src = b + p0 * bRow + j0 * bCol;
        if (bCol == 1 && cols == nr && nr * sizeof(T) == 128)
        {
            // a full panel row is two 512-bit vectors (NR = 2 vectors on either kernel's width: 128 or 64 bytes)
            for (int p = 0; p < kc; p++, dst += nr)
            {
                byte* s = (byte*)(src + p * bRow);
                Vector512.Store(Vector512.Load(s), (byte*)dst);
                Vector512.Store(Vector512.Load(s + 64), (byte*)dst + 64);
            }
            return;
        }
        if (bCol == 1)
        {
            for (int p = 0; p < kc; p++, dst += nr)
            {
                var row = new ReadOnlySpan<T>(src + p * bRow, cols);
                row.CopyTo(new Span<T>(dst, cols));
                if (cols < nr) new Span<T>(dst + cols, nr - cols).Clear();
            }
            return;
        }
        if (typeof(T) == typeof(float) && bRow == 1 && cols == nr && nr % 8 == 0 && Avx.IsSupported)
        {
            PackTransposedFloat((float*)src, bCol, kc, nr, (float*)dst);
            return;
        }
        // p outermost: each packed row is written once, sequentially, and the nr column streams read
        // (contiguous along p when B is transposed) stay in L1 across the 64 / sizeof(T) rows of a cache line
        for (int p = 0; p < kc; p++, dst += nr)
        {
            T* s = src + p * bRow;
            int j = 0;
            for (; j < cols; j++) dst[j] = s[j * bCol];
            for (; j < nr; j++) dst[j] = default;
        }
    }

    /// <summary>
    /// Full panel of a transposed B (column j of B contiguous along p, columns ldb apart): 8 x 8 blocks
    /// transposed in registers, so both the reads and the packed writes are whole vectors.
    /// </summary>
    private static void PackTransposedFloat(float* src, long ldb, int kc, int nr, float* dst)
    {
        int p = 0;
        for (; p + 8 <= kc; p += 8)
            for (int j = 0; j < nr; j += 8)
            {
                float* s = src + j * ldb + p;
                var r0 = Avx.LoadVector256(s);
                var r1 = Avx.LoadVector256(s + ldb);
                var r2 = Avx.LoadVector256(s + 2 * ldb);
                var r3 = Avx.LoadVector256(s + 3 * ldb);
                var r4 = Avx.LoadVector256(s + 4 * ldb);
                var r5 = Avx.LoadVector256(s + 5 * ldb);
                var r6 = Avx.LoadVector256(s + 6 * ldb);
                var r7 = Avx.LoadVector256(s + 7 * ldb);
                var t0 = Avx.UnpackLow(r0, r1); var t1 = Avx.UnpackHigh(r0, r1);
                var t2 = Avx.UnpackLow(r2, r3); var t3 = Avx.UnpackHigh(r2, r3);
                var t4 = Avx.UnpackLow(r4, r5); var t5 = Avx.UnpackHigh(r4, r5);
                var t6 = Avx.UnpackLow(r6, r7); var t7 = Avx.UnpackHigh(r6, r7);
                var u0 = Avx.Shuffle(t0, t2, 0x44); var u1 = Avx.Shuffle(t0, t2, 0xEE);
                var u2 = Avx.Shuffle(t1, t3, 0x44); var u3 = Avx.Shuffle(t1, t3, 0xEE);
                var u4 = Avx.Shuffle(t4, t6, 0x44); var u5 = Avx.Shuffle(t4, t6, 0xEE);
                var u6 = Avx.Shuffle(t5, t7, 0x44); var u7 = Avx.Shuffle(t5, t7, 0xEE);
                float* d = dst + (long)p * nr + j;
                Avx.Store(d, Avx.Permute2x128(u0, u4, 0x20));
                Avx.Store(d + nr, Avx.Permute2x128(u1, u5, 0x20));
                Avx.Store(d + 2 * nr, Avx.Permute2x128(u2, u6, 0x20));
                Avx.Store(d + 3 * nr, Avx.Permute2x128(u3, u7, 0x20));
                Avx.Store(d + 4 * nr, Avx.Permute2x128(u0, u4, 0x31));
                Avx.Store(d + 5 * nr, Avx.Permute2x128(u1, u5, 0x31));
                Avx.Store(d + 6 * nr, Avx.Permute2x128(u2, u6, 0x31));
                Avx.Store(d + 7 * nr, Avx.Permute2x128(u3, u7, 0x31));
            }
        for (; p < kc; p++)
            for (int j = 0; j < nr; j++) dst[(long)p * nr + j] = src[j * ldb + p];
    }
}
