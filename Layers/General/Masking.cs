namespace KerasSharp.Layers;

/// <summary>
/// Marks padded time steps: a step whose features all equal <see cref="MaskValue"/> is masked (its output zeroed,
/// its mask false), so the layers after it that consume masks (MultiHeadAttention, ...) skip it. Input (batch, steps,
/// features) gives the mask (batch, steps).
/// </summary>
public sealed class Masking : Layer
{
    /// <summary>Creates the layer; steps whose features all equal <paramref name="maskValue"/> are masked.</summary>
    public Masking(double maskValue = 0.0, string? name = null) : base(name)
    {
        if (double.IsNaN(maskValue)) throw new ArgumentException("Masking: maskValue is NaN, which no value equals; pick the value your padding holds.");
        MaskValue = maskValue;
        InputSpec = new InputSpec { MinRank = 2 };
    }

    /// <summary>The value padding holds.</summary>
    public double MaskValue { get; }

    /// <summary>True: this layer makes the mask.</summary>
    public override bool SupportsMasking => true;

    /// <inheritdoc/>
    public override Tensor Call(Tensor inputs, bool training)
    {
        var keep = Keep(inputs, keepDims: true);
        return Ops.Multiply(inputs, Ops.Cast(keep, inputs.DType));
    }

    /// <summary>True where some feature of the step differs from <see cref="MaskValue"/>; an incoming mask is replaced, as Keras does.</summary>
    public override Tensor? ComputeMask(Tensor inputs, Tensor? previousMask) => Keep(inputs, keepDims: false);

    private Tensor Keep(Tensor inputs, bool keepDims) =>
        Ops.Any(Ops.NotEqual(inputs, Ops.FullLike(inputs, MaskValue)), [-1], keepDims);

    /// <inheritdoc/>
    public override int?[] ComputeOutputShape(int?[] inputShape) => inputShape;

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var c = base.GetConfig();
        c["mask_value"] = MaskValue;
        return c;
    }
}
