using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace KerasSharp.Backends.Native;

/// <summary>
/// Column sums whose rounding error grows with the logarithm of the row count, not the count (DESIGN.md
/// section 5). The rows of a strided [rows, width] matrix are summed per column by one tree: blocks of
/// <see cref="BlockRows"/> rows are added pairwise, ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7)) with missing
/// rows as zeros, and a node over several blocks splits them at the largest power of two below their count.
/// The tree depends on the row count only, so a column's sum is the same whichever thread computes it, whatever
/// columns sit beside it, and whether SIMD or scalar code adds it.
/// </summary>
[SkipLocalsInit]
internal static class PairwiseSum
{
    /// <summary>Rows per leaf of the tree, added pairwise in registers.</summary>
    public const int BlockRows = 8;

    // Columns per pass over the rows: long enough runs for the prefetchers (a 2 KB tile of 4 KB rows read 10-20%
    // slower), and bounds the tree's scratch, one row of this width per level.
    private const int TileBytes = 4096;

    // Deeper trees than this much scratch take it from the buffer pool rather than the stack.
    private const int MaxStackScratchBytes = 32 * 1024;

    // Four blocks (32 rows) at most this far apart are added in registers; further apart, 32 rows alias in the
    // L1 cache's sets and thrash it.
    private const int MaxFourBlockStrideBytes = 512;

    /// <summary>Leaf blocks of <paramref name="rows"/> rows.</summary>
    public static int Blocks(int rows) => (rows + BlockRows - 1) / BlockRows;

    /// <summary>Where a node over <paramref name="count"/> &gt;= 2 blocks splits: the largest power of two below it.</summary>
    public static int Split(int count) => 1 << (31 - BitOperations.LeadingZeroCount((uint)(count - 1)));

    // Levels of the tree over this many blocks: each needs one scratch row.
    private static int Depth(int blocks) => blocks <= 1 ? 0 : 32 - BitOperations.LeadingZeroCount((uint)(blocks - 1));

    /// <summary>Column sums of the matrix whose row r starts at x[r * stride], over columns [0, width), into dst.</summary>
    public static void Columns<T>(ReadOnlySpan<T> x, int rows, int stride, int width, Span<T> dst) where T : unmanaged, INumber<T> =>
        ColumnBlocks(x, rows, stride, width, 0, Blocks(rows), dst);

    /// <summary>
    /// The node of <see cref="Columns"/>'s tree over leaf blocks [b0, b1), into dst. [b0, b1) must be a node: the
    /// whole range, or 2^m blocks from a multiple of 2^m, or such a start up to the last block.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ColumnBlocks<T>(ReadOnlySpan<T> x, int rows, int stride, int width, int b0, int b1, Span<T> dst)
        where T : unmanaged, INumber<T>
    {
        int tile = Math.Max(1, TileBytes / Unsafe.SizeOf<T>());
        int scratchLength = Math.Min(tile, width) * Depth(b1 - b0);
        var rented = scratchLength * Unsafe.SizeOf<T>() > MaxStackScratchBytes ? BufferPool<T>.Rent(scratchLength) : null;
        Span<T> scratch = rented is null ? stackalloc T[scratchLength] : rented;
        ref T x0 = ref MemoryMarshal.GetReference(x);
        ref T d0 = ref MemoryMarshal.GetReference(dst);
        for (int j = 0; j < width; j += tile)
        {
            int w = Math.Min(tile, width - j);
            Node(ref Unsafe.Add(ref x0, j), stride, rows, b0, b1, w, ref Unsafe.Add(ref d0, j), ref MemoryMarshal.GetReference(scratch));
        }
        if (rented is not null) BufferPool<T>.Return(rented);
    }

    /// <summary>
    /// Adds <paramref name="count"/> partial rows of <paramref name="width"/> (row c at c * width), the nodes of
    /// consecutive equal chunks of one tree, as that tree joins them; the sum lands in the first row.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Combine<T>(Span<T> partials, int count, int width) where T : unmanaged, INumber<T>
    {
        if (count <= 1) return;
        int half = Split(count);
        Combine(partials, half, width);
        Combine(partials[(half * width)..], count - half, width);
        ref T p = ref MemoryMarshal.GetReference(partials);
        AddInto(ref p, ref Unsafe.Add(ref p, half * width), width);
    }

    // The tree over leaf blocks [b0, b1): the left half into dst, the right half into this level's scratch row.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Node<T>(ref T x, nint stride, int rows, int b0, int b1, int width, ref T dst, ref T scratch)
        where T : unmanaged, INumber<T>
    {
        int r0 = b0 * BlockRows;
        if (b1 - b0 == 1)
        {
            Leaf(ref Unsafe.Add(ref x, r0 * stride), stride, Math.Min(BlockRows, rows - r0), width, ref dst);
            return;
        }
        if (b1 - b0 == 4 && r0 + 4 * BlockRows <= rows && stride * Unsafe.SizeOf<T>() <= MaxFourBlockStrideBytes)
        {
            FourBlocks(ref Unsafe.Add(ref x, r0 * stride), stride, width, ref dst);
            return;
        }
        int half = Split(b1 - b0);
        ref T next = ref Unsafe.Add(ref scratch, width);
        Node(ref x, stride, rows, b0, b0 + half, width, ref dst, ref next);
        Node(ref x, stride, rows, b0 + half, b1, width, ref scratch, ref next);
        AddInto(ref dst, ref scratch, width);
    }

    // One block of k <= 8 rows.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Leaf<T>(ref T x, nint s, int k, int width, ref T dst) where T : unmanaged, INumber<T>
    {
        int j = 0;
        if (Vector.IsHardwareAccelerated && k == BlockRows)
        {
            for (; j <= width - Vector<T>.Count; j += Vector<T>.Count)
                Block(ref Unsafe.Add(ref x, j), s).StoreUnsafe(ref dst, (nuint)j);
        }
        else if (Vector.IsHardwareAccelerated)
        {
            for (; j <= width - Vector<T>.Count; j += Vector<T>.Count)
                PartialBlock(ref Unsafe.Add(ref x, j), s, k).StoreUnsafe(ref dst, (nuint)j);
        }
        for (; j < width; j++) Unsafe.Add(ref dst, j) = ScalarBlock(ref Unsafe.Add(ref x, j), s, k);
    }

    // A node of four full blocks (32 rows) in registers: the sums of its two levels of Node without storing and
    // reloading the partial rows between them.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void FourBlocks<T>(ref T x, nint s, int width, ref T dst) where T : unmanaged, INumber<T>
    {
        int j = 0;
        if (Vector.IsHardwareAccelerated)
        {
            for (; j <= width - Vector<T>.Count; j += Vector<T>.Count)
                FourBlocksVector(ref Unsafe.Add(ref x, j), s).StoreUnsafe(ref dst, (nuint)j);
        }
        nint s8 = BlockRows * s;
        for (; j < width; j++)
        {
            ref T p = ref Unsafe.Add(ref x, j);
            Unsafe.Add(ref dst, j) = (ScalarBlock(ref p, s, BlockRows) + ScalarBlock(ref Unsafe.Add(ref p, s8), s, BlockRows))
                + (ScalarBlock(ref Unsafe.Add(ref p, 2 * s8), s, BlockRows) + ScalarBlock(ref Unsafe.Add(ref p, 3 * s8), s, BlockRows));
        }
    }

    /// <summary>Four full blocks from p, rows <paramref name="s"/> apart, as one vector of columns.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<T> FourBlocksVector<T>(ref T p, nint s) where T : unmanaged, INumber<T>
    {
        nint s8 = BlockRows * s;
        return (Block(ref p, s) + Block(ref Unsafe.Add(ref p, s8), s)) + (Block(ref Unsafe.Add(ref p, 2 * s8), s) + Block(ref Unsafe.Add(ref p, 3 * s8), s));
    }

    /// <summary>A full block from p, rows <paramref name="s"/> apart, as one vector of columns.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<T> Block<T>(ref T p, nint s) where T : unmanaged, INumber<T>
    {
        nuint s1 = (nuint)s;
        var a = Vector.LoadUnsafe(ref p) + Vector.LoadUnsafe(ref p, s1);
        var b = Vector.LoadUnsafe(ref p, 2 * s1) + Vector.LoadUnsafe(ref p, 3 * s1);
        var c = Vector.LoadUnsafe(ref p, 4 * s1) + Vector.LoadUnsafe(ref p, 5 * s1);
        var d = Vector.LoadUnsafe(ref p, 6 * s1) + Vector.LoadUnsafe(ref p, 7 * s1);
        return (a + b) + (c + d);
    }

    /// <summary>A block of k &lt;= 8 rows from p as one vector of columns, the missing rows as zeros.</summary>
    public static Vector<T> PartialBlock<T>(ref T p, nint s, int k) where T : unmanaged, INumber<T> =>
        ((Row(ref p, s, 0, k) + Row(ref p, s, 1, k)) + (Row(ref p, s, 2, k) + Row(ref p, s, 3, k)))
        + ((Row(ref p, s, 4, k) + Row(ref p, s, 5, k)) + (Row(ref p, s, 6, k) + Row(ref p, s, 7, k)));

    /// <summary>A block of k &lt;= 8 rows of one column from p, the missing rows as zeros (as the vector forms).</summary>
    public static T ScalarBlock<T>(ref T p, nint s, int k) where T : unmanaged, INumber<T> =>
        ((At(ref p, s, 0, k) + At(ref p, s, 1, k)) + (At(ref p, s, 2, k) + At(ref p, s, 3, k)))
        + ((At(ref p, s, 4, k) + At(ref p, s, 5, k)) + (At(ref p, s, 6, k) + At(ref p, s, 7, k)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<T> Row<T>(ref T p, nint s, int i, int k) where T : unmanaged, INumber<T> =>
        i < k ? Vector.LoadUnsafe(ref p, (nuint)(i * s)) : Vector<T>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T At<T>(ref T p, nint s, int i, int k) where T : unmanaged, INumber<T> => i < k ? Unsafe.Add(ref p, i * s) : T.Zero;

    /// <summary>dst[j] += src[j] for j &lt; width: the same rounded sum per element, vector or scalar.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AddInto<T>(ref T dst, ref T src, int width) where T : unmanaged, INumber<T>
    {
        int j = 0;
        if (Vector.IsHardwareAccelerated)
            for (; j <= width - Vector<T>.Count; j += Vector<T>.Count)
                (Vector.LoadUnsafe(ref dst, (nuint)j) + Vector.LoadUnsafe(ref src, (nuint)j)).StoreUnsafe(ref dst, (nuint)j);
        for (; j < width; j++) Unsafe.Add(ref dst, j) += Unsafe.Add(ref src, j);
    }
}
