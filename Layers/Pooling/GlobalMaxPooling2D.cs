namespace KerasSharp.Layers;

/// <summary>The maximum over the spatial axes of (N, H, W, C) (or (N, C, H, W)) inputs.</summary>
public sealed class GlobalMaxPooling2D : BaseGlobalPooling
{
    /// <summary>Creates the layer.</summary>
    public GlobalMaxPooling2D(string dataFormat = "channels_last", bool keepdims = false, string? name = null)
        : base(2, true, dataFormat, keepdims, name)
    { }
}
