namespace KerasSharp.Layers;

/// <summary>
/// Rescales each slice along <see cref="Axis"/> whose L2 norm exceeds <see cref="MaxValue"/> down to it
/// (Keras: axis 0 constrains each column of a Dense kernel, i.e. each unit's incoming weights).
/// </summary>
public sealed class MaxNorm : Constraint
{
    /// <summary>Creates the constraint over one axis.</summary>
    public MaxNorm(double maxValue = 2, int axis = 0) : this(maxValue, [axis]) { }

    /// <summary>Creates the constraint over several axes (e.g. [0, 1, 2] for a conv kernel).</summary>
    public MaxNorm(double maxValue, int[] axis)
    {
        if (!(maxValue >= 0)) throw new ArgumentException($"MaxNorm: maxValue must be >= 0, got {maxValue}.");
        MaxValue = maxValue;
        Axis = axis ?? throw new ArgumentNullException(nameof(axis));
    }

    /// <summary>The largest norm allowed.</summary>
    public double MaxValue { get; }
    /// <summary>The axes the norm is taken over.</summary>
    public int[] Axis { get; }

    /// <inheritdoc/>
    public override Tensor Call(Tensor weight)
    {
        var norms = Ops.Sqrt(Ops.Sum(Ops.Square(weight), Axis, keepDims: true));
        var desired = Ops.Clip(norms, 0, MaxValue);
        return Ops.Multiply(weight, Ops.Divide(desired, Ops.AddScalar(norms, NormEpsilon.Value)));
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => new() { ["max_value"] = MaxValue, ["axis"] = Axis.Length == 1 ? Axis[0] : Axis };
}
