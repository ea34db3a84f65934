namespace KerasSharp.Layers;

/// <summary>The mean over the time axis of (N, L, C) (or (N, C, L)) inputs.</summary>
public sealed class GlobalAveragePooling1D : BaseGlobalPooling
{
    /// <summary>Creates the layer.</summary>
    public GlobalAveragePooling1D(string dataFormat = "channels_last", bool keepdims = false, string? name = null)
        : base(1, false, dataFormat, keepdims, name)
    { }
}
