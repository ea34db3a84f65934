namespace KerasSharp.Layers;

/// <summary>The mean over the spatial axes of (N, H, W, C) (or (N, C, H, W)) inputs.</summary>
public sealed class GlobalAveragePooling2D : BaseGlobalPooling
{
    /// <summary>Creates the layer.</summary>
    public GlobalAveragePooling2D(string dataFormat = "channels_last", bool keepdims = false, string? name = null)
        : base(2, false, dataFormat, keepdims, name)
    { }
}
