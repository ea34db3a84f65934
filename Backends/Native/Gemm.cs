using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace KerasSharp.Backends.Native;

/// <summary>
/// Cache-blocked GEMM (Goto/BLIS loop order): for each K block, A is packed into MR-row panels and
/// B into NR-column panels, and a register-blocked MR x NR micro-kernel (<see cref="GemmKernel"/>)
/// runs over the tiles. Operands are given by element strides, so transposes cost nothing extra.
/// Each C tile is computed by one thread with a fixed K order: results do not depend on the thread count.
/// </summary>
internal static class Gemm
{
    public const int MR = GemmKernel.MR;
    private const int KC = 256;
    private const int NC = 3072;
    private const int MC = 16 * MR; // rows of A per work item (keeps the packed block in L2)

    /// <summary>
    /// C[i, j] = (C[i, j] if <paramref name="accumulate"/>) + sum_p A(i, p) B(p, j), where
    /// A(i, p) = a[aOff + i*aRow + p*aCol], B(p, j) = b[bOff + p*bRow + j*bCol] and C is row-major with leading dimension ldc.
    /// </summary>
    public static void Run<T>(int m, int n, int k,
        T[] a, int aOff, int aRow, int aCol,
        T[] b, int bOff, int bRow, int bCol,
        T[] c, int cOff, int ldc, bool accumulate)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (m == 0 || n == 0) return;
        if (k == 0)
        {
            if (!accumulate) for (int i = 0; i < m; i++) c.AsSpan(cOff + i * ldc, n).Clear();
            return;
        }
        int nr = GemmKernel.NR<T>();
        int mPanels = (m + MR - 1) / MR;
        var packA = ArrayPool<T>.Shared.Rent(mPanels * MR * Math.Min(k, KC));
        var packB = ArrayPool<T>.Shared.Rent(((Math.Min(n, NC) + nr - 1) / nr) * nr * Math.Min(k, KC));
        bool parallel = (long)m * n * k >= 1L << 18;
        try
        {
            for (int p0 = 0; p0 < k; p0 += KC)
            {
                int kc = Math.Min(KC, k - p0);
                bool add = accumulate || p0 > 0;
                NativeParallel.For(mPanels, parallel ? 8 : mPanels, (s, e) =>
                {
                    for (int ip = s; ip < e; ip++) PackA(a, aOff, aRow, aCol, m, ip * MR, p0, kc, packA, ip * MR * kc);
                });
                for (int j0 = 0; j0 < n; j0 += NC)
                {
                    int nc = Math.Min(NC, n - j0), nPanels = (nc + nr - 1) / nr;
                    NativeParallel.For(nPanels, parallel ? 4 : nPanels, (s, e) =>
                    {
                        for (int jp = s; jp < e; jp++) PackB(b, bOff, bRow, bCol, j0 + nc, j0 + jp * nr, p0, kc, nr, packB, jp * nr * kc);
                    });
                    Tiles(m, nc, kc, nr, packA, packB, c, cOff + j0, ldc, add, parallel);
                }
            }
        }
        finally
        {
            ArrayPool<T>.Shared.Return(packA);
            ArrayPool<T>.Shared.Return(packB);
        }
    }

    // Work items are (row block of MC, column block of panels); each owns its C tiles.
    private static void Tiles<T>(int m, int nc, int kc, int nr, T[] packA, T[] packB, T[] c, int cOff, int ldc, bool add, bool parallel)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int mPanels = (m + MR - 1) / MR, nPanels = (nc + nr - 1) / nr;
        int mBlocks = (mPanels * MR + MC - 1) / MC;
        int threads = parallel ? Config.NumThreads : 1;
        // split columns too when there are fewer row blocks than threads
        int nBlocks = mBlocks >= 2 * threads ? 1 : Math.Min(nPanels, (2 * threads + mBlocks - 1) / mBlocks);
        int items = mBlocks * nBlocks;
        NativeParallel.For(items, parallel ? 1 : items, (s, e) =>
        {
            for (int w = s; w < e; w++)
            {
                int mb = w / nBlocks, nb = w % nBlocks;
                int ip0 = mb * (MC / MR), ip1 = Math.Min(mPanels, ip0 + MC / MR);
                int jp0 = (int)((long)nPanels * nb / nBlocks), jp1 = (int)((long)nPanels * (nb + 1) / nBlocks);
                for (int jp = jp0; jp < jp1; jp++)
                {
                    int cols = Math.Min(nr, nc - jp * nr);
                    for (int ip = ip0; ip < ip1; ip++)
                    {
                        int rows = Math.Min(MR, m - ip * MR);
                        GemmKernel.Tile(kc, packA, ip * MR * kc, packB, jp * nr * kc, c, cOff + ip * MR * ldc + jp * nr, ldc, rows, cols, add);
                    }
                }
            }
        });
    }

    // packA[dst + p*MR + r] = A(i0 + r, p0 + p), zero past row m.
    private static void PackA<T>(T[] a, int aOff, int aRow, int aCol, int m, int i0, int p0, int kc, T[] pack, int dst)
        where T : unmanaged
    {
        int rows = Math.Min(MR, m - i0);
        if (rows < MR) pack.AsSpan(dst, MR * kc).Clear();
        for (int r = 0; r < rows; r++)
        {
            int src = aOff + (i0 + r) * aRow + p0 * aCol;
            for (int p = 0; p < kc; p++) pack[dst + p * MR + r] = a[src + p * aCol];
        }
    }

    // packB[dst + p*nr + j] = B(p0 + p, j0 + j), zero past column nEnd.
    private static void PackB<T>(T[] b, int bOff, int bRow, int bCol, int nEnd, int j0, int p0, int kc, int nr, T[] pack, int dst)
        where T : unmanaged
    {
        int cols = Math.Min(nr, nEnd - j0);
        if (cols < nr) pack.AsSpan(dst, nr * kc).Clear();
        if (bCol == 1)
        {
            for (int p = 0; p < kc; p++)
                Array.Copy(b, bOff + (p0 + p) * bRow + j0, pack, dst + p * nr, cols);
            return;
        }
        for (int j = 0; j < cols; j++)
        {
            int src = bOff + p0 * bRow + (j0 + j) * bCol;
            for (int p = 0; p < kc; p++) pack[dst + p * nr + j] = b[src + p * bRow];
        }
    }
}
