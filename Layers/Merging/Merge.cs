namespace KerasSharp.Layers;

/// <summary>
/// The base of the merging layers (Add, Concatenate, Dot, ...): they take a list of inputs, check their shapes
/// against each other when built, and name the layer and every shape when the shapes do not fit.
/// </summary>
public abstract class Merge : Layer
{
    /// <summary>Creates the layer.</summary>
    protected Merge(string? name) : base(name) { }

    /// <summary>True for the elementwise merges (the output's mask is the AND of the inputs' masks, as Keras's); Concatenate and Dot end a mask.</summary>
    public override bool SupportsMasking => true;

    /// <summary>A step is kept where every input that carries a mask keeps it; null when no input carries one.</summary>
    public override Tensor? ComputeMask(IReadOnlyList<Tensor> inputs, IReadOnlyList<Tensor?> previousMasks)
    {
        ArgumentNullException.ThrowIfNull(previousMasks);
        Tensor? all = null;
        foreach (var m in previousMasks)
            if (m is not null) all = all is null ? m : Ops.LogicalAnd(all, m);
        return all;
    }

    /// <summary>The fewest inputs the layer takes.</summary>
    protected virtual int MinInputs => 1;

    /// <summary>The most inputs the layer takes.</summary>
    protected virtual int MaxInputs => int.MaxValue;

    /// <inheritdoc/>
    public sealed override void Build(int?[] inputShape) => Build([inputShape]);

    /// <inheritdoc/>
    public sealed override void Build(IReadOnlyList<int?[]> inputShapes)
    {
        CheckCount(inputShapes.Count);
        ComputeOutputShape(inputShapes);
        Built = true;
    }

    /// <inheritdoc/>
    public sealed override Tensor Call(Tensor inputs, bool training) => Call([inputs], training);

    /// <inheritdoc/>
    public sealed override Tensor Call(IReadOnlyList<Tensor> inputs, bool training)
    {
        CheckCount(inputs.Count);
        // Eager calls after the first are not rebuilt: check their shapes here so errors still name the layer.
        if (inputs.Count > 1) ComputeOutputShape([.. inputs.Select(t => t.Shape.Select(d => (int?)d).ToArray())]);
        return MergeFunction(inputs);
    }

    /// <summary>The merged value of the inputs.</summary>
    protected abstract Tensor MergeFunction(IReadOnlyList<Tensor> inputs);

    /// <inheritdoc/>
    public sealed override int?[] ComputeOutputShape(int?[] inputShape) => ComputeOutputShape([inputShape]);

    /// <summary>The output shape; the default broadcasts the shapes elementwise (NumPy rules, None stays None).</summary>
    public override int?[] ComputeOutputShape(IReadOnlyList<int?[]> inputShapes)
    {
        CheckCount(inputShapes.Count);
        var result = inputShapes[0];
        for (int k = 1; k < inputShapes.Count; k++)
        {
            var a = result;
            var b = inputShapes[k];
            int rank = Math.Max(a.Length, b.Length);
            var r = new int?[rank];
            for (int i = 0; i < rank; i++)
            {
                int? da = i < rank - a.Length ? 1 : a[i - (rank - a.Length)];
                int? db = i < rank - b.Length ? 1 : b[i - (rank - b.Length)];
                if (da is null || db is null) r[i] = da == 1 ? db : db == 1 ? da : null;
                else if (da == 1) r[i] = db;
                else if (db == 1 || da == db) r[i] = da;
                else throw Incompatible(inputShapes);
            }
            result = r;
        }
        return result;
    }

    /// <summary>The error for shapes that do not fit together: names the layer and every input shape.</summary>
    protected ArgumentException Incompatible(IReadOnlyList<int?[]> shapes, string? detail = null) =>
        new($"Layer '{Name}' ({GetType().Name}) received inputs of incompatible shapes {string.Join(" and ", shapes.Select(ShapeText.Format))}" +
            (detail is null ? "." : $": {detail}."));

    private void CheckCount(int count)
    {
        if (count < MinInputs || count > MaxInputs)
        {
            string expected = MinInputs == MaxInputs ? $"exactly {MinInputs}" : $"at least {MinInputs}";
            throw new ArgumentException($"Layer '{Name}' ({GetType().Name}) takes {expected} inputs, received {count}.");
        }
    }
}
