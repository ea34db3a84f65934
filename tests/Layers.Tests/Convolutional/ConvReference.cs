namespace KerasSharp.Layers.Tests.Convolutional;

/// <summary>Plain loops over host arrays: the reference the layers are checked against, and layout helpers.</summary>
internal static class ConvReference
{
    public static double[] Random(int count, int seed)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => Math.Round(rng.NextDouble() * 4 - 2, 2)).ToArray();
    }

    /// <summary>TensorFlow's "same" split: (before, after) with the extra one after.</summary>
    public static (int, int) SamePads(int size, int k, int s, int d)
    {
        int outSize = (size + s - 1) / s;
        int total = Math.Max((outSize - 1) * s + (k - 1) * d + 1 - size, 0);
        return (total / 2, total - total / 2);
    }

    /// <summary>NHWC convolution with a Keras kernel [kh, kw, c/groups, o]; returns NHWC and the output size.</summary>
    public static (double[] Y, int Oh, int Ow) Conv2d(double[] x, int n, int h, int w, int c, double[] k, int kh, int kw, int o,
                                                   int sh = 1, int sw = 1, int dh = 1, int dw = 1, int groups = 1, bool same = false)
    {
        var (pt, pb) = same ? SamePads(h, kh, sh, dh) : (0, 0);
        var (pl, pr) = same ? SamePads(w, kw, sw, dw) : (0, 0);
        int oh = (h + pt + pb - (kh - 1) * dh - 1) / sh + 1, ow = (w + pl + pr - (kw - 1) * dw - 1) / sw + 1;
        int cg = c / groups, og = o / groups;
        var y = new double[n * oh * ow * o];
        for (int b = 0; b < n; b++)
            for (int i = 0; i < oh; i++)
                for (int j = 0; j < ow; j++)
                    for (int f = 0; f < o; f++)
                    {
                        int g = f / og;
                        double sum = 0;
                        for (int u = 0; u < kh; u++)
                            for (int v = 0; v < kw; v++)
                            {
                                int r = i * sh + u * dh - pt, q = j * sw + v * dw - pl;
                                if (r < 0 || r >= h || q < 0 || q >= w) continue;
                                for (int ci = 0; ci < cg; ci++)
                                    sum += x[((b * h + r) * w + q) * c + g * cg + ci] * k[((u * kw + v) * cg + ci) * o + f];
                            }
                        y[((b * oh + i) * ow + j) * o + f] = sum;
                    }
        return (y, oh, ow);
    }

    /// <summary>NHWC to NCHW on the host (also N,L,C to N,C,L with h = 1).</summary>
    public static double[] ToNchw(double[] x, int n, int h, int w, int c)
    {
        var y = new double[x.Length];
        for (int b = 0; b < n; b++) for (int i = 0; i < h; i++) for (int j = 0; j < w; j++) for (int f = 0; f < c; f++)
            y[((b * c + f) * h + i) * w + j] = x[((b * h + i) * w + j) * c + f];
        return y;
    }

    public static void AllClose(double[] expected, double[] actual, double tol, string what)
    {
        Assert.HasCount(expected.Length, actual, what);
        for (int i = 0; i < expected.Length; i++)
            Assert.AreEqual(expected[i], actual[i], tol * (1 + Math.Abs(expected[i])), $"{what}: element {i}");
    }

    /// <summary>Copies every weight of <paramref name="from"/> into <paramref name="to"/> (same architecture, both built).</summary>
    public static void CopyWeights(Layer from, Layer to)
    {
        for (int i = 0; i < from.Weights.Count; i++) to.Weights[i].Assign(from.Weights[i]);
    }

    /// <summary>
    /// Runs a channels_last layer on NHWC data and a channels_first twin (same weights) on the NCHW transpose, and
    /// checks that the results are transposes of each other; returns the channels_last output.
    /// </summary>
    public static Tensor BothFormats(Func<string, Layer> make, double[] x, int[] nhwc, double tol = 1e-12)
    {
        var last = make("channels_last");
        var first = make("channels_first");
        using var xl = T.D(x, nhwc);
        int n = nhwc[0], c = nhwc[^1], h = nhwc.Length == 4 ? nhwc[1] : 1, w = nhwc[^2];
        int[] nchw = nhwc.Length == 4 ? [n, c, h, w] : [n, c, w];
        using var xf = T.D(ToNchw(x, n, h, w, c), nchw);
        var yl = last.Apply(xl);
        first.Apply(xf).Dispose();
        CopyWeights(last, first);
        using var yf = first.Apply(xf);
        int oc = yl.Shape[^1], oh = yl.Rank == 4 ? yl.Shape[1] : 1, ow = yl.Shape[^2];
        AllClose(ToNchw(yl.ToArray<double>(), n, oh, ow, oc), yf.ToArray<double>(), tol, $"{last.GetType().Name} channels_first vs channels_last");
        return yl;
    }
}
