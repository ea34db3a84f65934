namespace KerasSharp;

/// <summary>
/// One entry of a NumPy-style index: an integer, a slice with optional start/stop/step, a new axis,
/// or an ellipsis. C# ints, <see cref="Index"/> (<c>^1</c>) and <see cref="Range"/> (<c>1..^1</c>) convert implicitly:
/// <code>x[.., 0]   x[1..3, TensorIndex.Slice(null, null, 2)]   x[TensorIndex.Ellipsis, TensorIndex.NewAxis]</code>
/// </summary>
public readonly struct TensorIndex
{
    internal enum Kind { Single, Slice, NewAxis, Ellipsis }

    internal Kind Type { get; }
    internal int Value { get; }
    internal bool FromEnd { get; }
    internal int? Start { get; }
    internal int? Stop { get; }
    internal int Step { get; }

    private TensorIndex(Kind type, int value = 0, bool fromEnd = false, int? start = null, int? stop = null, int step = 1)
    {
        Type = type; Value = value; FromEnd = fromEnd; Start = start; Stop = stop; Step = step;
    }

    /// <summary>A Python slice: start (inclusive), stop (exclusive), step; negative start/stop count from the end, null means the default.</summary>
    public static TensorIndex Slice(int? start = null, int? stop = null, int step = 1) =>
        step == 0 ? throw new ArgumentException("Slice step cannot be zero.") : new(Kind.Slice, start: start, stop: stop, step: step);

    /// <summary>The whole axis (<c>:</c>).</summary>
    public static TensorIndex All => new(Kind.Slice);

    /// <summary>Inserts a size-1 axis (<c>None</c> / <c>np.newaxis</c>).</summary>
    public static TensorIndex NewAxis => new(Kind.NewAxis);

    /// <summary>As many whole axes as needed (<c>...</c>).</summary>
    public static TensorIndex Ellipsis => new(Kind.Ellipsis);

    /// <summary>A single position; negative counts from the end.</summary>
    public static implicit operator TensorIndex(int index) => new(Kind.Single, index);

    /// <summary>A single position, <c>^1</c> being the last.</summary>
    public static implicit operator TensorIndex(Index index) => new(Kind.Single, index.Value, index.IsFromEnd);

    /// <summary>A step-1 slice such as <c>1..^1</c> or <c>..</c>.</summary>
    public static implicit operator TensorIndex(Range range) => new(Kind.Slice,
        start: range.Start.IsFromEnd ? -range.Start.Value : range.Start.Value,
        stop: range.End.IsFromEnd ? (range.End.Value == 0 ? null : -range.End.Value) : range.End.Value);
}

public partial class Tensor
{
    /// <summary>NumPy-style indexing and slicing (a copy; gradients flow back through it).</summary>
    [System.Runtime.CompilerServices.IndexerName("Slice")]
    public Tensor this[params TensorIndex[] indices] => Ops.Slice(this, indices);
}
