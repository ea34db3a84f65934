using System.Numerics;
using System.Runtime.CompilerServices;

namespace KerasSharp.Backends.Native;

/// <summary>
/// Cache-blocked GEMM in the BLIS manner. For each NC-column block and KC-deep slice, B is packed into
/// NR-column micro-panels (shared, L3), then work items each pack an MC-row block of A into their
/// thread's buffer (L2) and run the MR x NR micro-kernel over it, one B micro-panel at a time.
/// Operands are given by element strides, so transposes cost only a different packing loop.
/// Small products (few rows, or A within L2) take a direct path: no A packing, the row-generic kernel reads A
/// through its strides, and B is read in place too when its rows are contiguous and span little memory.
/// Work is split over M (or N) blocks, never over K: each C element is summed by one item in a fixed
/// order, so results are identical for every thread count.
/// </summary>
internal static unsafe class Gemm
{
    // Measured on AMD EPYC with AVX-512 (32 KiB L1d, 1 MiB L2 per core, 32 MiB L3): a deep KC halves the
    // C tile loads/stores per flop and beat L1-sized panels (KC 128..256) by 10-20%; the MC x KC A block
    // (256 KiB) and the KC x NR B micro-panel stream from L2 fast enough for the kernel; a KC x NC B
    // block (8 MiB) stays in L3. Small MC also gives many row blocks to share between threads.
    private const int KC = 512;
    private const int MCTarget = 128;
    private const int NC = 4096;

    // Direct path (measured on the 64x784x128 MLP layer and its backward products, 1 MiB L2): with few rows, or
    // all of A within L2, packing A cost more than it saved (20 us of 170); a row-contiguous B spanning at most
    // half of L2 is read in place too. Beyond that (wide im2col B, 50 KB rows) strided B rows thrash L1/TLB.
    /// <summary>At most this many rows (or A at most DirectABytes): A is not packed (see <see cref="GemmJob{T}"/>).</summary>
    private const int DirectRows = 128;
    private const long DirectABytes = 256 * 1024;
    private const long DirectBBytes = 512 * 1024;

    /// <summary>Deepest K slice of the direct path.</summary>
    private const int DirectKC = 1024;

    /// <summary>Products smaller than this (m*n*k) run on the calling thread only.</summary>
    private const long ParallelWork = 1L << 20;

    /// <summary>
    /// C[i, j] = (C[i, j] if <paramref name="accumulate"/>) + sum_p A(i, p) B(p, j) (+ bias[j] when given), where
    /// A(i, p) = a[aOff + i*aRow + p*aCol], B(p, j) = b[bOff + p*bRow + j*bCol] and C is row-major with leading dimension ldc.
    /// </summary>
    public static void Run<T>(int m, int n, int k,
        T[] a, int aOff, int aRow, int aCol,
        T[] b, int bOff, int bRow, int bCol,
        T[] c, int cOff, int ldc, bool accumulate, T[]? bias = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (m == 0 || n == 0) return;
        if (k == 0)
        {
            for (int i = 0; i < m; i++)
            {
                var row = c.AsSpan(cOff + i * ldc, n);
                if (!accumulate) row.Clear();
                if (bias != null) for (int j = 0; j < n; j++) row[j] += bias[j];
            }
            return;
        }
        fixed (T* pa = a, pb = b, pc = c, pbias = bias)
        {
            int threads = (long)m * n * k >= ParallelWork ? Config.NumThreads : 1;
            // few rows: read A (and row-contiguous B) in place; packing would cost more than it saves
            bool direct = m <= DirectRows || (long)m * k * sizeof(T) <= DirectABytes;
            // B in place only while the k rows read (bRow apart) span no more than L2 can hold
            bool directB = direct && bCol == 1 && (long)k * bRow * sizeof(T) <= DirectBBytes;
            // a few rows against a B that would be packed: a matrix-vector product reads B once, in place
            if (!directB && (long)k * n * sizeof(T) > DirectBBytes && GemmSkinny<T>.Fits(m, aCol, bRow, bCol))
            {
                GemmSkinny<T>.Run(m, n, k, pa + aOff, aRow, aCol, pb + bOff, bRow, bCol, pc + cOff, ldc, accumulate, pbias, threads);
                return;
            }
            var job = GemmJob<T>.ForThisThread();
            job.Set(m, n, pa + aOff, aRow, aCol, pb + bOff, bRow, bCol, pc + cOff, ldc, direct, directB);
            // unpacked operands have no buffer to fit: take K in as few equal slices as DirectKC allows
            int kcMax = direct ? DirectSliceDepth(k) : KC;
            for (int j0 = 0; j0 < n; j0 += NC)
            {
                int nc = Math.Min(NC, n - j0);
                for (int p0 = 0; p0 < k; p0 += kcMax)
                {
                    int kc = Math.Min(kcMax, k - p0);
                    bool last = p0 + kc == k;
                    job.Block(j0, nc, p0, kc, accumulate || p0 > 0, last ? pbias : null, threads);
                }
            }
        }
    }

    /// <summary>
    /// Whether <see cref="Run{T}"/> takes the direct path with B packed for these operands (few rows, a B too wide to read
    /// in place, not a matrix-vector product): then <see cref="RunPacked{T}"/> on a <see cref="GemmPackedB{T}"/> of depth
    /// <see cref="DirectSliceDepth"/> computes the same sums in the same order, without packing B.
    /// </summary>
    internal static bool PacksBOnDirectPath<T>(int m, int n, int k, int aCol, int bRow, int bCol) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (m == 0 || n == 0 || k == 0) return false;
        int size = Unsafe.SizeOf<T>();
        bool direct = m <= DirectRows || (long)m * k * size <= DirectABytes;
        bool directB = direct && bCol == 1 && (long)k * bRow * size <= DirectBBytes;
        bool skinny = !directB && (long)k * n * size > DirectBBytes && GemmSkinny<T>.Fits(m, aCol, bRow, bCol);
        return direct && !directB && !skinny;
    }

    /// <summary>The K slice depth of the direct path: K in as few equal slices as <see cref="DirectKC"/> allows.</summary>
    internal static int DirectSliceDepth(int k) => Ceil(k, Ceil(k, DirectKC));

    /// <summary>
    /// C[i, j] = (C[i, j] if <paramref name="accumulate"/>) + sum_p A(i, p) B(p, j) (+ bias[j]) with B packed beforehand
    /// (<see cref="GemmPackedB{T}"/>) and A read in place (A(i, p) = a[aOff + i*aRow + p*aCol]): for few rows against a
    /// B reused many times.
    /// </summary>
    public static void RunPacked<T>(int m, T[] a, int aOff, int aRow, int aCol, GemmPackedB<T> b, T[] c, int cOff, int ldc, bool accumulate, T[]? bias = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = b.N, k = b.K;
        if (m == 0 || n == 0 || k == 0) { Run(m, n, k, a, aOff, aRow, aCol, c, 0, 0, 1, c, cOff, ldc, accumulate, bias); return; }
        var (data, offset) = b.Storage;
        fixed (T* pa = a, pb = data, pc = c, pbias = bias)
        {
            int threads = (long)m * n * k >= ParallelWork ? Config.NumThreads : 1;
            var job = GemmJob<T>.ForThisThread();
            job.Set(m, n, pa + aOff, aRow, aCol, null, 0, 0, pc + cOff, ldc, direct: true, directB: false);
            for (int j0 = 0; j0 < n; j0 += NC)
            {
                int nc = Math.Min(NC, n - j0);
                for (int p0 = 0; p0 < k; p0 += b.Kc)
                {
                    int kc = Math.Min(b.Kc, k - p0);
                    bool last = p0 + kc == k;
                    job.BlockPacked(j0, nc, p0, kc, accumulate || p0 > 0, last ? pbias : null, threads,
                                    pb + offset + b.Slice(p0) + (long)(j0 / b.Nr) * b.Nr * kc);
                }
            }
        }
    }

    /// <summary>
    /// Work items for one block: (row blocks, column parts). Row blocks hold at most MCTarget rows; with
    /// threads, either the row blocks are made a multiple of the thread count (each item packs its own A),
    /// or, when that balances worse (few rows), the columns are split among threads instead.
    /// </summary>
    internal static (int MBlocks, int NBlocks) Split(int m, int nc, int nr, int threads)
    {
        int mr = GemmKernel.MR;
        int mPanels = (m + mr - 1) / mr, nPanels = (nc + nr - 1) / nr;
        int mBlocks = (mPanels + MCTarget / mr - 1) / (MCTarget / mr);
        if (threads <= 1) return (mBlocks, 1);
        int byRows = Math.Min(mPanels, (mBlocks + threads - 1) / threads * threads);
        int byCols = Math.Min(nPanels, threads);
        double rowsBalance = Balance(byRows, mPanels, threads);
        double colsBalance = Balance(mBlocks * byCols, mPanels * nPanels, threads, Ceil(nPanels, byCols) * Ceil(mPanels, mBlocks));
        // splitting columns repacks the same A block in every part: prefer rows unless clearly better
        return colsBalance > rowsBalance + 0.02 ? (mBlocks, byCols) : (byRows, 1);
    }

    private static int Ceil(int a, int b) => (a + b - 1) / b;

    // Fraction of the threads' time spent working when `items` near-equal items (the largest `maxItem`
    // units) totalling `units` are claimed by `threads` threads.
    private static double Balance(int items, int units, int threads, int maxItem = 0)
    {
        if (maxItem == 0) maxItem = Ceil(units, items);
        double load = Math.Max(Ceil(items, threads) * (double)units / items, maxItem);
        return units / (threads * load);
    }
}
