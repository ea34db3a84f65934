namespace KerasSharp.Layers;

/// <summary>x for x &gt; 0, <c>negativeSlope * x</c> otherwise (the layer's Keras default slope is 0.3).</summary>
public sealed class LeakyReLU : Layer
{
    /// <summary>True: the input's mask passes to the output unchanged (the layer works per time step).</summary>
    public override bool SupportsMasking => true;

    /// <summary>Creates the layer.</summary>
    public LeakyReLU(double negativeSlope = 0.3, string? name = null) : base(name)
    {
        if (negativeSlope < 0) throw new ArgumentException($"LeakyReLU: negativeSlope must be >= 0, got {negativeSlope}.");
        NegativeSlope = negativeSlope;
    }

    /// <summary>The slope for negative inputs.</summary>
    public double NegativeSlope { get; }

    /// <inheritdoc/>
    public override Tensor Call(Tensor inputs, bool training) => Ops.LeakyRelu(inputs, NegativeSlope);

    /// <inheritdoc/>
    public override int?[] ComputeOutputShape(int?[] inputShape) => inputShape;

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var c = base.GetConfig();
        c["negative_slope"] = NegativeSlope;
        return c;
    }
}
