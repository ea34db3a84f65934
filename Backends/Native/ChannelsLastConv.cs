using System.Runtime.CompilerServices;
using System.Numerics;

namespace KerasSharp.Backends.Native;

/// <summary>
/// Convolution of channels-last data as one GEMM per group with no layout changes: Y[pixels, O] = A[pixels, K] x
/// W[K, O], where W is the Keras kernel [kh, kw, C/groups, O] read in place (its rows are K = (ki, kj, c) in order)
/// and row p of A is output pixel p's receptive field, copied from the input a block of rows and a K slice at a
/// time (<see cref="ChannelsLastRows"/>; a 1x1 stride-1 convolution reads the input itself). The output is NHWC
/// as computed, and the per-channel scale and shift, the residual and the ReLU run on each block while it is in cache.
/// Work is split over row blocks and column panels; every output element is summed over K in the same slices and
/// order whatever the split, so results do not depend on the thread count.
/// </summary>
internal static unsafe class ChannelsLastConv
{
    // A row block's K slice (112 x 512 floats, 224 KiB) and the kernel's slice of one column panel (512 x 32 floats,
    // 64 KiB) stay in a 1 MiB L2 while the panel's tiles run; KC as in Gemm.
    private const int KC = 512;
    private const int TilesPerBlock = 8;
    /// <summary>Fewer flops than this per work item and the call stays on one thread.</summary>
    private const long ItemFlops = 1L << 21;

    public static T[] Forward<T>(T[] x, Shape xs, T[] w, Shape ws, T[]? scale, T[]? shift, T[]? residual, bool relu, Conv2dGeometry g, Shape ys)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var y = NativeTensors.Alloc<T>(ys);
        if (y.Length == 0) return y;
        var p = new Plan(xs, ws, ys, g, GemmKernel.NR<T>());
        if (p.K == 0) y.AsSpan().Clear();
        int threads = Config.NumThreads;
        // split the columns too when there are few row blocks (small images): each part repacks its rows, but both threads work
        int nParts = 1;
        if (p.MBlocks * p.Groups < 2 * threads) nParts = Math.Min(p.NPanels, (2 * threads + p.MBlocks * p.Groups - 1) / (p.MBlocks * p.Groups));
        int items = p.MBlocks * p.Groups * nParts;
        long flops = 2L * p.M * p.K * p.O;
        int grain = (int)Math.Max(1, ItemFlops * items / Math.Max(1, flops));
        fixed (T* px = x, pw = w, py = y, ps = scale, pb = shift, pr = residual)
        {
            var job = new Job<T>(p, px, pw, py, ps, pb, pr, relu, nParts);
            NativeParallel.For(items, grain, (s, e) =>
            {
                for (int item = s; item < e; item++) job.Run(item);
            });
        }
        return y;
    }

    /// <summary>Sizes of one call: rows are output pixels, K = kh*kw*C/groups, columns are output channels.</summary>
    internal readonly struct Plan
    {
        public readonly int N, H, W, C, OH, OW, O, Groups, Cg, Og, K, M, Kc, Slices, BlockRows, MBlocks, NPanels;
        public readonly Conv2dGeometry G;
        /// <summary>1x1, stride 1, no padding, one group: row p of A is row p of the input.</summary>
        public readonly bool Direct;

        /// <summary>The plan for input <paramref name="xs"/>, kernel <paramref name="ws"/>, output <paramref name="ys"/> and <paramref name="nr"/>-column micro-panels.</summary>
        /// <param name="xs">Input shape.</param>
        /// <param name="ws">Kernel shape.</param>
        /// <param name="ys">Output shape.</param>
        /// <param name="g">The geometry.</param>
        /// <param name="nr">The micro-kernel's column count for the element type.</param>
        public Plan(Shape xs, Shape ws, Shape ys, Conv2dGeometry g, int nr)
        {
            (N, H, W, C) = (xs[0], xs[1], xs[2], xs[3]);
            (OH, OW, O) = (ys[1], ys[2], ys[3]);
            G = g;
            Groups = g.Groups;
            Cg = ws[2];
            Og = O / Groups;
            K = ws[0] * ws[1] * Cg;
            M = N * OH * OW;
            Slices = Math.Max(1, (K + KC - 1) / KC);
            Kc = (K + Slices - 1) / Slices;
            BlockRows = GemmKernel.MR * TilesPerBlock;
            MBlocks = (M + BlockRows - 1) / BlockRows;
            NPanels = (Og + nr - 1) / nr;
            Direct = Groups == 1 && Im2Col.IsIdentity(g);
        }
    }

    /// <summary>One call's operands; <see cref="Run"/> computes one work item (a row block of one group and a range of its column panels).</summary>
    private readonly struct Job<T>(Plan p, T* x, T* w, T* y, T* scale, T* shift, T* residual, bool relu, int nParts)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Run(int item)
        {
            int nr = GemmKernel.NR<T>(), mr = GemmKernel.MR, nPanels = p.NPanels;
            int part = item % nParts, rest = item / nParts;
            int gi = rest % p.Groups, mb = rest / p.Groups;
            var (jp0, jp1) = NativeParallel.Range(nPanels, nParts, part);
            if (jp0 == jp1) return;
            int r0 = mb * p.BlockRows, r1 = Math.Min(p.M, r0 + p.BlockRows);
            T* a = p.Direct ? null : GemmBuffers<T>.A(p.BlockRows * p.Kc);
            T* edge = p.Og % nr == 0 ? null : GemmBuffers<T>.B(p.Kc * nr);
            for (int s = 0; s < p.Slices; s++)
            {
                int k0 = s * p.Kc, kc = Math.Min(p.Kc, p.K - k0);
                if (kc <= 0) break;
                if (!p.Direct) ChannelsLastRows.Pack(x, p, gi, r0, r1, k0, kc, a);
                for (int jp = jp0; jp < jp1; jp++)
                {
                    int col = gi * p.Og + jp * nr, cols = Math.Min(nr, p.Og - jp * nr);
                    // the kernel's rows are K, read in place (O apart); a partial last panel is packed with zeros past its columns
                    T* b = w + (long)k0 * p.O + col;
                    nint ldb = p.O;
                    if (cols < nr)
                    {
                        GemmPacking.PackB(w + col, p.O, 1, cols, 0, k0, kc, nr, edge);
                        b = edge;
                        ldb = nr;
                    }
                    for (int row = r0; row < r1; row += mr)
                    {
                        int rows = Math.Min(mr, r1 - row);
                        T* ar = p.Direct ? x + (long)row * p.C + k0 : a + (long)(row - r0) * kc;
                        nint rs = p.Direct ? p.C : kc;
                        GemmKernel.TileRows(kc, ar, rs, 1, b, ldb, y + (long)row * p.O + col, p.O, rows, cols, s > 0, null);
                    }
                }
            }
            if (scale == null && shift == null && residual == null && !relu) return;
            int c0 = gi * p.Og + jp0 * nr, c1 = gi * p.Og + Math.Min(p.Og, jp1 * nr);
            ChannelEpilogue.Apply(y, p.O, r0, r1, c0, c1, scale, shift, residual, relu);
        }
    }
}
