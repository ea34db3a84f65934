using System.Numerics;

namespace KerasSharp.Backends.Native.Tests;

/// <summary>
/// The channels-last max pooling's input gradient (vector lanes and the scalar tail) against a scalar reference bit
/// for bit: overlapping 3x3 windows with stride 2 and padding, ties (the first maximum wins), NaN (it wins), and the sums
/// of windows sharing a cell in window order.
/// </summary>
[TestClass]
public class ChannelsLastMaxPoolGradTests
{
    [TestMethod]
    public void MatchesTheScalarRuleBitForBit()
    {
        int n = 2, h = 9, w = 11, c = 2 * Vector<float>.Count + 3;
        var g = new Conv2dGeometry(3, 3, 2, 2, 1, 1, 1, 1);
        int oh = g.OutH(h), ow = g.OutW(w);
        var rng = new Random(4);
        // values on a coarse grid, so windows hold ties; a few NaNs
        var x = Enumerable.Range(0, n * h * w * c).Select(_ => rng.Next(20) == 0 ? float.NaN : rng.Next(-4, 5) * 0.5f).ToArray();
        var dy = TestUtil.RandomFloats(n * oh * ow * c, 5);

        var got = ChannelsLastPoolGrad.InputGrad(PoolOp.Max, x, new Shape(n, h, w, c), dy, new Shape(n, oh, ow, c), g);

        var want = new float[x.Length];
        for (int b = 0; b < n; b++)
            for (int i = 0; i < oh; i++)
                for (int j = 0; j < ow; j++)
                    for (int ch = 0; ch < c; ch++)
                    {
                        int best = -1;
                        for (int ki = 0; ki < 3; ki++)
                            for (int kj = 0; kj < 3; kj++)
                            {
                                int ih = i * 2 - 1 + ki, iw = j * 2 - 1 + kj;
                                if (ih < 0 || ih >= h || iw < 0 || iw >= w) continue;
                                int cell = ((b * h + ih) * w + iw) * c + ch;
                                if (best < 0 || ((x[cell] > x[best] || float.IsNaN(x[cell])) && !float.IsNaN(x[best]))) best = cell;
                            }
                        want[best] += dy[((b * oh + i) * ow + j) * c + ch];
                    }
        for (int i = 0; i < want.Length; i++)
            Assert.AreEqual(BitConverter.SingleToInt32Bits(want[i]), BitConverter.SingleToInt32Bits(got[i]), $"dx[{i}]: {got[i]:R} against {want[i]:R}");
    }
}
