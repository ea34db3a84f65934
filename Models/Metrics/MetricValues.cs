namespace KerasSharp.Metrics;

/// <summary>
/// A metric's view of a tensor: its values as float64 on the tensor's own device, with the shape known on the host.
/// Metrics align, weight and reduce these with <see cref="Ops"/>, so a training step never waits for the device to
/// update them; only <see cref="Metric.Result"/> reads back. The float64 cast keeps the sums as exact as the host
/// doubles they replace, and the values never take part in a gradient tape.
/// </summary>
internal sealed class MetricValues
{
    private MetricValues(Tensor values, int[] shape)
    {
        Values = values;
        Shape = shape;
    }

    /// <summary>The float64 values (owned by the enclosing <see cref="TensorScope"/>).</summary>
    public Tensor Values { get; }

    /// <summary>The dimensions.</summary>
    public int[] Shape { get; }

    /// <summary>Number of dimensions.</summary>
    public int Rank => Shape.Length;

    /// <summary>The last dimension (1 for a scalar).</summary>
    public int Last => Rank == 0 ? 1 : Shape[^1];

    /// <summary>A tensor's values as float64, cut off from any gradient tape.</summary>
    public static MetricValues From(Tensor t)
    {
        ArgumentNullException.ThrowIfNull(t);
        var stopped = Ops.StopGradient(t);
        return new MetricValues(t.DType == DType.Float64 ? stopped : Ops.Cast(stopped, DType.Float64), t.Shape.ToArray());
    }

    /// <summary>Wraps float64 values computed from other metric values.</summary>
    public static MetricValues Of(Tensor values) => new(values, values.Shape.ToArray());

    /// <summary>The same values under <paramref name="shape"/>.</summary>
    public MetricValues Reshape(params int[] shape) => new(Ops.Reshape(Values, shape), shape);

    /// <summary>Drops the last dimension (it must be 1).</summary>
    public MetricValues SqueezeLast() => Reshape(Shape[..^1]);

    /// <summary>Adds a trailing dimension of 1.</summary>
    public MetricValues ExpandLast() => Reshape([.. Shape, 1]);

    /// <summary>Same shape as <paramref name="other"/>.</summary>
    public bool SameShape(MetricValues other) => Shape.AsSpan().SequenceEqual(other.Shape);

    /// <summary>The mean over every axis from <paramref name="keepRank"/> on (the first keepRank axes are kept).</summary>
    public MetricValues MeanTrailing(int keepRank)
    {
        if (Rank <= keepRank) return this;
        return Of(Ops.Mean(Values, Enumerable.Range(keepRank, Rank - keepRank).ToArray()));
    }

    /// <summary>The sum over every axis.</summary>
    public Tensor SumAll() => Ops.Sum(Values);

    /// <summary>NumPy broadcasting to <paramref name="shape"/>; null when it does not broadcast.</summary>
    public MetricValues? BroadcastTo(int[] shape)
    {
        if (Rank > shape.Length) return null;
        int offset = shape.Length - Rank;
        for (int i = 0; i < Rank; i++)
            if (Shape[i] != 1 && Shape[i] != shape[i + offset]) return null;
        if (Shape.AsSpan().SequenceEqual(shape)) return this;
        return new MetricValues(Ops.BroadcastTo(Values, shape), (int[])shape.Clone());
    }

    /// <summary>
    /// Keras's <c>squeeze_or_expand_to_same_rank</c>: when the ranks differ by one and the larger array's last
    /// dimension is 1, drops it (or gives a rank-1 smaller array a trailing 1).
    /// </summary>
    public static (MetricValues A, MetricValues B) SqueezeOrExpand(MetricValues a, MetricValues b)
    {
        if (a.Rank == b.Rank + 1 && a.Last == 1 && a.Rank > 0)
            return b.Rank == 1 ? (a, b.ExpandLast()) : (a.SqueezeLast(), b);
        if (b.Rank == a.Rank + 1 && b.Last == 1 && b.Rank > 0)
            return a.Rank == 1 ? (a.ExpandLast(), b) : (a, b.SqueezeLast());
        return (a, b);
    }

    /// <summary>Formats the shape as <c>[32,10]</c>.</summary>
    public string ShapeText => "[" + string.Join(",", Shape) + "]";

    /// <summary>1 where <paramref name="condition"/> holds, else 0, as float64.</summary>
    public static Tensor Indicator(Tensor condition) => Ops.Cast(condition, DType.Float64);
}
