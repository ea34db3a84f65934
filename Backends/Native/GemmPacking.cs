using System.Runtime.Intrinsics;
using System.Runtime.CompilerServices;

namespace KerasSharp.Backends.Native;

/// <summary>
/// Packs GEMM operands into micro-panels the kernel reads with unit stride. Every transpose case is
/// handled here (the kernel sees only packed data); rows/columns past the edge are packed as zeros,
/// so the kernel always computes full tiles.
/// </summary>
internal static unsafe class GemmPacking
{
    /// <summary>Panel of mr rows: dst[p*mr + r] = A(i0 + r, p0 + p) for p in [0, kc), zero for rows past m.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PackA<T>(T* a, long aRow, long aCol, int m, int i0, int p0, int kc, int mr, T* dst) where T : unmanaged
    {
        int rows = Math.Min(mr, m - i0);
        T* src = a + i0 * aRow + p0 * aCol;
        int w = Vector256<T>.Count;
        if (aRow == 1 && rows == mr && mr >= w && mr <= 2 * w && Vector256.IsHardwareAccelerated && Vector256<T>.IsSupported)
        {
            // transposed A (a weight gradient's patches): each p is mr contiguous elements, copied as two vectors that
            // overlap in the middle (14 floats: 0..8 and 6..14), never reading past the panel's own elements
            for (int p = 0; p < kc; p++, dst += mr)
            {
                T* s = src + p * aCol;
                Vector256.Load(s).Store(dst);
                Vector256.Load(s + mr - w).Store(dst + mr - w);
            }
            return;
        }
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
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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
        if (typeof(T) == typeof(float) && bRow == 1 && cols == nr && nr % 8 == 0 && Transpose8x8.IsSupported)
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
    /// transposed in registers (<see cref="Transpose8x8"/>), so both the reads and the packed writes are whole vectors.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PackTransposedFloat(float* src, long ldb, int kc, int nr, float* dst)
    {
        int p = 0;
        for (; p + 8 <= kc; p += 8)
            for (int j = 0; j < nr; j += 8)
                Transpose8x8.Run(src + j * ldb + p, ldb, dst + (long)p * nr + j, nr);
        for (; p < kc; p++)
            for (int j = 0; j < nr; j++) dst[(long)p * nr + j] = src[j * ldb + p];
    }
}
