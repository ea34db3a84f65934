namespace KerasSharp.Layers;

/// <summary>
/// Keras's ReLU layer: <c>maxValue</c> for x &gt;= maxValue, x for threshold &lt;= x &lt; maxValue,
/// <c>negativeSlope * (x - threshold)</c> below the threshold.
/// </summary>
public sealed class ReLU : Layer
{
    /// <summary>True: the input's mask passes to the output unchanged (the layer works per time step).</summary>
    public override bool SupportsMasking => true;

    /// <summary>Creates the layer.</summary>
    public ReLU(double? maxValue = null, double negativeSlope = 0, double threshold = 0, string? name = null) : base(name)
    {
        if (maxValue is < 0) throw new ArgumentException($"ReLU: maxValue must be >= 0, got {maxValue}.");
        if (negativeSlope < 0) throw new ArgumentException($"ReLU: negativeSlope must be >= 0, got {negativeSlope}.");
        MaxValue = maxValue;
        NegativeSlope = negativeSlope;
        Threshold = threshold;
    }

    /// <summary>The saturation value, or null for none.</summary>
    public double? MaxValue { get; }
    /// <summary>The slope below the threshold.</summary>
    public double NegativeSlope { get; }
    /// <summary>Where the linear part starts.</summary>
    public double Threshold { get; }

    /// <inheritdoc/>
    public override Tensor Call(Tensor inputs, bool training)
    {
        if (NegativeSlope == 0 && Threshold == 0)
            return MaxValue is double m ? Ops.Clip(Ops.Relu(inputs), 0, m) : Ops.Relu(inputs);
        var thr = Ops.FullLike(inputs, Threshold);
        var below = Ops.MultiplyScalar(Ops.Subtract(inputs, thr), NegativeSlope);
        var y = Ops.Where(Ops.GreaterEqual(inputs, thr), inputs, below);
        return MaxValue is double max ? Ops.Where(Ops.GreaterEqual(inputs, Ops.FullLike(inputs, max)), Ops.FullLike(inputs, max), y) : y;
    }

    /// <inheritdoc/>
    public override int?[] ComputeOutputShape(int?[] inputShape) => inputShape;

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var c = base.GetConfig();
        c["max_value"] = MaxValue;
        c["negative_slope"] = NegativeSlope;
        c["threshold"] = Threshold;
        return c;
    }
}
