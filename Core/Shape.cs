using System.Collections;

namespace KerasSharp;

/// <summary>An immutable tensor shape: the size of each dimension.</summary>
public sealed class Shape : IEquatable<Shape>, IReadOnlyList<int>
{
    private readonly int[] _dims;

    /// <summary>The shape of a scalar (rank 0).</summary>
    public static readonly Shape Scalar = new([]);

    /// <summary>Creates a shape; every dimension must be zero or more.</summary>
    public Shape(params ReadOnlySpan<int> dims)
    {
        long size = 1;
        foreach (var d in dims)
        {
            if (d < 0) throw new ArgumentException($"Shape dimensions must be >= 0, got [{string.Join(",", dims.ToArray())}].");
            size *= d;
            if (size > int.MaxValue) throw new ArgumentException($"Shape [{string.Join(",", dims.ToArray())}] has more than {int.MaxValue} elements.");
        }
        _dims = dims.ToArray();
        Size = (int)size;
    }

    /// <summary>Number of dimensions.</summary>
    public int Rank => _dims.Length;

    /// <summary>Total number of elements.</summary>
    public int Size { get; }

    /// <summary>Size of dimension <paramref name="axis"/>; negative axes count from the end.</summary>
    public int this[int axis] => _dims[axis < 0 ? axis + _dims.Length : axis];

    /// <summary>Number of dimensions (same as <see cref="Rank"/>).</summary>
    public int Count => _dims.Length;

    /// <summary>The dimensions as a read-only span.</summary>
    public ReadOnlySpan<int> Dims => _dims;

    /// <summary>A copy of the dimensions.</summary>
    public int[] ToArray() => (int[])_dims.Clone();

    /// <summary>Row-major (C order) strides in elements.</summary>
    public int[] Strides()
    {
        var s = new int[_dims.Length];
        int acc = 1;
        for (int i = _dims.Length - 1; i >= 0; i--) { s[i] = acc; acc *= _dims[i]; }
        return s;
    }

    /// <summary>Implicit conversion from an int array.</summary>
    public static implicit operator Shape(int[] dims) => new(dims);

    /// <inheritdoc/>
    public bool Equals(Shape? other) => other is not null && _dims.AsSpan().SequenceEqual(other._dims);
    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Shape s && Equals(s);
    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var h = new HashCode();
        foreach (var d in _dims) h.Add(d);
        return h.ToHashCode();
    }
    /// <summary>Equality of dimensions.</summary>
    public static bool operator ==(Shape? a, Shape? b) => a is null ? b is null : a.Equals(b);
    /// <summary>Inequality of dimensions.</summary>
    public static bool operator !=(Shape? a, Shape? b) => !(a == b);

    /// <summary>Formats as <c>[32,784]</c>.</summary>
    public override string ToString() => "[" + string.Join(",", _dims) + "]";

    /// <inheritdoc/>
    public IEnumerator<int> GetEnumerator() => ((IEnumerable<int>)_dims).GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => _dims.GetEnumerator();
}
