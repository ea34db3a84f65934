namespace KerasSharp.Layers;

/// <summary>
/// Keras's <c>ops.image.affine_transform</c> for channels-last batches [batch, height, width, channels], composed from
/// Ops (so every backend runs it and it is differentiable in the images): each output pixel (x, y) samples the input
/// at ((a0 x + a1 y + a2) / k, (b0 x + b1 y + b2) / k), k = c0 x + c1 y + 1, from one row
/// [a0, a1, a2, b0, b1, b2, c0, c1] per image. "bilinear" weighs the four neighbours, "nearest" takes the rounded
/// position (half to even). A neighbour outside the image is mapped back in by the fill mode as Keras's
/// <c>map_coordinates</c> does: "reflect" (d c b a | a b c d | d c b a), "mirror" (d c b | a b c d | c b a),
/// "wrap" (a b c d | a b c d), "nearest" (a a a | a b c d | d d d), or "constant" (the neighbour counts as
/// <c>fillValue</c>). The transforms are host numbers (drawn by the layers from their seeds on the host), so the
/// same seed gives the same transform on every backend.
/// </summary>
internal static class ImageAffine
{
    /// <summary>The fill modes.</summary>
    public static readonly string[] FillModes = ["reflect", "wrap", "constant", "nearest", "mirror"];

    /// <summary>Checks fill mode and interpolation, naming the layer.</summary>
    public static void CheckModes(string layer, string fillMode, string interpolation)
    {
        if (!FillModes.Contains(fillMode))
            throw new ArgumentException($"{layer}: fillMode must be one of {string.Join(", ", FillModes.Select(m => $"\"{m}\""))}, got \"{fillMode}\".");
        if (interpolation is not ("bilinear" or "nearest"))
            throw new ArgumentException($"{layer}: interpolation must be \"bilinear\" or \"nearest\", got \"{interpolation}\".");
    }

    /// <summary>[lower, upper] from one number f (meaning [-f, f]) or two, checked against [min, max].</summary>
    public static double[] Factor(string layer, string argument, double[] factor, double min, double max)
    {
        ArgumentNullException.ThrowIfNull(factor, argument);
        double[] f = factor.Length == 1 ? [-Math.Abs(factor[0]), Math.Abs(factor[0])] : factor;
        if (f.Length != 2 || !(f[0] <= f[1]) || f[0] < min || f[1] > max)
            throw new ArgumentException($"{layer}: {argument} must be one number or [lower, upper] with lower <= upper, within [{min}, {max}], got [{string.Join(", ", factor)}].");
        return f;
    }

    /// <summary>
    /// <paramref name="count"/> uniform numbers in [low, high) from one seed, computed on the host (SplitMix64 of the
    /// seed and the index), the same on every backend and thread count.
    /// </summary>
    public static double[] Uniform(long seed, int count, double low, double high)
    {
        var r = new double[count];
        for (int i = 0; i < count; i++)
        {
            double u = (RandomGenerator.Mix((ulong)seed, (ulong)i) >> 11) * (1.0 / (1UL << 53));
            r[i] = low + (high - low) * u;
        }
        return r;
    }

    /// <summary>Runs <paramref name="body"/> on channels-last batches: one image gets a batch axis, channels-first is transposed around it, integers become float32.</summary>
    public static Tensor OnBatch(Layer layer, Tensor inputs, string dataFormat, Func<Tensor, Tensor> body)
    {
        if (inputs.Rank is not (3 or 4))
        {
            string form = dataFormat == "channels_last" ? "(height, width, channels)" : "(channels, height, width)";
            throw new ArgumentException($"Layer '{layer.Name}': expects images {form} or batches of them, received shape {ShapeText.Format(inputs.Shape)}.");
        }
        bool single = inputs.Rank == 3;
        var x = single ? Ops.ExpandDims(inputs, 0) : inputs;
        if (!x.DType.IsFloating()) x = Ops.Cast(x, DType.Float32);
        bool first = dataFormat == "channels_first";
        if (first) x = Ops.Transpose(x, [0, 2, 3, 1]);
        var y = body(x);
        if (first) y = Ops.Transpose(y, [0, 3, 1, 2]);
        return single ? Ops.Squeeze(y, 0) : y;
    }

    /// <summary>Applies one transform per image (<paramref name="transforms"/> holds batch rows of 8) to channels-last float images.</summary>
    public static Tensor Transform(Tensor images, double[] transforms, string interpolation, string fillMode, double fillValue)
    {
        int b = images.Shape[0], h = images.Shape[1], w = images.Shape[2], c = images.Shape[3];
        if (transforms.Length != b * 8) throw new ArgumentException($"affine_transform: {b} images need {b * 8} transform numbers, got {transforms.Length}.");
        int hw = h * w;
        // Source coordinates, per image and output pixel, on the host in float64 (b * h * w numbers, like the index
        // tables of Resizing): the transform is host data already, and this keeps both backends bit-identical.
        var xs = new double[b * hw];
        var ys = new double[b * hw];
        for (int n = 0; n < b; n++)
        {
            var t = transforms.AsSpan(n * 8, 8);
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++)
                {
                    double k = t[6] * x + t[7] * y + 1;
                    xs[n * hw + y * w + x] = Bounded((t[0] * x + t[1] * y + t[2]) / k);
                    ys[n * hw + y * w + x] = Bounded((t[3] * x + t[4] * y + t[5]) / k);
                }
        }
        var corners = new List<(long[] Index, float[] Weight)>();
        if (interpolation == "nearest")
        {
            var idx = new long[b * hw];
            var weight = new float[b * hw];
            for (int i = 0; i < idx.Length; i++)
                (idx[i], weight[i]) = Source(i / hw, (long)Math.Round(ys[i], MidpointRounding.ToEven), (long)Math.Round(xs[i], MidpointRounding.ToEven), 1.0, h, w, fillMode, (long)b * hw);
            corners.Add((idx, weight));
        }
        else
        {
            for (int dy = 0; dy < 2; dy++)
                for (int dx = 0; dx < 2; dx++)
                {
                    var idx = new long[b * hw];
                    var weight = new float[b * hw];
                    for (int i = 0; i < idx.Length; i++)
                    {
                        double fy = Math.Floor(ys[i]), fx = Math.Floor(xs[i]);
                        double wy = dy == 0 ? 1 - (ys[i] - fy) : ys[i] - fy;
                        double wx = dx == 0 ? 1 - (xs[i] - fx) : xs[i] - fx;
                        (idx[i], weight[i]) = Source(i / hw, (long)fy + dy, (long)fx + dx, wy * wx, h, w, fillMode, (long)b * hw);
                    }
                    corners.Add((idx, weight));
                }
        }
        // A constant-mode neighbour outside the image contributes fillValue times its weight: one extra row holding
        // fillValue in every channel, addressed by index b * h * w.
        var flat = Ops.Reshape(images, [b * hw, c]);
        bool constant = fillMode == "constant";
        if (constant) flat = Ops.Concatenate([flat, Ops.Full([1, c], fillValue, images.DType).To(images.Backend, images.Device)], 0);
        Tensor? sum = null;
        foreach (var (index, weight) in corners)
        {
            var gathered = Ops.Take(flat, images.Backend.FromHost(index, new Shape(index.Length), DType.Int64, images.Device), 0);
            var wt = Ops.Cast(images.Backend.FromHost(weight, new Shape(weight.Length, 1), DType.Float32, images.Device), images.DType);
            var term = Ops.Multiply(gathered, wt);
            sum = sum is null ? term : Ops.Add(sum, term);
        }
        return Ops.Reshape(sum!, [b, h, w, c]);
    }

    /// <summary>A coordinate kept where long arithmetic is safe (far outside the image is outside all the same; NaN is outside).</summary>
    private static double Bounded(double v) => double.IsNaN(v) ? -1e9 : Math.Clamp(v, -1e9, 1e9);

    /// <summary>The flat source row of neighbour (row, col) of image n after the fill mode (<paramref name="fillRow"/> for a constant-mode neighbour outside), and its weight.</summary>
    private static (long Index, float Weight) Source(int n, long row, long col, double weight, int h, int w, string fillMode, long fillRow)
    {
        long hw = (long)h * w;
        if (fillMode == "constant")
        {
            if (row < 0 || row >= h || col < 0 || col >= w) return (fillRow, (float)weight);
            return (n * hw + row * w + col, (float)weight);
        }
        return (n * hw + Fix(row, h, fillMode) * w + Fix(col, w, fillMode), (float)weight);
    }

    /// <summary>An index brought inside [0, size) by the fill mode.</summary>
    public static long Fix(long index, long size, string fillMode)
    {
        switch (fillMode)
        {
            case "nearest":
                return Math.Clamp(index, 0, size - 1);
            case "wrap":
                return ((index % size) + size) % size;
            case "mirror":
                return size == 1 ? 0 : Mirror(index, size);
            case "reflect":
                // Half-sample symmetric: a mirror of period 2 * size over the doubled grid.
                return FloorDiv(Mirror(2 * index + 1, 2 * size + 1) - 1, 2);
            default:
                throw new ArgumentException($"affine_transform: unknown fill mode \"{fillMode}\".");
        }
    }

    private static long Mirror(long index, long size)
    {
        long s = size - 1;
        long m = ((index + s) % (2 * s) + 2 * s) % (2 * s);
        return Math.Abs(m - s);
    }

    private static long FloorDiv(long a, long b) => (long)Math.Floor((double)a / b);
}
