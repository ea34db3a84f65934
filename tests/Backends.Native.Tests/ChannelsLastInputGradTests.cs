namespace KerasSharp.Backends.Native.Tests;

/// <summary>
/// The channels-last convolution's input gradient through the flipped-kernel convolution (stride 1), whose kernel flip
/// goes through <see cref="BlockTranspose"/> when both channel counts reach its 8x8 tiles and element by element
/// otherwise, against a float64 sum over the receptive fields.
/// </summary>
[TestClass]
public class ChannelsLastInputGradTests
{
    [TestMethod]
    [DataRow(16, 24)]
    [DataRow(5, 7)]
    public void MatchesFloat64(int c, int o)
    {
        int n = 2, h = 7, w = 9, k = 3;
        var g = new Conv2dGeometry(k, k, 1, 1, 1, 1, 1, 1);
        var x = new Shape(n, h, w, c);
        var ys = new Shape(n, h, w, o);
        var wt = TestUtil.RandomFloats(k * k * c * o, 1);
        var dy = TestUtil.RandomFloats(n * h * w * o, 2);
        var dx = ChannelsLastConvGrad.InputGrad(dy, ys, wt, new Shape(k, k, c, o), g, x);
        for (int b = 0; b < n; b++)
            for (int ih = 0; ih < h; ih++)
                for (int iw = 0; iw < w; iw++)
                    for (int ci = 0; ci < c; ci++)
                    {
                        double want = 0;
                        for (int ki = 0; ki < k; ki++)
                            for (int kj = 0; kj < k; kj++)
                            {
                                int oh = ih + 1 - ki, ow = iw + 1 - kj;   // output pixels whose field holds (ih, iw) at tap (ki, kj)
                                if (oh < 0 || oh >= h || ow < 0 || ow >= w) continue;
                                for (int oi = 0; oi < o; oi++)
                                    want += (double)dy[((b * h + oh) * w + ow) * o + oi] * wt[((ki * k + kj) * c + ci) * o + oi];
                            }
                        Assert.AreEqual(want, dx[((b * h + ih) * w + iw) * c + ci], 1e-5 * (1 + Math.Abs(want)), $"dx[{b},{ih},{iw},{ci}]");
                    }
    }
}
