namespace KerasSharp.Layers;

/// <summary>Average pooling over sequences (N, L, C) (or (N, C, L) with channels_first).</summary>
public sealed class AveragePooling1D : BasePooling
{
    /// <summary>Creates the layer; the pool size defaults to 2 and the strides to the pool size.</summary>
    public AveragePooling1D(int poolSize = 2, int? strides = null, string padding = "valid", string dataFormat = "channels_last", string? name = null)
        : base(1, false, poolSize, strides is int s ? s : null, padding, dataFormat, name)
    { }
}
