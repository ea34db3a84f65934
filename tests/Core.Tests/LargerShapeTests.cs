namespace KerasSharp.Tests;

/// <summary>
/// Shapes big enough for the native kernels' blocked, vectorised and multithreaded paths (still well under 1e5
/// elements), checked against plain C# loops.
/// </summary>
[TestClass]
public sealed class LargerShapeTests
{
    private static float[] Ints(int n, int mul, int mod, int shift)
    {
        var v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (int)((long)i * mul % mod) - shift;
        return v;
    }

    [TestMethod]
    public void MatMulMatchesNaiveLoopAcrossBlockBoundaries()
    {
        const int m = 130, k = 257, n = 66;
        var av = Ints(m * k, 7, 11, 5);
        var bv = Ints(k * n, 5, 13, 6);
        var expected = new float[m * n];
        for (int i = 0; i < m; i++)
            for (int p = 0; p < k; p++)
            {
                float a = av[i * k + p];
                for (int j = 0; j < n; j++) expected[i * n + j] += a * bv[p * n + j];
            }
        using var at = Tensor.FromArray(av, m, k);
        using var bt = Tensor.FromArray(bv, k, n);
        TensorAssert.AreClose(expected, [m, n], Ops.MatMul(at, bt), 0);
        // The same through transposed views.
        using var atT = Ops.Transpose(Tensor.FromArray(Transpose(av, m, k), k, m));
        TensorAssert.AreClose(expected, [m, n], Ops.MatMul(atT, bt), 0);
    }

    [TestMethod]
    public void BatchBroadcastMatMulMatchesNaiveLoop()
    {
        const int b = 3, m = 33, k = 65, n = 17;
        var av = Ints(m * k, 3, 7, 3);          // [m,k] shared across the batch
        var bv = Ints(b * k * n, 11, 9, 4);     // [b,k,n]
        var expected = new float[b * m * n];
        for (int t = 0; t < b; t++)
            for (int i = 0; i < m; i++)
                for (int j = 0; j < n; j++)
                {
                    float s = 0;
                    for (int p = 0; p < k; p++) s += av[i * k + p] * bv[(t * k + p) * n + j];
                    expected[(t * m + i) * n + j] = s;
                }
        using var a = Tensor.FromArray(av, 1, m, k);
        using var bb = Tensor.FromArray(bv, b, k, n);
        TensorAssert.AreClose(expected, [b, m, n], Ops.MatMul(a, bb), 0);
    }

    [TestMethod]
    public void ReductionsOverEachAxisOfA3DTensor()
    {
        const int d0 = 17, d1 = 63, d2 = 41;
        var v = Ints(d0 * d1 * d2, 13, 17, 8);
        using var x = Tensor.FromArray(v, d0, d1, d2);
        var s0 = new float[d1 * d2];
        var s1 = new float[d0 * d2];
        var m2 = Enumerable.Repeat(float.NegativeInfinity, d0 * d1).ToArray();
        for (int i = 0; i < d0; i++)
            for (int j = 0; j < d1; j++)
                for (int k = 0; k < d2; k++)
                {
                    float e = v[(i * d1 + j) * d2 + k];
                    s0[j * d2 + k] += e;
                    s1[i * d2 + k] += e;
                    m2[i * d1 + j] = Math.Max(m2[i * d1 + j], e);
                }
        TensorAssert.AreClose(s0, [d1, d2], Ops.Sum(x, 0), 0);
        TensorAssert.AreClose(s1, [d0, d2], Ops.Sum(x, 1), 0);
        TensorAssert.AreClose(m2, [d0, d1], Ops.Max(x, 2), 0);
        TensorAssert.AreClose(new float[] { v.Sum() }, [], Ops.Sum(x), 0);
    }

    [TestMethod]
    public void SoftmaxOfLongRows()
    {
        using var z = Ops.Zeros([7, 1001]);
        TensorAssert.AreClose(Enumerable.Repeat(1f / 1001, 7 * 1001).ToArray(), [7, 1001], Ops.Softmax(z), 1e-6);
        using var col = Ops.Zeros([1001, 7]);
        TensorAssert.AreClose(Enumerable.Repeat(1f / 1001, 7 * 1001).ToArray(), [1001, 7], Ops.Softmax(col, 0), 1e-6);
    }

    [TestMethod]
    public void ConvolutionWithPaddingStrideDilationAndGroupsMatchesNaiveLoop()
    {
        const int n = 2, c = 4, h = 11, w = 10, o = 6, groups = 2, kh = 3, kw = 3, sh = 2, sw = 1, dh = 1, dw = 2;
        int cg = c / groups, og = o / groups;
        var xv = Ints(n * c * h * w, 7, 9, 4);
        var wv = Ints(o * cg * kh * kw, 5, 7, 3);
        var bias = new float[] { 1, -1, 2, -2, 3, -3 };
        // "same": output ceil(h / sh) x ceil(w / sw); TensorFlow's split puts the extra padding after.
        int oh = (h + sh - 1) / sh, ow = (w + sw - 1) / sw;
        int padH = Math.Max((oh - 1) * sh + (kh - 1) * dh + 1 - h, 0), padW = Math.Max((ow - 1) * sw + (kw - 1) * dw + 1 - w, 0);
        int top = padH / 2, left = padW / 2;
        var expected = new float[n * o * oh * ow];
        for (int b = 0; b < n; b++)
            for (int oc = 0; oc < o; oc++)
                for (int y = 0; y < oh; y++)
                    for (int xx = 0; xx < ow; xx++)
                    {
                        float s = bias[oc];
                        int g = oc / og;
                        for (int icg = 0; icg < cg; icg++)
                            for (int dy = 0; dy < kh; dy++)
                                for (int dx = 0; dx < kw; dx++)
                                {
                                    int iy = y * sh + dy * dh - top, ix = xx * sw + dx * dw - left;
                                    if (iy < 0 || iy >= h || ix < 0 || ix >= w) continue;
                                    int ic = g * cg + icg;
                                    s += xv[((b * c + ic) * h + iy) * w + ix] * wv[((oc * cg + icg) * kh + dy) * kw + dx];
                                }
                        expected[((b * o + oc) * oh + y) * ow + xx] = s;
                    }
        using var x = Tensor.FromArray(xv, n, c, h, w);
        using var k = Tensor.FromArray(wv, o, cg, kh, kw);
        using var bt = Tensor.FromArray(bias);
        TensorAssert.AreClose(expected, [n, o, oh, ow], Ops.Conv2d(x, k, bt, [sh, sw], "same", [dh, dw], groups), 0);
    }

    [TestMethod]
    public void OverlappingPoolingMatchesNaiveLoop()
    {
        const int n = 2, c = 3, h = 9, w = 8, kh = 3, kw = 2, sh = 2, sw = 2;
        var xv = Ints(n * c * h * w, 11, 23, 11);
        int oh = (h - kh) / sh + 1, ow = (w - kw) / sw + 1;
        var max = new float[n * c * oh * ow];
        var avg = new float[n * c * oh * ow];
        for (int p = 0; p < n * c; p++)
            for (int y = 0; y < oh; y++)
                for (int xx = 0; xx < ow; xx++)
                {
                    float mx = float.NegativeInfinity, sum = 0;
                    for (int dy = 0; dy < kh; dy++)
                        for (int dx = 0; dx < kw; dx++)
                        {
                            float e = xv[(p * h + y * sh + dy) * w + xx * sw + dx];
                            mx = Math.Max(mx, e);
                            sum += e;
                        }
                    max[(p * oh + y) * ow + xx] = mx;
                    avg[(p * oh + y) * ow + xx] = sum / (kh * kw);
                }
        using var x = Tensor.FromArray(xv, n, c, h, w);
        TensorAssert.AreClose(max, [n, c, oh, ow], Ops.MaxPool2d(x, [kh, kw], [sh, sw]), 0);
        TensorAssert.AreClose(avg, [n, c, oh, ow], Ops.AvgPool2d(x, [kh, kw], [sh, sw]), 1e-6);
    }

    [TestMethod]
    public void TransposeOfA4DTensorMatchesNaiveLoop()
    {
        const int a = 3, b = 17, c = 5, d = 33;
        var v = Ints(a * b * c * d, 1, int.MaxValue, 0);
        using var x = Tensor.FromArray(v, a, b, c, d);
        // perm [2,0,3,1]: out[k,i,l,j] = x[i,j,k,l]
        var expected = new float[v.Length];
        for (int i = 0; i < a; i++)
            for (int j = 0; j < b; j++)
                for (int k = 0; k < c; k++)
                    for (int l = 0; l < d; l++)
                        expected[((k * a + i) * d + l) * b + j] = v[((i * b + j) * c + k) * d + l];
        TensorAssert.AreClose(expected, [c, a, d, b], Ops.Transpose(x, [2, 0, 3, 1]), 0);
    }

    private static float[] Transpose(float[] v, int rows, int cols)
    {
        var t = new float[v.Length];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++) t[j * rows + i] = v[i * cols + j];
        return t;
    }
}
