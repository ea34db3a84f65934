namespace KerasSharp.Layers;

/// <summary>
/// The dot product of two inputs per sample, contracting axis <c>Axes[0]</c> of the first with <c>Axes[1]</c> of the
/// second (batch axis first, so axes are >= 1): (None, 5) and (None, 5) with axes 1 give (None, 1). With
/// <see cref="Normalize"/>, both inputs are L2-normalized along those axes first (cosine proximity).
/// </summary>
public sealed class Dot : Merge
{
    /// <summary>False: the mask ends here (the output's steps are not the inputs'); Keras's mask rules for this layer are not implemented.</summary>
    public override bool SupportsMasking => false;

    /// <summary>Contracts the same axis of both inputs.</summary>
    public Dot(int axes, bool normalize = false, string? name = null) : this([axes, axes], normalize, name) { }

    /// <summary>Contracts axis <c>axes[0]</c> of the first input with <c>axes[1]</c> of the second.</summary>
    public Dot(int[] axes, bool normalize = false, string? name = null) : base(name)
    {
        ArgumentNullException.ThrowIfNull(axes);
        if (axes.Length != 2) throw new ArgumentException($"Dot: axes must hold one axis per input (2), got {axes.Length}.");
        Axes = axes;
        Normalize = normalize;
    }

    /// <summary>The contracted axis of each input.</summary>
    public int[] Axes { get; }
    /// <summary>Whether the inputs are L2-normalized first.</summary>
    public bool Normalize { get; }

    /// <inheritdoc/>
    protected override int MinInputs => 2;

    /// <inheritdoc/>
    protected override int MaxInputs => 2;

    private (int A, int B) Resolve(IReadOnlyList<int?[]> shapes)
    {
        int a = Axes[0] < 0 ? Axes[0] + shapes[0].Length : Axes[0];
        int b = Axes[1] < 0 ? Axes[1] + shapes[1].Length : Axes[1];
        if (a < 1 || a >= shapes[0].Length || b < 1 || b >= shapes[1].Length)
            throw Incompatible(shapes, $"axes ({Axes[0]}, {Axes[1]}) must name non-batch axes of the inputs");
        return (a, b);
    }

    /// <inheritdoc/>
    public override int?[] ComputeOutputShape(IReadOnlyList<int?[]> inputShapes)
    {
        var (a, b) = Resolve(inputShapes);
        int? da = inputShapes[0][a], db = inputShapes[1][b];
        if (da is int x && db is int y && x != y)
            throw Incompatible(inputShapes, $"the dot axes have sizes {x} and {y}");
        var s0 = inputShapes[0].Where((_, i) => i != a);
        var s1 = inputShapes[1].Where((_, i) => i != b).Skip(1);
        int?[] result = [.. s0, .. s1];
        return result.Length == 1 ? [result[0], 1] : result;
    }

    /// <inheritdoc/>
    protected override Tensor MergeFunction(IReadOnlyList<Tensor> inputs)
    {
        var (a, b) = Resolve([.. inputs.Select(t => t.Shape.Select(d => (int?)d).ToArray())]);
        var x = inputs[0];
        var y = inputs[1];
        if (Normalize) { x = L2Normalize(x, a); y = L2Normalize(y, b); }
        int batch = x.Shape[0], k = x.Shape[a];
        // Move the contracted axes next to each other and contract them as one batched matrix product.
        var xPerm = Enumerable.Range(0, x.Rank).Where(i => i != a).Append(a).ToArray();
        var yPerm = new[] { 0, b }.Concat(Enumerable.Range(1, y.Rank - 1).Where(i => i != b)).ToArray();
        var xRest = xPerm[1..^1].Select(i => x.Shape[i]).ToArray();
        var yRest = yPerm[2..].Select(i => y.Shape[i]).ToArray();
        var xm = Ops.Reshape(Ops.Transpose(x, xPerm), batch, Product(xRest), k);
        var ym = Ops.Reshape(Ops.Transpose(y, yPerm), batch, k, Product(yRest));
        var z = Ops.MatMul(xm, ym);
        int[] outShape = [batch, .. xRest, .. yRest];
        return Ops.Reshape(z, outShape.Length == 1 ? [batch, 1] : outShape);
    }

    private static int Product(int[] dims)
    {
        int p = 1;
        foreach (var d in dims) p *= d;
        return p;
    }

    // Keras's l2_normalize: x / sqrt(max(sum(x²), 1e-12)).
    private static Tensor L2Normalize(Tensor x, int axis)
    {
        var sumSquares = Ops.Sum(Ops.Square(x), axis, keepDims: true);
        return Ops.Multiply(x, Ops.Rsqrt(Ops.Maximum(sumSquares, Ops.FullLike(sumSquares, 1e-12))));
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var c = base.GetConfig();
        c["axes"] = Axes[0] == Axes[1] ? Axes[0] : Axes;
        c["normalize"] = Normalize;
        return c;
    }
}
