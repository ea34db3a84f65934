namespace KerasSharp.Layers;

/// <summary>Average pooling over sequences (N, L, C) (or (N, C, L) with channels_first).</summary>
public sealed class AveragePooling1D : BasePooling
{
    /// <summary>Creates the layer; the pool size defaults to 2 and the strides to the pool size. Sizes are one int or, as Keras
    /// writes them in a config, a one-element list.</summary>
    public AveragePooling1D(SpatialSize? poolSize = null, SpatialSize? strides = null, string padding = "valid", string dataFormat = "channels_last", string? name = null)
        : base(1, false, poolSize ?? 2, strides, padding, dataFormat, name)
    { }
}
