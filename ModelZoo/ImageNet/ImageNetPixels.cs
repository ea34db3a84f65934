namespace KerasSharp.ModelZoo;

/// <summary>
/// Bytes to normalised floats, in float32 one operation at a time as torchvision does
/// (<c>x / 255</c>, then <c>- mean</c>, then <c>/ std</c>), so that each value is bit-identical to its output.
/// </summary>
internal static class ImageNetPixels
{
    /// <summary>"channels_last" or "channels_first", lower-cased; anything else is an <see cref="ArgumentException"/>.</summary>
    public static bool IsChannelsFirst(string dataFormat)
    {
        ArgumentNullException.ThrowIfNull(dataFormat);
        return dataFormat.ToLowerInvariant() switch
        {
            "channels_last" => false,
            "channels_first" => true,
            _ => throw new ArgumentException($"ImageNet.Preprocess: dataFormat must be \"channels_last\" or \"channels_first\", got \"{dataFormat}\".", nameof(dataFormat)),
        };
    }

    /// <summary>Writes the normalised crop (<paramref name="rgb"/>, interleaved, <paramref name="size"/> square) into
    /// <paramref name="dest"/>, as [size, size, 3] or, with <paramref name="channelsFirst"/>, [3, size, size].</summary>
    public static void Normalize(ReadOnlySpan<byte> rgb, int size, bool channelsFirst, Span<float> dest)
    {
        int plane = size * size;
        for (int c = 0; c < 3; c++)
        {
            float mean = ImageNet.Mean[c], std = ImageNet.Std[c];
            for (int p = 0; p < plane; p++)
            {
                float x = rgb[p * 3 + c] / 255f;
                dest[channelsFirst ? c * plane + p : p * 3 + c] = (x - mean) / std;
            }
        }
    }
}
