namespace KerasSharp.Layers;

/// <summary>Max pooling over images (N, H, W, C) (or (N, C, H, W) with channels_first).</summary>
public sealed class MaxPooling2D : BasePooling
{
    /// <summary>Creates the layer; the pool size defaults to 2 and the strides to the pool size.</summary>
    public MaxPooling2D(SpatialSize? poolSize = null, SpatialSize? strides = null, string padding = "valid", string dataFormat = "channels_last", string? name = null)
        : base(2, true, poolSize ?? 2, strides, padding, dataFormat, name)
    { }
}
