namespace KerasSharp.Backends.Native;

/// <summary>For pooling along one axis: per output index, the kernel taps [lo, hi) whose cell lies inside the input.</summary>
internal static class PoolRanges
{
    /// <summary>Tap k of output o reads input index o*stride - pad + k*dilation; keeps the taps in [0, length).</summary>
    public static (int Lo, int Hi)[] Of(int outLength, int length, int kernel, int stride, int pad, int dilation)
    {
        var r = new (int, int)[outLength];
        for (int o = 0; o < outLength; o++)
        {
            int start = o * stride - pad;
            int lo = start >= 0 ? 0 : (-start + dilation - 1) / dilation;
            int hi = length - start <= 0 ? 0 : Math.Min(kernel, (length - start + dilation - 1) / dilation);
            r[o] = (Math.Min(lo, hi), hi);
        }
        return r;
    }
}
