using static KerasSharp.Backends.Native.Tests.TestUtil;

namespace KerasSharp.Backends.Native.Tests;

/// <summary>The 2x2 stride-2 max-pool fast path against a direct loop: odd sizes (last row/column dropped), ties, NaN.</summary>
[TestClass]
public class MaxPool2x2Tests
{
    [TestMethod]
    public void MatchesDirectLoopWithTiesAndNaN()
    {
        int n = 2, c = 3, h = 7, w = 9, oh = 3, ow = 4;
        var rng = new Random(5);
        var x = new float[n * c * h * w];
        for (int i = 0; i < x.Length; i++) x[i] = rng.Next(4) - 1.5f; // few distinct values: many ties
        x[10] = float.NaN;
        x[100] = float.NaN;
        var dy = RandomFloats(n * c * oh * ow, 6);
        var y = new float[dy.Length];
        var dx = new float[x.Length];
        for (int p = 0; p < n * c; p++)
            for (int i = 0; i < oh; i++)
                for (int j = 0; j < ow; j++)
                {
                    int at = -1;
                    float best = 0;
                    for (int ki = 0; ki < 2; ki++)
                        for (int kj = 0; kj < 2; kj++)
                        {
                            int k = p * h * w + (2 * i + ki) * w + 2 * j + kj;
                            if (at < 0 || x[k] > best || (float.IsNaN(x[k]) && !float.IsNaN(best))) (best, at) = (x[k], k);
                        }
                    int o = (p * oh + i) * ow + j;
                    y[o] = best;
                    dx[at] += dy[o];
                }
        var g = new Conv2dGeometry(2, 2, 2, 2);
        using var xt = T(x, n, c, h, w);
        CollectionAssert.AreEqual(y, Read<float>(B.Pool2d(PoolOp.Max, xt, g, new Shape(n, c, oh, ow))));
        CollectionAssert.AreEqual(dx, Read<float>(B.Pool2dBackward(PoolOp.Max, xt, T(dy, n, c, oh, ow), g)));
    }
}
