using KerasSharp.Backends;

namespace KerasSharp;

/// <summary>
/// The NumPy-like op library layers are written against. Every op validates its arguments once, here,
/// with a message naming the op and the shapes; runs on the inputs' backend; and records a backward rule
/// on open <see cref="GradientTape"/>s.
/// </summary>
public static partial class Ops
{
    /// <summary>Numeric ops call this first: a string tensor fails with a message naming the op (see <see cref="StringBackend"/>).</summary>
    internal static void RefuseStrings(string op, Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.DType == DType.String)
            throw new NotSupportedException($"{op}: string tensors hold text, and {op} works on numbers. Only reshape, transpose, slice, take, concatenate and stack " +
                                            "accept string tensors; turn text into numbers with StringLookup, Hashing or TextVectorization first.");
    }

    /// <summary>The backend shared by all inputs; mixing backends or devices fails (tensors move only through To).</summary>
    internal static IBackend BackendOf(string op, Tensor a, Tensor b)
    {
        if ((a.DType == DType.String) != (b.DType == DType.String))
            throw new NotSupportedException($"{op}: one input is a string tensor and the other a {(a.DType == DType.String ? b : a).DType.Name()} tensor; {op} does not accept strings. Turn text into numbers with StringLookup, Hashing or TextVectorization first.");
        var ba = a.Backend;
        if (!ReferenceEquals(ba, b.Backend) || a.Device != b.Device)
            throw new ArgumentException($"{op}: the inputs are on different backends or devices ({ba.Name} {a.Device} and {b.Backend.Name} {b.Device}); move one with tensor.To(...).");
        return ba;
    }

    /// <summary>The backend shared by all inputs of a list.</summary>
    internal static IBackend BackendOf(string op, IReadOnlyList<Tensor> xs)
    {
        var b = xs[0].Backend;
        for (int i = 1; i < xs.Count; i++) BackendOf(op, xs[0], xs[i]);
        return b;
    }

    /// <summary>NumPy broadcasting of two shapes.</summary>
    internal static Shape BroadcastShapes(string op, Shape a, Shape b)
    {
        if (a == b) return a;
        if (BroadcastsInto(b, a)) return a; // common cases (a bias row, a scalar) without allocating
        if (BroadcastsInto(a, b)) return b;
        int rank = Math.Max(a.Rank, b.Rank);
        var dims = new int[rank];
        for (int i = 0; i < rank; i++)
        {
            int da = i < rank - a.Rank ? 1 : a[i - (rank - a.Rank)];
            int db = i < rank - b.Rank ? 1 : b[i - (rank - b.Rank)];
            if (da != db && da != 1 && db != 1)
                throw new ArgumentException($"{op}: cannot broadcast shapes {a} and {b} (dimension {i} of the result: {da} vs {db}).");
            dims[i] = da == 1 ? db : da;
        }
        return new Shape(dims);
    }

    /// <summary>True when <paramref name="small"/> broadcasts to <paramref name="big"/> unchanged (right-aligned dims equal or 1).</summary>
    private static bool BroadcastsInto(Shape small, Shape big)
    {
        if (small.Rank > big.Rank) return false;
        var s = small.Dims;
        var g = big.Dims;
        int off = g.Length - s.Length;
        for (int i = 0; i < s.Length; i++)
            if (s[i] != 1 && s[i] != g[off + i]) return false;
        return true;
    }

    /// <summary>Turns a possibly negative axis into 0..rank-1.</summary>
    internal static int NormalizeAxis(string op, int axis, int rank, Shape shape)
    {
        int a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank)
            throw new ArgumentOutOfRangeException(nameof(axis), $"{op}: axis {axis} is out of range for a tensor of rank {rank} (shape {shape}).");
        return a;
    }

    /// <summary>Normalises, sorts and de-duplicates a set of axes; null means all axes.</summary>
    internal static int[] NormalizeAxes(string op, int[]? axes, Shape shape)
    {
        if (axes is null) return Enumerable.Range(0, shape.Rank).ToArray();
        var result = new int[axes.Length];
        for (int i = 0; i < axes.Length; i++) result[i] = NormalizeAxis(op, axes[i], shape.Rank, shape);
        Array.Sort(result);
        for (int i = 1; i < result.Length; i++)
            if (result[i] == result[i - 1]) throw new ArgumentException($"{op}: axis {result[i]} appears twice in [{string.Join(",", axes)}].");
        return result;
    }

    internal static void RequireFloating(string op, Tensor x)
    {
        if (!x.DType.IsFloating())
            throw new ArgumentException($"{op}: expected a float32 or float64 tensor, got {x.DType.Name()} with shape {x.Shape}; cast it with Ops.Cast first.");
    }

    internal static void RequireRank(string op, Tensor x, int rank, string what)
    {
        if (x.Rank != rank)
            throw new ArgumentException($"{op}: {what} must have rank {rank}, got shape {x.Shape}.");
    }

    /// <summary>Records <paramref name="backward"/> for <paramref name="output"/> when a tape is open (callers check <see cref="GradientTape.IsRecording"/> first).</summary>
    internal static void Record(Tensor output, Tensor[] inputs, BackwardFunction backward) =>
        GradientTape.Record(output, inputs, backward);

    /// <summary>Sums a broadcast gradient back down to <paramref name="shape"/>.</summary>
    internal static Tensor SumTo(Tensor g, Shape shape)
    {
        if (g.Shape == shape) return g;
        int lead = g.Rank - shape.Rank;
        var axes = new List<int>();
        for (int i = 0; i < g.Rank; i++)
            if (i < lead || (shape[i - lead] == 1 && g.Shape[i] != 1)) axes.Add(i);
        if (axes.Count == lead) return Sum(g, axes.ToArray()); // only leading axes: the sum has the shape already
        var summed = axes.Count == 0 ? g : Sum(g, axes.ToArray(), keepDims: true);
        return summed.Shape == shape ? summed : Reshape(summed, shape.ToArray());
    }
}
