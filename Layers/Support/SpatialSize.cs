using System.Collections;
using System.Runtime.CompilerServices;

namespace KerasSharp.Layers;

/// <summary>
/// A size per spatial axis, written as Keras writes it: one int for every axis (<c>kernelSize: 3</c>), a tuple
/// (<c>strides: (2, 1)</c>) or a list (<c>poolSize: [2, 2]</c>). The layer checks the count against its rank.
/// </summary>
[CollectionBuilder(typeof(SpatialSize), nameof(Create))]
public readonly struct SpatialSize : IEnumerable<int>
{
    private readonly int[]? _values;

    /// <summary>Wraps the values (one, or one per spatial axis).</summary>
    public SpatialSize(params int[] values) => _values = (int[])(values ?? throw new ArgumentNullException(nameof(values))).Clone();

    /// <summary>The values as given.</summary>
    public int[] Values => _values is null ? [] : (int[])_values.Clone();

    /// <summary>The same size on every axis.</summary>
    public static implicit operator SpatialSize(int value) => new(value);
    /// <summary>Sizes for two axes.</summary>
    public static implicit operator SpatialSize((int, int) values) => new(values.Item1, values.Item2);
    /// <summary>Sizes from an array.</summary>
    public static implicit operator SpatialSize(int[] values) => new(values);

    /// <summary>Builds from a collection expression.</summary>
    public static SpatialSize Create(ReadOnlySpan<int> values) => new(values.ToArray());

    /// <inheritdoc/>
    public IEnumerator<int> GetEnumerator() => ((IEnumerable<int>)Values).GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>"(3, 3)".</summary>
    public override string ToString() => ConvArgs.Format(Values);
}
