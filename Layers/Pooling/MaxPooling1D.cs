namespace KerasSharp.Layers;

/// <summary>Max pooling over sequences (N, L, C) (or (N, C, L) with channels_first).</summary>
public sealed class MaxPooling1D : BasePooling
{
    /// <summary>Creates the layer; the pool size defaults to 2 and the strides to the pool size.</summary>
    public MaxPooling1D(int poolSize = 2, int? strides = null, string padding = "valid", string dataFormat = "channels_last", string? name = null)
        : base(1, true, poolSize, strides is int s ? s : null, padding, dataFormat, name)
    { }
}
