namespace KerasSharp.Layers;

/// <summary>
/// Applies a layer to every time step of a (batch, time, ...) input independently, as Keras's TimeDistributed: the
/// batch and time axes are folded into one for the inner layer and unfolded after. Weights are the inner layer's,
/// shared across steps ("layer/kernel", ...).
/// </summary>
public sealed class TimeDistributed : Layer
{
    private readonly Layer _layer;

    /// <summary>Wraps <paramref name="layer"/>.</summary>
    public TimeDistributed(Layer layer, string? name = null, bool trainable = true) : base(name, trainable) =>
        _layer = layer ?? throw new ArgumentNullException(nameof(layer));

    /// <summary>The layer applied to each step.</summary>
    public Layer Layer => _layer;

    /// <summary>True: the input's mask passes to the output (each step maps to one step).</summary>
    public override bool SupportsMasking => true;

    /// <summary>False: the number of steps may change.</summary>
    protected override bool InputShapeFixedAfterBuild => false;

    private void CheckRank(IReadOnlyList<int?> shape)
    {
        if (shape.Count < 3)
            throw new ArgumentException($"Layer '{Name}' expects (batch, time, ...) of rank at least 3, received shape {ShapeText.Format(shape)}.");
    }

    /// <inheritdoc/>
    public override void Build(int?[] inputShape)
    {
        CheckRank(inputShape);
        if (!_layer.Built) _layer.BuildAsSubLayer([inputShape[0] * inputShape[1], .. inputShape[2..]]);
        Built = true;
    }

    /// <inheritdoc/>
    public override Tensor Call(Tensor inputs, bool training)
    {
        var dims = inputs.Shape.Dims.ToArray();
        CheckRank([.. dims.Select(d => (int?)d)]);
        var folded = Ops.Reshape(inputs, [dims[0] * dims[1], .. dims[2..]]);
        var y = _layer.Apply(folded, training);
        return Ops.Reshape(y, [dims[0], dims[1], .. y.Shape.Dims.ToArray()[1..]]);
    }

    /// <inheritdoc/>
    public override int?[] ComputeOutputShape(int?[] inputShape)
    {
        CheckRank(inputShape);
        var inner = _layer.ComputeOutputShape([inputShape[0] * inputShape[1], .. inputShape[2..]]);
        return [inputShape[0], inputShape[1], .. inner[1..]];
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var c = base.GetConfig();
        c["layer"] = KerasObjects.Serialize(_layer);
        return c;
    }
}
