namespace KerasSharp.Layers;

/// <summary>
/// What a layer accepts: a rank (exact or bounds) and fixed sizes on some axes. Checked at every
/// <c>Apply</c>, symbolic or eager, so a wrong shape fails where it enters, naming the layer.
/// </summary>
public sealed class InputSpec
{
    /// <summary>Exact rank, including the batch axis.</summary>
    public int? Rank { get; init; }
    /// <summary>Smallest rank allowed.</summary>
    public int? MinRank { get; init; }
    /// <summary>Largest rank allowed.</summary>
    public int? MaxRank { get; init; }
    /// <summary>Required sizes by axis (negative axes count from the end).</summary>
    public IReadOnlyDictionary<int, int> Axes { get; init; } = new Dictionary<int, int>();

    /// <summary>Throws an <see cref="ArgumentException"/> naming the layer, the expectation and the received shape.</summary>
    public void Check(string layerName, int?[] shape, int inputIndex = 0)
    {
        string received = ShapeText.Format(shape);
        string which = inputIndex == 0 ? "" : $" (input {inputIndex})";
        if (Rank is int r && shape.Length != r)
            throw new ArgumentException($"Layer '{layerName}'{which} expected an input of rank {r}, received shape {received}.");
        if (MinRank is int lo && shape.Length < lo)
            throw new ArgumentException($"Layer '{layerName}'{which} expected an input of rank at least {lo}, received shape {received}.");
        if (MaxRank is int hi && shape.Length > hi)
            throw new ArgumentException($"Layer '{layerName}'{which} expected an input of rank at most {hi}, received shape {received}.");
        foreach (var (axis, size) in Axes)
        {
            int a = axis < 0 ? shape.Length + axis : axis;
            if (a < 0 || a >= shape.Length) continue;
            if (shape[a] is int actual && actual != size)
                throw new ArgumentException($"Layer '{layerName}'{which} expected axis {axis} of its input to have size {size}, received shape {received}.");
        }
    }
}

/// <summary>Formats symbolic shapes as Keras prints them: <c>(None, 28, 28)</c>.</summary>
public static class ShapeText
{
    /// <summary><c>(None, 128)</c>; a one-element shape gets Python's trailing comma, <c>(None,)</c>.</summary>
    public static string Format(IReadOnlyList<int?> shape) =>
        "(" + string.Join(", ", shape.Select(d => d?.ToString() ?? "None")) + (shape.Count == 1 ? ",)" : ")");

    /// <summary>A tensor's shape Keras's way, <c>(32, 10, 8)</c>.</summary>
    public static string Format(Shape shape) => Format([.. shape.Dims.ToArray().Select(d => (int?)d)]);
}
