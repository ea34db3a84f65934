namespace KerasSharp.Metrics;

/// <summary>
/// A tensor's values copied to the host as doubles, with its shape. Metrics accumulate their state from these,
/// so they never take part in a gradient tape.
/// </summary>
internal sealed class HostArray
{
    public HostArray(double[] data, int[] shape)
    {
        Data = data;
        Shape = shape;
    }

    /// <summary>Row-major values.</summary>
    public double[] Data { get; }

    /// <summary>The dimensions.</summary>
    public int[] Shape { get; }

    /// <summary>Number of dimensions.</summary>
    public int Rank => Shape.Length;

    /// <summary>Number of elements.</summary>
    public int Size => Data.Length;

    /// <summary>The last dimension (1 for a scalar).</summary>
    public int Last => Rank == 0 ? 1 : Shape[^1];

    /// <summary>Number of rows when the last axis is taken as the row (size / last).</summary>
    public int Rows => Last == 0 ? 0 : Size / Last;

    /// <summary>Copies a tensor's values.</summary>
    public static HostArray From(Tensor t)
    {
        ArgumentNullException.ThrowIfNull(t);
        return new HostArray(t.ToArray<double>(), t.Shape.ToArray());
    }

    /// <summary>The same values under <paramref name="shape"/>.</summary>
    public HostArray Reshape(params int[] shape) => new(Data, shape);

    /// <summary>Drops the last dimension (it must be 1).</summary>
    public HostArray SqueezeLast() => new(Data, Shape[..^1]);

    /// <summary>Adds a trailing dimension of 1.</summary>
    public HostArray ExpandLast() => new(Data, [.. Shape, 1]);

    /// <summary>Applies <paramref name="f"/> to each element.</summary>
    public HostArray Map(Func<double, double> f) => new(Array.ConvertAll(Data, v => f(v)), Shape);

    /// <summary>Same shape as <paramref name="other"/>.</summary>
    public bool SameShape(HostArray other) => Shape.AsSpan().SequenceEqual(other.Shape);

    /// <summary>The mean over every axis from <paramref name="keepRank"/> on (the first keepRank axes are kept).</summary>
    public HostArray MeanTrailing(int keepRank)
    {
        if (Rank <= keepRank) return this;
        int outer = 1;
        for (int i = 0; i < keepRank; i++) outer *= Shape[i];
        int inner = outer == 0 ? 0 : Size / outer;
        var r = new double[outer];
        for (int o = 0; o < outer; o++)
        {
            double s = 0;
            for (int i = 0; i < inner; i++) s += Data[o * inner + i];
            r[o] = inner == 0 ? double.NaN : s / inner;
        }
        return new HostArray(r, Shape[..keepRank]);
    }

    /// <summary>NumPy broadcasting to <paramref name="shape"/>; null when it does not broadcast.</summary>
    public HostArray? BroadcastTo(int[] shape)
    {
        if (Rank > shape.Length) return null;
        int offset = shape.Length - Rank;
        for (int i = 0; i < Rank; i++)
            if (Shape[i] != 1 && Shape[i] != shape[i + offset]) return null;
        if (Shape.AsSpan().SequenceEqual(shape)) return this;
        int size = 1;
        foreach (var d in shape) size *= d;
        var result = new double[size];
        var index = new int[shape.Length];
        for (int k = 0; k < size; k++)
        {
            int src = 0;
            for (int i = 0; i < Rank; i++) src = src * Shape[i] + (Shape[i] == 1 ? 0 : index[i + offset]);
            result[k] = Data[src];
            for (int d = shape.Length - 1; d >= 0; d--)
            {
                if (++index[d] < shape[d]) break;
                index[d] = 0;
            }
        }
        return new HostArray(result, (int[])shape.Clone());
    }

    /// <summary>
    /// Keras's <c>squeeze_or_expand_to_same_rank</c>: when the ranks differ by one and the larger array's last
    /// dimension is 1, drops it (or gives a rank-1 smaller array a trailing 1).
    /// </summary>
    public static (HostArray A, HostArray B) SqueezeOrExpand(HostArray a, HostArray b)
    {
        if (a.Rank == b.Rank + 1 && a.Last == 1 && a.Rank > 0)
            return b.Rank == 1 ? (a, b.ExpandLast()) : (a.SqueezeLast(), b);
        if (b.Rank == a.Rank + 1 && b.Last == 1 && b.Rank > 0)
            return a.Rank == 1 ? (a.ExpandLast(), b) : (a, b.SqueezeLast());
        return (a, b);
    }

    /// <summary>Formats the shape as <c>[32,10]</c>.</summary>
    public string ShapeText => "[" + string.Join(",", Shape) + "]";
}
