using System.Numerics;
using System.Runtime.CompilerServices;

namespace KerasSharp.Backends.Native;

/// <summary>
/// Forward convolution as one GEMM over the whole batch (Y_g[o, j] = W_g[o, p] x col[p, j]) whose B panels are
/// packed straight from a zero-padded input (<see cref="ImplicitColumns"/>): the column matrix, 9x the input for a
/// 3x3 kernel, is never written or read back, and each packed panel is used while it is still in cache. The
/// weights are packed once per call. Work is split over column panels in fixed ranges and every output element
/// is summed in the same K slices either way, so results do not depend on the thread count.
/// </summary>
internal static unsafe class ImplicitConv
{
    // Measured (1 thread, 1 MiB-L2 EPYC): K slices of the group's packed weights up to 512 KiB (3x3 256->256: 5 slices)
    // beat 256 KiB ones by 3-5% and L1-sized ones (B panel in L1) by more; the output block a slice revisits
    // (Og x block columns) is kept near 256 KiB so it is still in L2 for the next slice.
    private const int ABytes = 512 * 1024;
    private const int CBytes = 256 * 1024;
    /// <summary>Fewer flops than this per thread's share and the call stays on one thread.</summary>
    private const long ParallelFlops = 1L << 21;

    /// <summary>True when this path handles <paramref name="g"/>: unit horizontal stride, and not a plain 1x1 (a GEMM on the input itself).</summary>
    public static bool Supports(in Conv2dGeometry g) => g.StrideW == 1 && !Im2Col.IsIdentity(g);

    public static T[] Forward<T>(T[] x, Shape xs, T[] w, Conv2dGeometry g, Shape ys) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = xs[0], c = xs[1], h = xs[2], wd = xs[3], o = ys[1], oh = ys[2], ow = ys[3];
        int groups = g.Groups, cg = c / groups, og = o / groups, k = cg * g.KernelH * g.KernelW, ohw = oh * ow;
        var y = NativeTensors.Alloc<T>(ys);
        if (y.Length == 0) return y;
        if (k == 0)
        {
            y.AsSpan().Clear();
            return y;
        }
        int mr = GemmKernel.MR, nr = GemmKernel.NR<T>(), lanes = ImplicitColumns.Lanes<T>();
        int mPanels = (og + mr - 1) / mr, cols = n * ohw, nPanels = (cols + nr - 1) / nr;
        // equal K slices, each at most what fits the A budget
        int kcMax = Math.Max(mr, ABytes / (mPanels * mr * sizeof(T)));
        int slices = (k + kcMax - 1) / kcMax, kc0 = (k + slices - 1) / slices;
        int blockPanels = Math.Max(1, CBytes / (og * nr * sizeof(T)));

        var padded = PaddedInput<T>.Create(x, n * c, h, wd, g);
        var dims = (padded.Hp, padded.Wp);
        var columns = new ImplicitColumns(oh, ow, dims, c, g.StrideH);
        var packedA = BufferPool<T>.Rent(groups * mPanels * mr * k);
        var taps = BufferPool<int>.Rent(groups * k);
        for (int gi = 0; gi < groups; gi++)
        {
            ImplicitColumns.Taps(taps.AsSpan(gi * k, k), gi, cg, g.KernelH, g.KernelW, g, dims);
            fixed (T* pw = w, pa = packedA)
                for (int ip = 0; ip < mPanels; ip++)
                    GemmPacking.PackA(pw + gi * og * k, k, 1, og, ip * mr, 0, k, mr, pa + (long)(gi * mPanels + ip) * mr * k);
        }

        long panelFlops = 2L * og * k * nr;
        int grain = (int)Math.Max(1, ParallelFlops / panelFlops);
        NativeParallel.For(groups * nPanels, grain, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (s, e) =>
        {
            fixed (T* px = padded.Data, pa = packedA, py = y)
            {
                var job = new Job<T>(columns, px, pa, py, taps, k, og, o, ohw, cols, mPanels, kc0, lanes);
                // sub-blocks of panels within one group, so each K slice revisits a cached block of the output
                for (int b = s; b < e;)
                {
                    int gi = b / nPanels, first = b - gi * nPanels;
                    int count = Math.Min(Math.Min(blockPanels, e - b), nPanels - first);
                    job.Block(gi, first, count);
                    b += count;
                }
            }
        });
        BufferPool<int>.Return(taps);
        BufferPool<T>.Return(packedA);
        padded.Release();
        return y;
    }

    /// <summary>One thread's view of the call: its packing buffer and the shared operands.</summary>
    private readonly struct Job<T>(ImplicitColumns columns, T* x, T* packedA, T* y, int[] taps, int k, int og, int o, int ohw, int cols,
        int mPanels, int kc0, int lanes) where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly T* _panel = GemmBuffers<T>.B(kc0 * GemmKernel.NR<T>() + lanes);

        /// <summary>
        /// Panels [first, first + count) of group <paramref name="gi"/>, all K slices. A panel whose columns span
        /// images sums into a scratch tile stack (one tile per row panel) and is scattered after the last slice.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Block(int gi, int first, int count)
        {
            int mr = GemmKernel.MR, nr = GemmKernel.NR<T>(), tiles = mPanels * mr * nr;
            Span<int> src = stackalloc int[nr], dst = stackalloc int[nr];
            T* scratch = GemmBuffers<T>.A(count * tiles);
            var groupTaps = new ReadOnlySpan<int>(taps, gi * k, k);
            for (int p0 = 0; p0 < k; p0 += kc0)
            {
                int kc = Math.Min(kc0, k - p0);
                bool add = p0 > 0, last = p0 + kc == k;
                for (int jp = first; jp < first + count; jp++)
                {
                    int j0 = jp * nr, width = Math.Min(nr, cols - j0);
                    int runs = columns.Runs(j0, width, lanes, src, dst);
                    ImplicitColumns.Pack(x, groupTaps, p0, kc, src, dst, runs, nr, _panel);
                    int img = j0 / ohw;
                    bool oneImage = (j0 + width - 1) / ohw == img;
                    T* c = oneImage ? y + (long)gi * og * ohw + img * (o - 1) * ohw + j0 : scratch + (long)(jp - first) * tiles;
                    int ldc = oneImage ? ohw : nr;
                    for (int ip = 0; ip < mPanels; ip++)
                    {
                        int row = ip * mr;
                        T* a = packedA + (long)(gi * mPanels + ip) * mr * k + (long)p0 * mr;
                        GemmKernel.Tile(kc, a, _panel, c + (long)row * ldc, ldc, Math.Min(mr, og - row), width, add, null);
                    }
                    if (!oneImage && last) Scatter(c, gi, j0, width);
                }
            }
        }

        // Rows [0, og) of a scratch tile stack (row r at r*nr) to their images' output planes.
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void Scatter(T* tiles, int gi, int j0, int width)
        {
            int nr = GemmKernel.NR<T>();
            for (int j = 0; j < width;)
            {
                int img = (j0 + j) / ohw, pos = j0 + j - img * ohw, len = Math.Min(width - j, ohw - pos);
                T* to = y + ((long)img * o + gi * og) * ohw + pos;
                for (int r = 0; r < og; r++)
                    new ReadOnlySpan<T>(tiles + (long)r * nr + j, len).CopyTo(new Span<T>(to + (long)r * ohw, len));
                j += len;
            }
        }
    }
}
