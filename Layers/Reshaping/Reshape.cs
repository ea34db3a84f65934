namespace KerasSharp.Layers;

/// <summary>Reshapes every axis but the batch axis to <see cref="TargetShape"/>; one entry may be -1 (inferred).</summary>
public sealed class Reshape : Layer
{
    /// <summary>Creates the layer; <paramref name="targetShape"/> excludes the batch axis.</summary>
    public Reshape(int[] targetShape, string? name = null) : base(name)
    {
        ArgumentNullException.ThrowIfNull(targetShape);
        if (targetShape.Count(d => d == -1) > 1 || targetShape.Any(d => d < -1 || d == 0))
            throw new ArgumentException($"Reshape: targetShape {ShapeText.Format(targetShape.Select(d => (int?)d).ToArray())} may hold positive sizes and at most one -1.");
        TargetShape = targetShape;
        InputSpec = new InputSpec { MinRank = 1 };
    }

    /// <summary>The output shape without the batch axis, -1 for the inferred size.</summary>
    public int[] TargetShape { get; }

    /// <inheritdoc/>
    public override Tensor Call(Tensor inputs, bool training)
    {
        var resolved = Resolve(inputs.Shape.Select(d => (int?)d).ToArray());
        return Ops.Reshape(inputs, [inputs.Shape[0], .. resolved.Select(d => d!.Value)]);
    }

    /// <inheritdoc/>
    public override int?[] ComputeOutputShape(int?[] inputShape) => [inputShape[0], .. Resolve(inputShape)];

    // The target with -1 filled in; null where the input's size is not known yet.
    private int?[] Resolve(int?[] inputShape)
    {
        long? total = 1;
        for (int i = 1; i < inputShape.Length; i++) total = total is long t && inputShape[i] is int d ? t * d : null;
        long known = 1;
        foreach (var d in TargetShape) if (d != -1) known *= d;
        var result = TargetShape.Select(d => (int?)d).ToArray();
        if (total is not long n) 
        {
            for (int i = 0; i < result.Length; i++) if (result[i] == -1) result[i] = null;
            return result;
        }
        int infer = Array.IndexOf(TargetShape, -1);
        bool fits = infer >= 0 ? n % known == 0 : n == known;
        if (!fits)
            throw new ArgumentException(
                $"Layer '{Name}' cannot reshape input of shape {ShapeText.Format(inputShape)} ({n} values per sample) " +
                $"to target shape {ShapeText.Format(TargetShape.Select(d => (int?)d).ToArray())}.");
        if (infer >= 0) result[infer] = (int)(n / known);
        return result;
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var c = base.GetConfig();
        c["target_shape"] = TargetShape;
        return c;
    }
}
