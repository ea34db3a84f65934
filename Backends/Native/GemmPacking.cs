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
        for (int j = 0; j < cols; j++)
        {
            T* s = src + j * bCol;
            for (int p = 0; p < kc; p++) dst[p * nr + j] = s[p * bRow];
        }
        for (int j = cols; j < nr; j++)
            for (int p = 0; p < kc; p++) dst[p * nr + j] = default;
    }
}
