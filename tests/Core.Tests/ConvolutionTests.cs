namespace KerasSharp.Tests;

[TestClass]
public sealed class ConvolutionTests
{
    /// <summary>x[0,0] = [[1,2,3],[4,5,6],[7,8,9]].</summary>
    private static Tensor X33() => Tensor.FromArray(new float[] { 1, 2, 3, 4, 5, 6, 7, 8, 9 }, 1, 1, 3, 3);

    /// <summary>x[0,0,i,j] = 4i + j + 1 (1..16).</summary>
    private static Tensor X44() => Tensor.FromArray(Enumerable.Range(1, 16).Select(v => (float)v).ToArray(), 1, 1, 4, 4);

    private static Tensor K22() => Tensor.FromArray(new float[] { 1, 2, 3, 4 }, 1, 1, 2, 2);

    [TestMethod]
    public void Conv2dValidIsCrossCorrelation()
    {
        using var x = X33();
        using var w = K22();
        TensorAssert.AreClose(new float[] { 37, 47, 67, 77 }, [1, 1, 2, 2], Ops.Conv2d(x, w), 0);
    }

    [TestMethod]
    public void Conv2dSameWithOddKernel()
    {
        using var x = X33();
        using var w = Ops.Ones([1, 1, 3, 3]);
        TensorAssert.AreClose(new float[] { 12, 21, 16, 27, 45, 33, 24, 39, 28 }, [1, 1, 3, 3], Ops.Conv2d(x, w, padding: "same"), 0);
    }

    [TestMethod]
    public void Conv2dSameWithEvenKernelPadsAfter()
    {
        // Total padding 1 per axis; TensorFlow puts it after (bottom/right).
        using var x = X33();
        using var w = K22();
        TensorAssert.AreClose(new float[] { 37, 47, 21, 67, 77, 33, 23, 26, 9 }, [1, 1, 3, 3], Ops.Conv2d(x, w, padding: "SAME"), 0);
    }

    [TestMethod]
    public void Conv2dStride()
    {
        using var x = X44();
        using var w = Ops.Ones([1, 1, 2, 2]);
        TensorAssert.AreClose(new float[] { 14, 22, 46, 54 }, [1, 1, 2, 2], Ops.Conv2d(x, w, strides: [2, 2]), 0);
        TensorAssert.AreClose(new float[] { 14, 18, 22, 46, 50, 54 }, [1, 1, 2, 3], Ops.Conv2d(x, w, strides: [2, 1]), 0);
        // same + stride 2 on 4x4 with a 3x3 kernel: output 2x2, total padding 1 (after).
        using var w3 = Ops.Ones([1, 1, 3, 3]);
        TensorAssert.AreClose(new float[] { 54, 45, 72, 54 }, [1, 1, 2, 2], Ops.Conv2d(x, w3, strides: [2], padding: "same"), 0);
    }

    [TestMethod]
    public void Conv2dDilation()
    {
        // out = 1*x[i,j] + 2*x[i,j+2] + 3*x[i+2,j] + 4*x[i+2,j+2] = 10*x[i,j] + 68.
        using var x = X44();
        using var w = K22();
        TensorAssert.AreClose(new float[] { 78, 88, 118, 128 }, [1, 1, 2, 2], Ops.Conv2d(x, w, dilation: [2, 2]), 0);
    }

    [TestMethod]
    public void Conv2dChannelsAndBias()
    {
        // ch0 = [[1,2],[3,4]], ch1 = [[5,6],[7,8]]; out0 = ch0 + ch1 + 10, out1 = 2*ch0 - ch1 + 20.
        using var x = Tensor.FromArray(new float[] { 1, 2, 3, 4, 5, 6, 7, 8 }, 1, 2, 2, 2);
        using var w = Tensor.FromArray(new float[] { 1, 1, 2, -1 }, 2, 2, 1, 1);
        using var b = Tensor.FromArray(new float[] { 10, 20 });
        TensorAssert.AreClose(new float[] { 16, 18, 20, 22, 17, 18, 19, 20 }, [1, 2, 2, 2], Ops.Conv2d(x, w, b), 0);
    }

    [TestMethod]
    public void Conv2dGroups()
    {
        using var x = Tensor.FromArray(new float[] { 1, 2, 3, 4, 5, 6, 7, 8 }, 1, 2, 2, 2);
        using var w = Tensor.FromArray(new float[] { 3, -1 }, 2, 1, 1, 1);
        TensorAssert.AreClose(new float[] { 3, 6, 9, 12, -5, -6, -7, -8 }, [1, 2, 2, 2], Ops.Conv2d(x, w, groups: 2), 0);
        // Two output channels per group (depthwise multiplier 2): w [4,1,1,1] = [1,2,3,4].
        using var w4 = Tensor.FromArray(new float[] { 1, 2, 3, 4 }, 4, 1, 1, 1);
        TensorAssert.AreClose(new float[] { 1, 2, 3, 4, 2, 4, 6, 8, 15, 18, 21, 24, 20, 24, 28, 32 }, [1, 4, 2, 2], Ops.Conv2d(x, w4, groups: 2), 0);
    }

    [TestMethod]
    public void Conv2dBatchAndExplicitPadding()
    {
        using var x = Tensor.FromArray(new float[] { 1, 2, 3, 4, -1, -2, -3, -4 }, 2, 1, 2, 2);
        using var w = Tensor.FromArray(new float[] { 1 }, 1, 1, 1, 1);
        // (top 1, bottom 0, left 0, right 1)
        TensorAssert.AreClose(new float[] { 0, 0, 0, 1, 2, 0, 3, 4, 0, 0, 0, 0, -1, -2, 0, -3, -4, 0 }, [2, 1, 3, 3],
            Ops.Conv2d(x, w, padding: "explicit", explicitPadding: [1, 0, 0, 1]), 0);
    }

    [TestMethod]
    public void Conv2dFloat64AndNonContiguousInput()
    {
        // NHWC [1,3,3,1] transposed to NCHW.
        using var nhwc = Tensor.FromArray(new double[] { 1, 2, 3, 4, 5, 6, 7, 8, 9 }, 1, 3, 3, 1);
        using var x = Ops.Transpose(nhwc, [0, 3, 1, 2]);
        using var w = Tensor.FromArray(new double[] { 1, 2, 3, 4 }, 1, 1, 2, 2);
        TensorAssert.AreClose(new double[] { 37, 47, 67, 77 }, [1, 1, 2, 2], Ops.Conv2d(x, w), 0);
        // The transpose of the image: x^T = [[1,4,7],[2,5,8],[3,6,9]].
        using var xt = Ops.Transpose(x, [0, 1, 3, 2]);
        TensorAssert.AreClose(new double[] { 1 + 8 + 6 + 20, 4 + 14 + 15 + 32, 2 + 10 + 9 + 24, 5 + 16 + 18 + 36 }, [1, 1, 2, 2], Ops.Conv2d(xt, w), 0);
    }

    [TestMethod]
    public void Conv2dMatchesANaiveLoop()
    {
        const int n = 2, c = 3, h = 7, wd = 6, o = 4, kh = 3, kw = 2;
        var xv = new float[n * c * h * wd];
        var wv = new float[o * c * kh * kw];
        for (int i = 0; i < xv.Length; i++) xv[i] = (i * 7 % 9) - 4;
        for (int i = 0; i < wv.Length; i++) wv[i] = (i * 5 % 7) - 3;
        int oh = (h - kh) / 2 + 1, ow = wd - kw + 1; // stride (2, 1), valid
        var expected = new float[n * o * oh * ow];
        for (int b = 0; b < n; b++)
            for (int oc = 0; oc < o; oc++)
                for (int y = 0; y < oh; y++)
                    for (int xx = 0; xx < ow; xx++)
                    {
                        float s = 0;
                        for (int ic = 0; ic < c; ic++)
                            for (int dy = 0; dy < kh; dy++)
                                for (int dx = 0; dx < kw; dx++)
                                    s += xv[((b * c + ic) * h + y * 2 + dy) * wd + xx + dx] * wv[((oc * c + ic) * kh + dy) * kw + dx];
                        expected[((b * o + oc) * oh + y) * ow + xx] = s;
                    }
        using var x = Tensor.FromArray(xv, n, c, h, wd);
        using var w = Tensor.FromArray(wv, o, c, kh, kw);
        TensorAssert.AreClose(expected, [n, o, oh, ow], Ops.Conv2d(x, w, strides: [2, 1]), 0);
    }

    [TestMethod]
    public void Conv1dValidSameStride()
    {
        using var x = Tensor.FromArray(new float[] { 1, 2, 3, 4, 5 }, 1, 1, 5);
        using var w = Tensor.FromArray(new float[] { 1, 2 }, 1, 1, 2);
        TensorAssert.AreClose(new float[] { 5, 8, 11, 14 }, [1, 1, 4], Ops.Conv1d(x, w), 0);
        using var w3 = Ops.Ones([1, 1, 3]);
        TensorAssert.AreClose(new float[] { 3, 6, 9, 12, 9 }, [1, 1, 5], Ops.Conv1d(x, w3, padding: "same"), 0);
        using var w1 = Ops.Ones([1, 1, 1]);
        TensorAssert.AreClose(new float[] { 1, 3, 5 }, [1, 1, 3], Ops.Conv1d(x, w1, stride: 2), 0);
        TensorAssert.AreClose(new float[] { 7, 10, 13 }, [1, 1, 3], Ops.Conv1d(x, w, dilation: 2), 0);
        using var b = Tensor.FromArray(new float[] { 100 });
        TensorAssert.AreClose(new float[] { 105, 108, 111, 114 }, [1, 1, 4], Ops.Conv1d(x, w, b), 0);
    }

    [TestMethod]
    public void Conv1dCausalPadsOnTheLeftOnly()
    {
        using var x = Tensor.FromArray(new float[] { 1, 2, 3, 4, 5 }, 1, 1, 5);
        using var w = Tensor.FromArray(new float[] { 1, 2 }, 1, 1, 2);
        TensorAssert.AreClose(new float[] { 2, 5, 8, 11, 14 }, [1, 1, 5], Ops.Conv1d(x, w, padding: "causal"), 0);
        TensorAssert.AreClose(new float[] { 2, 4, 7, 10, 13 }, [1, 1, 5], Ops.Conv1d(x, w, padding: "causal", dilation: 2), 0);
        using var w3 = Tensor.FromArray(new float[] { 1, 10, 100 }, 1, 1, 3);
        TensorAssert.AreClose(new float[] { 100, 210, 321, 432, 543 }, [1, 1, 5], Ops.Conv1d(x, w3, padding: "causal"), 0);
    }

    [TestMethod]
    public void MaxAndAveragePooling()
    {
        using var x = X44();
        TensorAssert.AreClose(new float[] { 6, 8, 14, 16 }, [1, 1, 2, 2], Ops.MaxPool2d(x, [2, 2]), 0);
        TensorAssert.AreClose(new float[] { 3.5f, 5.5f, 11.5f, 13.5f }, [1, 1, 2, 2], Ops.AvgPool2d(x, [2]), 0);
        using var x3 = X33();
        TensorAssert.AreClose(new float[] { 5, 6, 8, 9 }, [1, 1, 2, 2], Ops.MaxPool2d(x3, [2, 2], [1, 1]), 0);
        TensorAssert.AreClose(new float[] { 3, 4, 6, 7 }, [1, 1, 2, 2], Ops.AvgPool2d(x3, [2, 2], [1, 1]), 0);
        TensorAssert.AreClose(new float[] { 9 }, [1, 1, 1, 1], Ops.MaxPool2d(x3, [3, 3]), 0);
    }

    [TestMethod]
    public void PoolingWithSamePaddingIgnoresPaddedCells()
    {
        using var x = X33();
        TensorAssert.AreClose(new float[] { 3, 4.5f, 7.5f, 9 }, [1, 1, 2, 2], Ops.AvgPool2d(x, [2, 2], padding: "same"), 1e-7);
        TensorAssert.AreClose(new float[] { 5, 6, 8, 9 }, [1, 1, 2, 2], Ops.MaxPool2d(x, [2, 2], padding: "same"), 0);
        // Negative values: padding must not win the max.
        using var neg = Ops.Negative(x);
        TensorAssert.AreClose(new float[] { -1, -3, -7, -9 }, [1, 1, 2, 2], Ops.MaxPool2d(neg, [2, 2], padding: "same"), 0);
    }

    [TestMethod]
    public void PoolingKeepsChannelsAndBatchesApart()
    {
        using var x = Tensor.FromArray(new double[] { 1, 2, 3, 4, 10, 20, 30, 40, -1, -2, -3, -4, 0, 0, 0, 8 }, 2, 2, 2, 2);
        TensorAssert.AreClose(new double[] { 4, 40, -1, 8 }, [2, 2, 1, 1], Ops.MaxPool2d(x, [2, 2]), 0);
        TensorAssert.AreClose(new double[] { 2.5, 25, -2.5, 2 }, [2, 2, 1, 1], Ops.AvgPool2d(x, [2, 2]), 0);
    }
}
