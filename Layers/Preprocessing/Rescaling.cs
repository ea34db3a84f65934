namespace KerasSharp.Layers;

/// <summary>Multiplies its input by <see cref="Scale"/> and adds <see cref="Offset"/> (pixels 0-255 to [0, 1]: scale 1/255), in float.</summary>
public sealed class Rescaling : Layer
{
    /// <summary>Creates the layer: y = x * <paramref name="scale"/> + <paramref name="offset"/>.</summary>
    public Rescaling(double scale, double offset = 0.0, string? name = null) : base(name)
    {
        if (!double.IsFinite(scale) || !double.IsFinite(offset))
            throw new ArgumentException($"Rescaling: scale ({scale}) and offset ({offset}) must be finite.");
        Scale = scale;
        Offset = offset;
    }

    /// <summary>The factor.</summary>
    public double Scale { get; }

    /// <summary>The value added after scaling.</summary>
    public double Offset { get; }

    /// <inheritdoc/>
    public override Tensor Call(Tensor inputs, bool training)
    {
        var x = inputs.DType.IsFloating() ? inputs : Ops.Cast(inputs, DType);
        var scaled = Ops.MultiplyScalar(x, Scale);
        return Offset == 0 ? scaled : Ops.AddScalar(scaled, Offset);
    }

    /// <inheritdoc/>
    public override int?[] ComputeOutputShape(int?[] inputShape) => inputShape;

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var c = base.GetConfig();
        c["scale"] = Scale;
        c["offset"] = Offset;
        return c;
    }
}
