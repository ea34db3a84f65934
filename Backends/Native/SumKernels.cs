using System.Numerics;
using System.Runtime.CompilerServices;

namespace KerasSharp.Backends.Native;

/// <summary>
/// Sums over n of an [outer, n, inner] view by <see cref="PairwiseSum"/>'s tree, spread over threads three ways:
/// by outer index, by column range, and (when both are too few) by aligned subtrees of rows whose partial sums
/// are joined by the same tree. Every split cuts along the tree, so results are identical for every thread count.
/// </summary>
internal static class SumKernels
{
    private const int Grain = 1 << 14;          // least elements per parallel work item
    private const int MinPartColumns = 256;     // least columns per column range

    /// <summary>The sums over n of x viewed as [outer, n, inner], into a new [outer, inner] buffer; n must be positive.</summary>
    public static T[] Sum<T>(T[] x, int outer, int n, int inner) where T : unmanaged, INumber<T>
    {
        var d = NativeTensors.Alloc<T>(outer * inner);
        if (d.Length == 0) return d;
        if (inner == 1) RowSums(x, outer, n, d);
        else ColumnSums(x, outer, n, inner, d);
        return d;
    }

    private static void RowSums<T>(T[] x, int outer, int n, T[] d) where T : unmanaged, INumber<T>
    {
        int blocks = PairwiseRow.Blocks(n);
        int chunk = ChunkBlocks(blocks, (long)outer * n, outer, PairwiseRow.BlockElements);
        if (chunk >= blocks)
        {
            NativeParallel.For(outer, Math.Max(1, Grain / n), [MethodImpl(MethodImplOptions.AggressiveOptimization)] (s, e) =>
            {
                for (int o = s; o < e; o++) d[o] = PairwiseRow.Sum(new ReadOnlySpan<T>(x, o * n, n));
            });
            return;
        }
        // few long rows: each row's blocks are split into aligned subtrees, each summed into its own lanes
        int chunks = (blocks + chunk - 1) / chunk, lanes = PairwiseRow.Lanes;
        var partials = BufferPool<T>.Rent(outer * chunks * lanes);
        NativeParallel.Run(outer * chunks, item =>
        {
            int o = item / chunks, c = item % chunks;
            PairwiseRow.BlockSums(new ReadOnlySpan<T>(x, o * n, n), c * chunk, Math.Min(blocks, (c + 1) * chunk),
                new Span<T>(partials, item * lanes, lanes));
        });
        for (int o = 0; o < outer; o++)
        {
            var mine = new Span<T>(partials, o * chunks * lanes, chunks * lanes);
            PairwiseSum.Combine(mine, chunks, lanes);
            d[o] = PairwiseRow.Finish<T>(mine[..lanes]);
        }
        BufferPool<T>.Return(partials);
    }

    private static void ColumnSums<T>(T[] x, int outer, int n, int inner, T[] d) where T : unmanaged, INumber<T>
    {
        int threads = Config.NumThreads;
        int parts = outer >= threads ? 1 : Math.Clamp(inner / MinPartColumns, 1, (threads + outer - 1) / outer);
        int blocks = PairwiseSum.Blocks(n);
        int chunk = parts > 1 ? blocks : ChunkBlocks(blocks, (long)outer * n * inner, outer, PairwiseSum.BlockRows * inner);
        if (chunk >= blocks)
        {
            NativeParallel.For(outer * parts, Math.Max(1, (int)(Grain / Math.Max(1L, (long)n * inner / parts))),
                [MethodImpl(MethodImplOptions.AggressiveOptimization)] (s, e) =>
            {
                for (int w = s; w < e; w++)
                {
                    int o = w / parts, p = w % parts;
                    int j0 = (int)((long)inner * p / parts), j1 = (int)((long)inner * (p + 1) / parts);
                    PairwiseSum.Columns(new ReadOnlySpan<T>(x, o * n * inner + j0, (n - 1) * inner + j1 - j0), n, inner, j1 - j0,
                        new Span<T>(d, o * inner + j0, j1 - j0));
                }
            });
            return;
        }
        // few narrow slabs: rows split into aligned subtrees, each summed into its own partial row, then joined
        int chunks = (blocks + chunk - 1) / chunk;
        var partials = BufferPool<T>.Rent(outer * chunks * inner);
        NativeParallel.Run(outer * chunks, item =>
        {
            int o = item / chunks, c = item % chunks;
            PairwiseSum.ColumnBlocks(new ReadOnlySpan<T>(x, o * n * inner, n * inner), n, inner, inner, c * chunk,
                Math.Min(blocks, (c + 1) * chunk), new Span<T>(partials, item * inner, inner));
        });
        for (int o = 0; o < outer; o++)
        {
            var mine = new Span<T>(partials, o * chunks * inner, chunks * inner);
            PairwiseSum.Combine(mine, chunks, inner);
            mine[..inner].CopyTo(new Span<T>(d, o * inner, inner));
        }
        BufferPool<T>.Return(partials);
    }

    /// <summary>
    /// Blocks per row chunk: a power of two (so chunks are subtrees of the tree), the least that leaves at most
    /// enough chunks to give every thread work; all blocks (no split) when the outer items already do, or when a
    /// chunk would hold less than <see cref="Grain"/> elements.
    /// </summary>
    private static int ChunkBlocks(int blocks, long elements, int outer, int elementsPerBlock)
    {
        int threads = Config.NumThreads;
        if (threads <= 1 || outer >= threads || elements < 2L * Grain || blocks < 2) return blocks;
        int wanted = (threads + outer - 1) / outer, chunk = 1;
        while ((blocks + chunk - 1) / chunk > wanted || (long)chunk * elementsPerBlock < Grain) chunk *= 2;
        return chunk;
    }
}
