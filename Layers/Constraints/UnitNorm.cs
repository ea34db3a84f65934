namespace KerasSharp.Layers;

/// <summary>Scales each slice along <see cref="Axis"/> to unit L2 norm (Keras default axis 0).</summary>
public sealed class UnitNorm : Constraint
{
    /// <summary>Creates the constraint over one axis.</summary>
    public UnitNorm(int axis = 0) : this([axis]) { }

    /// <summary>Creates the constraint over several axes.</summary>
    public UnitNorm(int[] axis) => Axis = axis ?? throw new ArgumentNullException(nameof(axis));

    /// <summary>The axes the norm is taken over.</summary>
    public int[] Axis { get; }

    /// <inheritdoc/>
    public override Tensor Call(Tensor weight) =>
        Ops.Divide(weight, Ops.AddScalar(Ops.Sqrt(Ops.Sum(Ops.Square(weight), Axis, keepDims: true)), NormEpsilon.Value));

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => new() { ["axis"] = Axis.Length == 1 ? Axis[0] : Axis };
}
