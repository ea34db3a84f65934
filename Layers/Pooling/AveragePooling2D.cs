namespace KerasSharp.Layers;

/// <summary>Average pooling over images (N, H, W, C) (or (N, C, H, W) with channels_first); padded cells are not counted.</summary>
public sealed class AveragePooling2D : BasePooling
{
    /// <summary>Creates the layer; the pool size defaults to 2 and the strides to the pool size.</summary>
    public AveragePooling2D(SpatialSize? poolSize = null, SpatialSize? strides = null, string padding = "valid", string dataFormat = "channels_last", string? name = null)
        : base(2, false, poolSize ?? 2, strides, padding, dataFormat, name)
    { }
}
