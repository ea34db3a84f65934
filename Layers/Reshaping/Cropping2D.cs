namespace KerasSharp.Layers;

/// <summary>Crops rows above/below and columns left/right of the spatial axes of images.</summary>
public sealed class Cropping2D : Layer
{
    /// <summary>The same cropping on all four sides.</summary>
    public Cropping2D(int cropping = 0, string dataFormat = "channels_last", string? name = null)
        : this(((cropping, cropping), (cropping, cropping)), dataFormat, name) { }

    /// <summary>Symmetric cropping: (rows above and below, columns left and right).</summary>
    public Cropping2D((int Rows, int Columns) cropping, string dataFormat = "channels_last", string? name = null)
        : this(((cropping.Rows, cropping.Rows), (cropping.Columns, cropping.Columns)), dataFormat, name) { }

    /// <summary>From <c>[[top, bottom], [left, right]]</c>, as Keras writes <c>cropping</c> in a config.</summary>
    public Cropping2D(int[][] cropping, string dataFormat = "channels_last", string? name = null)
        : this(Pairs(cropping), dataFormat, name) { }

    /// <summary>Full control: ((top, bottom), (left, right)).</summary>
    public Cropping2D(((int Top, int Bottom) Rows, (int Left, int Right) Columns) cropping, string dataFormat = "channels_last", string? name = null)
        : base(name)
    {
        var ((t, b), (l, r)) = cropping;
        if (t < 0 || b < 0 || l < 0 || r < 0)
            throw new ArgumentException($"Cropping2D: cropping must be non-negative, got (({t}, {b}), ({l}, {r})).");
        Cropping = cropping;
        DataFormat = ConvArgs.DataFormat("Cropping2D", dataFormat);
        InputSpec = new InputSpec { Rank = 4 };
    }

    /// <summary>((top, bottom), (left, right)).</summary>
    public ((int Top, int Bottom) Rows, (int Left, int Right) Columns) Cropping { get; }
    /// <summary>"channels_last" or "channels_first".</summary>
    public string DataFormat { get; }

    /// <inheritdoc/>
    public override Tensor Call(Tensor inputs, bool training)
    {
        CheckFits(inputs.Shape.Select(d => (int?)d).ToArray());
        var axes = ChannelLayout.SpatialAxes(DataFormat, 4);
        var index = new TensorIndex[4];
        for (int d = 0; d < 4; d++) index[d] = TensorIndex.All;
        index[axes[0]] = TensorIndex.Slice(Cropping.Rows.Top, inputs.Shape[axes[0]] - Cropping.Rows.Bottom);
        index[axes[1]] = TensorIndex.Slice(Cropping.Columns.Left, inputs.Shape[axes[1]] - Cropping.Columns.Right);
        return Ops.Slice(inputs, index);
    }

    /// <inheritdoc/>
    public override int?[] ComputeOutputShape(int?[] inputShape)
    {
        CheckFits(inputShape);
        var axes = ChannelLayout.SpatialAxes(DataFormat, 4);
        var s = (int?[])inputShape.Clone();
        s[axes[0]] -= Cropping.Rows.Top + Cropping.Rows.Bottom;
        s[axes[1]] -= Cropping.Columns.Left + Cropping.Columns.Right;
        return s;
    }

    private void CheckFits(int?[] shape)
    {
        if (shape.Length != 4) return;
        var axes = ChannelLayout.SpatialAxes(DataFormat, 4);
        if ((shape[axes[0]] is int h && h <= Cropping.Rows.Top + Cropping.Rows.Bottom) ||
            (shape[axes[1]] is int w && w <= Cropping.Columns.Left + Cropping.Columns.Right))
            throw new ArgumentException(
                $"Layer '{Name}': input shape {ShapeText.Format(shape)} is too small for cropping (({Cropping.Rows.Top}, {Cropping.Rows.Bottom}), " +
                $"({Cropping.Columns.Left}, {Cropping.Columns.Right})) (data format {DataFormat}).");
    }

    private static ((int, int), (int, int)) Pairs(int[][] cropping)
    {
        ArgumentNullException.ThrowIfNull(cropping);
        if (cropping.Length != 2 || cropping.Any(p => p is null || p.Length != 2))
            throw new ArgumentException("Cropping2D: cropping given as arrays must be [[top, bottom], [left, right]].");
        return ((cropping[0][0], cropping[0][1]), (cropping[1][0], cropping[1][1]));
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var c = base.GetConfig();
        c["cropping"] = new[] { new[] { Cropping.Rows.Top, Cropping.Rows.Bottom }, new[] { Cropping.Columns.Left, Cropping.Columns.Right } };
        c["data_format"] = DataFormat;
        return c;
    }
}
