namespace KerasSharp.Layers;

/// <summary>The maximum over the time axis of (N, L, C) (or (N, C, L)) inputs.</summary>
public sealed class GlobalMaxPooling1D : BaseGlobalPooling
{
    /// <summary>Creates the layer.</summary>
    public GlobalMaxPooling1D(string dataFormat = "channels_last", bool keepdims = false, string? name = null)
        : base(1, true, dataFormat, keepdims, name)
    { }
}
