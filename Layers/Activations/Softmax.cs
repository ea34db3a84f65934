namespace KerasSharp.Layers;

/// <summary>Softmax along <see cref="Axis"/> (the last by default).</summary>
public sealed class Softmax(int axis = -1, string? name = null) : Layer(name)
{
    /// <summary>True: the input's mask passes to the output unchanged.</summary>
    public override bool SupportsMasking => true;

    /// <summary>The normalized axis.</summary>
    public int Axis { get; } = axis;

    /// <inheritdoc/>
    public override Tensor Call(Tensor inputs, bool training) =>
        Axis == -1 || Axis == inputs.Rank - 1 ? ActivationLogits.Softmax(inputs) : Ops.Softmax(inputs, Axis);

    /// <inheritdoc/>
    public override int?[] ComputeOutputShape(int?[] inputShape)
    {
        AxisMath.Normalize(Name, Axis, inputShape);
        return inputShape;
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var c = base.GetConfig();
        c["axis"] = Axis;
        return c;
    }
}
