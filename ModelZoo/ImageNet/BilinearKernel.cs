namespace KerasSharp.ModelZoo;

/// <summary>
/// The taps of PIL's antialiased bilinear resampling along one axis (Pillow's <c>precompute_coeffs</c> and
/// <c>normalize_coeffs_8bpc</c>, re-derived so that the results are bit-identical): a triangle filter stretched by
/// the scale when shrinking, its weights normalised to sum to 1 in double precision, then rounded to 22-bit fixed
/// point. Only a window of output positions is computed, because the centre crop needs no others.
/// </summary>
internal sealed class BilinearKernel
{
    /// <summary>Fixed-point bits of a weight (Pillow: 32 - 8 - 2, so that sums of 8-bit values cannot overflow).</summary>
    internal const int PrecisionBits = 22;

    private BilinearKernel(int[] start, int[] count, int[] weights, int size)
    {
        Start = start;
        Count = count;
        Weights = weights;
        Size = size;
    }

    /// <summary>First input index read for each output position of the window.</summary>
    public int[] Start { get; }

    /// <summary>Number of input positions read for each output position.</summary>
    public int[] Count { get; }

    /// <summary>Fixed-point weights, <see cref="Size"/> per output position (the unused tail is zero).</summary>
    public int[] Weights { get; }

    /// <summary>Room for weights per output position.</summary>
    public int Size { get; }

    /// <summary>Taps for output positions <paramref name="first"/> .. <paramref name="first"/> + <paramref name="count"/> - 1
    /// of a resize from <paramref name="inSize"/> to <paramref name="outSize"/> positions.</summary>
    public static BilinearKernel Create(int inSize, long outSize, long first, int count)
    {
        double scale = (double)inSize / outSize;
        double filterScale = Math.Max(scale, 1.0);      // shrinking widens the triangle: that is the antialiasing
        double support = 1.0 * filterScale;             // the triangle's half-width is 1 input pixel at scale 1
        int size = (int)Math.Ceiling(support) * 2 + 1;
        var start = new int[count];
        var taps = new int[count];
        var weights = new int[count * size];
        var k = new double[size];
        double inverse = 1.0 / filterScale;             // Pillow multiplies by the reciprocal (a division may differ in the last bit)
        for (int i = 0; i < count; i++)
        {
            double center = (first + i + 0.5) * scale;
            // Pillow rounds the ends with a C cast of x + 0.5 (truncation toward zero), then clamps.
            int xmin = Math.Max((int)(center - support + 0.5), 0);
            int xmax = Math.Min((int)(center + support + 0.5), inSize) - xmin;
            double sum = 0;
            for (int x = 0; x < xmax; x++)
            {
                k[x] = Triangle((x + xmin - center + 0.5) * inverse);
                sum += k[x];
            }
            for (int x = 0; x < xmax; x++)
            {
                double w = sum != 0 ? k[x] / sum : k[x];
                weights[i * size + x] = (int)(w < 0 ? w * (1 << PrecisionBits) - 0.5 : w * (1 << PrecisionBits) + 0.5);
            }
            start[i] = xmin;
            taps[i] = xmax;
        }
        return new BilinearKernel(start, taps, weights, size);
    }

    private static double Triangle(double x)
    {
        x = Math.Abs(x);
        return x < 1.0 ? 1.0 - x : 0.0;
    }

    /// <summary>A fixed-point sum back to a byte, as Pillow's <c>clip8</c> does (the sum starts at one half).</summary>
    public static byte Clip(int sum)
    {
        int v = sum >> PrecisionBits;
        return (byte)(v < 0 ? 0 : v > 255 ? 255 : v);
    }
}
