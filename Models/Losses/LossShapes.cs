namespace KerasSharp.Losses;

/// <summary>Shape alignment for losses, as Keras's <c>squeeze_or_expand_to_same_rank</c>.</summary>
internal static class LossShapes
{
    /// <summary>
    /// When the ranks differ by one and the larger tensor's last dimension is 1, drops that dimension
    /// (or, when the smaller tensor is rank 1, gives it a trailing 1 instead), as Keras does.
    /// </summary>
    public static (Tensor A, Tensor B) SqueezeOrExpand(Tensor a, Tensor b)
    {
        if (a.Rank == b.Rank + 1 && a.Shape[-1] == 1)
            return b.Rank == 1 ? (a, Ops.ExpandDims(b, -1)) : (Ops.Squeeze(a, -1), b);
        if (b.Rank == a.Rank + 1 && b.Shape[-1] == 1)
            return a.Rank == 1 ? (Ops.ExpandDims(a, -1), b) : (a, Ops.Squeeze(b, -1));
        return (a, b);
    }

    /// <summary>True when <paramref name="small"/> broadcasts to <paramref name="big"/> of the same rank.</summary>
    public static bool BroadcastsTo(Shape small, Shape big)
    {
        if (small.Rank != big.Rank) return false;
        for (int i = 0; i < small.Rank; i++)
            if (small[i] != 1 && small[i] != big[i]) return false;
        return true;
    }
}
