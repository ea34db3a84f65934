namespace KerasSharp.Layers;

/// <summary>x for x &gt; 0, <c>alpha * (e^x - 1)</c> otherwise.</summary>
public sealed class ELU(double alpha = 1.0, string? name = null) : Layer(name)
{
    /// <summary>True: the input's mask passes to the output unchanged (the layer works per time step).</summary>
    public override bool SupportsMasking => true;

    /// <summary>The scale of the negative part.</summary>
    public double Alpha { get; } = alpha;

    /// <inheritdoc/>
    public override Tensor Call(Tensor inputs, bool training) => Ops.Elu(inputs, Alpha);

    /// <inheritdoc/>
    public override int?[] ComputeOutputShape(int?[] inputShape) => inputShape;

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var c = base.GetConfig();
        c["alpha"] = Alpha;
        return c;
    }
}
