namespace KerasSharp.Layers;

/// <summary>Pads images with zero rows above/below and zero columns left/right of the spatial axes.</summary>
public sealed class ZeroPadding2D : Layer
{
    /// <summary>The same padding on all four sides.</summary>
    public ZeroPadding2D(int padding = 1, string dataFormat = "channels_last", string? name = null)
        : this(((padding, padding), (padding, padding)), dataFormat, name) { }

    /// <summary>Symmetric padding: (rows above and below, columns left and right).</summary>
    public ZeroPadding2D((int Rows, int Columns) padding, string dataFormat = "channels_last", string? name = null)
        : this(((padding.Rows, padding.Rows), (padding.Columns, padding.Columns)), dataFormat, name) { }

    /// <summary>From <c>[[top, bottom], [left, right]]</c>, as Keras writes <c>padding</c> in a config.</summary>
    public ZeroPadding2D(int[][] padding, string dataFormat = "channels_last", string? name = null)
        : this(Pairs(padding), dataFormat, name) { }

    /// <summary>Full control: ((top, bottom), (left, right)).</summary>
    public ZeroPadding2D(((int Top, int Bottom) Rows, (int Left, int Right) Columns) padding, string dataFormat = "channels_last", string? name = null)
        : base(name)
    {
        var ((t, b), (l, r)) = padding;
        if (t < 0 || b < 0 || l < 0 || r < 0)
            throw new ArgumentException($"ZeroPadding2D: padding must be non-negative, got (({t}, {b}), ({l}, {r})).");
        Padding = padding;
        DataFormat = ConvArgs.DataFormat("ZeroPadding2D", dataFormat);
        InputSpec = new InputSpec { Rank = 4 };
    }

    /// <summary>((top, bottom), (left, right)).</summary>
    public ((int Top, int Bottom) Rows, (int Left, int Right) Columns) Padding { get; }
    /// <summary>"channels_last" or "channels_first".</summary>
    public string DataFormat { get; }

    /// <inheritdoc/>
    public override Tensor Call(Tensor inputs, bool training)
    {
        var pads = new (int, int)[4];
        var axes = ChannelLayout.SpatialAxes(DataFormat, 4);
        pads[axes[0]] = Padding.Rows;
        pads[axes[1]] = Padding.Columns;
        return Ops.Pad(inputs, pads);
    }

    /// <inheritdoc/>
    public override int?[] ComputeOutputShape(int?[] inputShape)
    {
        var axes = ChannelLayout.SpatialAxes(DataFormat, 4);
        var s = (int?[])inputShape.Clone();
        s[axes[0]] += Padding.Rows.Top + Padding.Rows.Bottom;
        s[axes[1]] += Padding.Columns.Left + Padding.Columns.Right;
        return s;
    }

    private static ((int, int), (int, int)) Pairs(int[][] padding)
    {
        ArgumentNullException.ThrowIfNull(padding);
        if (padding.Length != 2 || padding.Any(p => p is null || p.Length != 2))
            throw new ArgumentException("ZeroPadding2D: padding given as arrays must be [[top, bottom], [left, right]].");
        return ((padding[0][0], padding[0][1]), (padding[1][0], padding[1][1]));
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var c = base.GetConfig();
        c["padding"] = new[] { new[] { Padding.Rows.Top, Padding.Rows.Bottom }, new[] { Padding.Columns.Left, Padding.Columns.Right } };
        c["data_format"] = DataFormat;
        return c;
    }
}
