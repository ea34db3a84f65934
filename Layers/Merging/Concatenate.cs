namespace KerasSharp.Layers;

/// <summary>Joins the inputs along <see cref="Axis"/> (the last by default); every other axis must agree.</summary>
public sealed class Concatenate(int axis = -1, string? name = null) : Merge(name)
{
    /// <summary>False: the mask ends here (the output's steps are not the inputs'); Keras's mask rules for this layer are not implemented.</summary>
    public override bool SupportsMasking => false;

    /// <summary>The joining axis (batch axis first; negative counts from the end).</summary>
    public int Axis { get; } = axis;

    /// <inheritdoc/>
    protected override Tensor MergeFunction(IReadOnlyList<Tensor> inputs) =>
        Ops.Concatenate(inputs, Axis < 0 ? Axis + inputs[0].Rank : Axis);

    /// <inheritdoc/>
    public override int?[] ComputeOutputShape(IReadOnlyList<int?[]> inputShapes)
    {
        int rank = inputShapes[0].Length;
        if (inputShapes.Any(s => s.Length != rank)) throw Incompatible(inputShapes, "all inputs must have the same rank");
        int a = Axis < 0 ? Axis + rank : Axis;
        if (a < 0 || a >= rank) throw Incompatible(inputShapes, $"axis {Axis} is out of range");
        var result = new int?[rank];
        for (int d = 0; d < rank; d++)
        {
            if (d == a)
            {
                int? total = 0;
                foreach (var s in inputShapes) total = total is int t && s[d] is int n ? t + n : null;
                result[d] = total;
                continue;
            }
            foreach (var s in inputShapes)
            {
                if (s[d] is not int n) continue;
                if (result[d] is int m && m != n)
                    throw Incompatible(inputShapes, $"all axes but the concatenation axis {Axis} must match, axis {d} differs");
                result[d] = n;
            }
        }
        return result;
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var c = base.GetConfig();
        c["axis"] = Axis;
        return c;
    }
}
