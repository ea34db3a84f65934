namespace KerasSharp.Layers;

/// <summary>Argument checks and size arithmetic shared by the convolution, pooling and spatial layers.</summary>
internal static class ConvArgs
{
    /// <summary>One value for every spatial axis, or one per axis; each positive (or non-negative). Null gives
    /// <paramref name="fallback"/>, or ones.</summary>
    public static int[] Tuple(string layer, string name, SpatialSize? size, int rank, int[]? fallback = null, bool allowZero = false)
    {
        if (size is null) return fallback is null ? Enumerable.Repeat(1, rank).ToArray() : (int[])fallback.Clone();
        var values = size.Value.Values;
        int[] r = values.Length == 1 ? Enumerable.Repeat(values[0], rank).ToArray()
                : values.Length == rank ? (int[])values.Clone()
                : throw new ArgumentException($"{layer}: {name} must have 1 or {rank} values, got [{string.Join(", ", values)}].");
        if (r.Any(v => allowZero ? v < 0 : v <= 0))
            throw new ArgumentException($"{layer}: {name} must be {(allowZero ? "non-negative" : "positive")}, got [{string.Join(", ", values)}].");
        return r;
    }

    /// <summary>"valid" or "same" (plus "causal" where allowed), lower-cased.</summary>
    public static string Padding(string layer, string padding, bool allowCausal = false)
    {
        var p = (padding ?? throw new ArgumentNullException(nameof(padding))).ToLowerInvariant();
        if (p is "valid" or "same" || (allowCausal && p == "causal")) return p;
        throw new ArgumentException($"{layer}: padding must be \"valid\"{(allowCausal ? ", \"same\" or \"causal\"" : " or \"same\"")}, got \"{padding}\".");
    }

    /// <summary>"channels_last" or "channels_first", lower-cased.</summary>
    public static string DataFormat(string layer, string dataFormat)
    {
        var f = (dataFormat ?? throw new ArgumentNullException(nameof(dataFormat))).ToLowerInvariant();
        if (f is "channels_last" or "channels_first") return f;
        throw new ArgumentException($"{layer}: dataFormat must be \"channels_last\" or \"channels_first\", got \"{dataFormat}\".");
    }

    /// <summary>Keras's <c>conv_output_length</c>; null stays null (unknown size).</summary>
    public static int? OutputLength(int? length, int kernel, string padding, int stride, int dilation = 1)
    {
        if (length is not int n) return null;
        int k = kernel + (kernel - 1) * (dilation - 1);
        int o = padding switch
        {
            "same" or "causal" => n,
            _ => n - k + 1,
        };
        return o <= 0 ? 0 : (o + stride - 1) / stride;
    }

    /// <summary>"(3, 3)" as Keras prints tuples.</summary>
    public static string Format(int[] values) => "(" + string.Join(", ", values) + (values.Length == 1 ? ",)" : ")");
}
