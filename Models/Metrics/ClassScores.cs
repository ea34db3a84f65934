namespace KerasSharp.Metrics;

/// <summary>Host helpers over class scores laid out as rows along the last axis.</summary>
internal static class ClassScores
{
    /// <summary>The index of the largest entry of row <paramref name="row"/> (ties take the first, as argmax).</summary>
    public static int ArgMax(HostArray a, int row)
    {
        int n = a.Last, start = row * n, best = 0;
        for (int j = 1; j < n; j++)
            if (a.Data[start + j] > a.Data[start + best]) best = j;
        return best;
    }

    /// <summary>
    /// Whether class <paramref name="target"/> is among the <paramref name="k"/> largest entries of the row: fewer
    /// than k entries are strictly larger (ties count in favour, as TensorFlow's <c>in_top_k</c>).
    /// </summary>
    public static bool InTopK(HostArray a, int row, int target, int k)
    {
        int n = a.Last, start = row * n;
        if (target < 0 || target >= n) return false;
        double score = a.Data[start + target];
        if (double.IsNaN(score)) return false;
        int larger = 0;
        for (int j = 0; j < n; j++)
            if (a.Data[start + j] > score) larger++;
        return larger < k;
    }

    /// <summary>The shape without the last axis.</summary>
    public static int[] RowShape(HostArray a) => a.Rank == 0 ? [] : a.Shape[..^1];
}
