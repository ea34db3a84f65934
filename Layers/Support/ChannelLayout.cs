namespace KerasSharp.Layers;

/// <summary>
/// The spatial layers compute in channels-first layout (NCL / NCHW, what Ops' convolutions take);
/// channels-last inputs are transposed in and out around the computation.
/// </summary>
internal static class ChannelLayout
{
    /// <summary>The channel axis (batch axis included) of a rank-<paramref name="rank"/> input.</summary>
    public static int ChannelAxis(string dataFormat, int rank) => dataFormat == "channels_first" ? 1 : rank - 1;

    /// <summary>The spatial axes (batch axis included).</summary>
    public static int[] SpatialAxes(string dataFormat, int rank) =>
        dataFormat == "channels_first" ? Enumerable.Range(2, rank - 2).ToArray() : Enumerable.Range(1, rank - 2).ToArray();

    /// <summary>N...C to NC... (no-op for channels_first).</summary>
    public static Tensor ToChannelsFirst(Tensor x, string dataFormat) =>
        dataFormat == "channels_first" ? x : Ops.Transpose(x, [0, x.Rank - 1, .. Enumerable.Range(1, x.Rank - 2)]);

    /// <summary>NC... back to N...C (no-op for channels_first).</summary>
    public static Tensor FromChannelsFirst(Tensor x, string dataFormat) =>
        dataFormat == "channels_first" ? x : Ops.Transpose(x, [0, .. Enumerable.Range(2, x.Rank - 2), 1]);

    /// <summary>The input's shape with new spatial sizes and channel count, in the layer's format.</summary>
    public static int?[] WithSpatial(int?[] input, string dataFormat, int?[] spatial, int? channels)
    {
        var s = (int?[])input.Clone();
        var axes = SpatialAxes(dataFormat, input.Length);
        for (int i = 0; i < axes.Length; i++) s[axes[i]] = spatial[i];
        s[ChannelAxis(dataFormat, input.Length)] = channels;
        return s;
    }
}
