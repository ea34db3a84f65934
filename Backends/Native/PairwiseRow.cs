using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace KerasSharp.Backends.Native;

/// <summary>
/// Pairwise sums of contiguous runs. A run is read as rows of <see cref="Lanes"/> (the last one zero-padded), each
/// lane summed over the rows by <see cref="PairwiseSum"/>'s tree, then the lanes pairwise. The tree is built
/// bottom-up by a binary counter over blocks of 8 rows (the same tree as the top-down split, without recursion:
/// a block here is only <see cref="BlockElements"/> elements). Lanes are a fixed 8 for every element type and
/// vector width, so a sum is the same on every machine.
/// </summary>
[SkipLocalsInit]
internal static class PairwiseRow
{
    /// <summary>Columns a run is folded into.</summary>
    public const int Lanes = 8;

    /// <summary>Elements per leaf block of the tree.</summary>
    public const int BlockElements = Lanes * PairwiseSum.BlockRows;

    /// <summary>Leaf blocks of a run of <paramref name="n"/>.</summary>
    public static int Blocks(int n) => (n + BlockElements - 1) / BlockElements;

    /// <summary>The sum of a contiguous run.</summary>
    public static T Sum<T>(ReadOnlySpan<T> x) where T : unmanaged, INumber<T>
    {
        Span<T> lanes = stackalloc T[Lanes];
        ref T l = ref MemoryMarshal.GetReference(lanes);
        int n = x.Length;
        BlockSums(ref MemoryMarshal.GetReference(x), n, 0, Blocks(n), ref l);
        return Finish(ref l);
    }

    /// <summary>
    /// The lane sums of the node over leaf blocks [b0, b1) of run x (a node as <see cref="PairwiseSum.ColumnBlocks"/>
    /// defines it), into <paramref name="lanes"/>.
    /// </summary>
    public static void BlockSums<T>(ReadOnlySpan<T> x, int b0, int b1, Span<T> lanes) where T : unmanaged, INumber<T> =>
        BlockSums(ref MemoryMarshal.GetReference(x), x.Length, b0, b1, ref MemoryMarshal.GetReference(lanes));

    /// <summary>A run's sum from its lane sums: ((l0 + l4) + (l2 + l6)) + ((l1 + l5) + (l3 + l7)).</summary>
    public static T Finish<T>(ReadOnlySpan<T> lanes) where T : unmanaged, INumber<T> => Finish(ref MemoryMarshal.GetReference(lanes));

    // Spans are taken apart at the entry points: a span kept whole is spilled and reloaded whole, which stalls.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void BlockSums<T>(ref T x, int n, int b0, int b1, ref T lanes) where T : unmanaged, INumber<T>
    {
        if (b1 <= b0)
        {
            for (int j = 0; j < Lanes; j++) Unsafe.Add(ref lanes, j) = T.Zero;
            return;
        }
        int full = n / BlockElements;
        Span<T> lastLanes = stackalloc T[Lanes];
        ref T last = ref MemoryMarshal.GetReference(lastLanes);
        if (b1 > full) LastBlock(ref Unsafe.Add(ref x, full * BlockElements), n - full * BlockElements, ref last);
        if (Vector.IsHardwareAccelerated && Vector<T>.Count <= Lanes)
        {
            for (int j = 0; j < Lanes; j += Vector<T>.Count)
                Counter<T, VectorNode<T>>(ref Unsafe.Add(ref x, j), ref Unsafe.Add(ref last, j), full, b0, b1).Value.StoreUnsafe(ref lanes, (nuint)j);
        }
        else
        {
            for (int j = 0; j < Lanes; j++)
                Unsafe.Add(ref lanes, j) = Counter<T, ScalarNode<T>>(ref Unsafe.Add(ref x, j), ref Unsafe.Add(ref last, j), full, b0, b1).Value;
        }
    }

    private static T Finish<T>(ref T h) where T : unmanaged, INumber<T> =>
        ((h + Unsafe.Add(ref h, 4)) + (Unsafe.Add(ref h, 2) + Unsafe.Add(ref h, 6)))
        + ((Unsafe.Add(ref h, 1) + Unsafe.Add(ref h, 5)) + (Unsafe.Add(ref h, 3) + Unsafe.Add(ref h, 7)));

    // The lane sums of a last block of count < 64 elements, zero-padded: lane l has the rows whose element
    // r * 8 + l is present.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void LastBlock<T>(ref T x, int count, ref T lanes) where T : unmanaged, INumber<T>
    {
        for (int l = 0; l < Lanes; l++)
            Unsafe.Add(ref lanes, l) = PairwiseSum.ScalarBlock(ref Unsafe.Add(ref x, l), Lanes, Math.Max(0, (count - l + Lanes - 1) / Lanes));
    }

    // The node over blocks [b0, b1) of lane j (or the vector of lanes from j; x and last start there) by a binary
    // counter: full groups of four blocks enter as level-2 nodes, the rest as leaves; equal levels merge
    // (left + right) as they meet, and what is left folds from the right: the top-down tree's split at the largest
    // power of two. Block `full` (if in range) is the partial last one, whose lane sums are in `last`.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static TNode Counter<T, TNode>(ref T x, ref T last, int full, int b0, int b1)
        where T : unmanaged, INumber<T> where TNode : unmanaged, ILaneNode<T, TNode>
    {
        if (b1 - b0 <= 2)
        {
            var first = b0 < full ? TNode.Block(ref Unsafe.Add(ref x, b0 * BlockElements), Lanes) : TNode.Load(ref last);
            if (b1 - b0 == 1) return first;
            return first.Add(b0 + 1 < full ? TNode.Block(ref Unsafe.Add(ref x, (b0 + 1) * BlockElements), Lanes) : TNode.Load(ref last));
        }
        Span<TNode> stack = stackalloc TNode[32];
        Span<int> level = stackalloc int[32];
        int top = 0, b = b0;
        for (; b + 4 <= b1 && b + 4 <= full; b += 4)
            Push<T, TNode>(stack, level, ref top, TNode.FourBlocks(ref Unsafe.Add(ref x, b * BlockElements), Lanes), 2);
        for (; b < b1; b++)
            Push<T, TNode>(stack, level, ref top, b < full ? TNode.Block(ref Unsafe.Add(ref x, b * BlockElements), Lanes) : TNode.Load(ref last), 0);
        var total = stack[--top];
        while (top > 0) total = stack[--top].Add(total);
        return total;
    }

    private static void Push<T, TNode>(Span<TNode> stack, Span<int> level, ref int top, TNode node, int l)
        where T : unmanaged, INumber<T> where TNode : unmanaged, ILaneNode<T, TNode>
    {
        while (top > 0 && level[top - 1] == l)
        {
            node = stack[--top].Add(node);
            l++;
        }
        stack[top] = node;
        level[top++] = l;
    }
}
