namespace KerasSharp.Layers.Tests.Convolutional;

using R = ConvReference;

[TestClass]
public sealed class PoolingLayerTests
{
    private static readonly float[] Grid = Enumerable.Range(1, 16).Select(i => (float)i).ToArray();   // 4x4: 1..16

    [TestMethod]
    public void MaxAndAveragePooling2D_HandComputed()
    {
        using var x = T.F(Grid, 1, 4, 4, 1);
        T.Close([6, 8, 14, 16], new MaxPooling2D().Apply(x));
        T.Close([3.5f, 5.5f, 11.5f, 13.5f], new AveragePooling2D(2).Apply(x));
        // 3x3 windows, stride 1, "same": the corner window sees 1,2,5,6 only (padding not counted).
        using var avg = new AveragePooling2D(3, strides: 1, padding: "same").Apply(x);
        T.Shape([1, 4, 4, 1], avg);
        Assert.AreEqual(3.5f, avg.ToArray<float>()[0], 1e-6f);
        using var max = new MaxPooling2D((2, 3), strides: 1).Apply(x);
        T.Close([7, 8, 11, 12, 15, 16], max);
    }

    [TestMethod]
    public void Pooling1D_HandComputed()
    {
        using var x = T.F([1, 5, 2, 4, 3, 0, 6], 1, 7, 1);
        T.Close([5, 4, 3], new MaxPooling1D().Apply(x));
        T.Close([3, 3, 1.5f, 6], new AveragePooling1D(2, padding: "same").Apply(x));
        T.Close([5, 4, 6], new MaxPooling1D(3, strides: 2).Apply(x));
        using var xf = T.F([1, 5, 2, 4, 3, 0, 6], 1, 1, 7);
        T.Close([5, 4, 3], new MaxPooling1D(dataFormat: "channels_first").Apply(xf));
    }

    [TestMethod]
    public void Pooling_BothFormatsAgree()
    {
        var x = R.Random(2 * 7 * 5 * 3, 21);
        foreach (var padding in new[] { "valid", "same" })
        {
            R.BothFormats(f => new MaxPooling2D((3, 2), (2, 1), padding, f), x, [2, 7, 5, 3]).Dispose();
            R.BothFormats(f => new AveragePooling2D((3, 2), (2, 2), padding, f), x, [2, 7, 5, 3]).Dispose();
            R.BothFormats(f => new MaxPooling1D(3, 2, padding, f), x, [2, 35, 3]).Dispose();
            R.BothFormats(f => new AveragePooling1D(2, 3, padding, f), x, [2, 35, 3]).Dispose();
        }
    }

    [TestMethod]
    public void Pooling_SymbolicShapes()
    {
        T.Shape([null, 14, 14, 32], new MaxPooling2D(2).Apply(new Input([28, 28, 32])));
        T.Shape([null, 4, 3, 3], new MaxPooling2D(2).Apply(new Input([9, 7, 3])));
        T.Shape([null, 5, 4, 3], new AveragePooling2D(2, padding: "same").Apply(new Input([9, 7, 3])));
        T.Shape([null, 3, 4, 4], new AveragePooling2D(2, dataFormat: "channels_first").Apply(new Input([3, 9, 8])));
        T.Shape([null, 4, 6], new MaxPooling1D(3, 2).Apply(new Input([9, 6])));
        T.Shape([null, 6, 5], new AveragePooling1D(2, padding: "same", dataFormat: "channels_first").Apply(new Input([6, 9])));
    }

    [TestMethod]
    public void Pooling_BadInputs_NameLayerPoolAndShape()
    {
        LayerNames.Reset();
        var e = Assert.ThrowsExactly<ArgumentException>(() => new MaxPooling2D(3).Apply(new Input([2, 8, 1])));
        T.Contains(e.Message, "'max_pooling2d'", "(3, 3)", "(None, 2, 8, 1)", "too small");
        var e2 = Assert.ThrowsExactly<ArgumentException>(() => new AveragePooling2D().Apply(new Input([8, 8])));
        T.Contains(e2.Message, "'average_pooling2d'", "rank 4");
        var e3 = Assert.ThrowsExactly<ArgumentException>(() => new MaxPooling1D(4).Apply(T.F(new float[3], 1, 3, 1)));
        T.Contains(e3.Message, "'max_pooling1d'", "(4,)", "(1, 3, 1)");
        var e4 = Assert.ThrowsExactly<ArgumentException>(() => new AveragePooling1D().Apply(new Input([8, 8, 2])));
        T.Contains(e4.Message, "'average_pooling1d'", "rank 3");
        Assert.ThrowsExactly<ArgumentException>(() => new MaxPooling2D(0));
        Assert.ThrowsExactly<ArgumentException>(() => new MaxPooling2D(2, dataFormat: "NHWC"));
    }

    [TestMethod]
    public void GlobalPooling_ValuesKeepdimsAndFormats()
    {
        using var x = T.F(Grid, 1, 2, 4, 2);   // channel 0: odd numbers, channel 1: even numbers
        T.Close([15, 16], new GlobalMaxPooling2D().Apply(x));
        T.Close([8, 9], new GlobalAveragePooling2D().Apply(x));
        using var kept = new GlobalAveragePooling2D(keepdims: true).Apply(x);
        T.Shape([1, 1, 1, 2], kept);
        using var xf = T.F(Grid, 1, 2, 8);   // channels_first: two channels of 8
        T.Close([8, 16], new GlobalMaxPooling1D(dataFormat: "channels_first").Apply(xf));
        T.Close([4.5f, 12.5f], new GlobalAveragePooling1D(dataFormat: "channels_first").Apply(xf));
        T.Close([15, 16], new GlobalMaxPooling1D().Apply(T.F(Grid, 1, 8, 2)));
        T.Shape([null, 32], new GlobalAveragePooling2D().Apply(new Input([7, 7, 32])));
        T.Shape([null, 32, 1, 1], new GlobalMaxPooling2D(dataFormat: "channels_first", keepdims: true).Apply(new Input([32, 7, 7])));
        T.Shape([null, 1, 5], new GlobalAveragePooling1D(keepdims: true).Apply(new Input([null, 5])));
        LayerNames.Reset();
        var e = Assert.ThrowsExactly<ArgumentException>(() => new GlobalMaxPooling2D().Apply(new Input([7, 7])));
        T.Contains(e.Message, "'global_max_pooling2d'", "rank 4", "(None, 7, 7)");
        var e2 = Assert.ThrowsExactly<ArgumentException>(() => new GlobalAveragePooling1D().Apply(new Input([7, 7, 7])));
        T.Contains(e2.Message, "'global_average_pooling1d'", "rank 3");
        var e3 = Assert.ThrowsExactly<ArgumentException>(() => new GlobalAveragePooling2D().Apply(T.F([], 1, 0, 3, 1)));
        T.Contains(e3.Message, "'global_average_pooling2d'", "empty");
    }

    [TestMethod]
    public void AdaptiveAveragePooling2D_TorchBins()
    {
        // 5 rows to 3 bins: [0,2), [1,4), [3,5); columns 4 to 2 bins: [0,2), [2,4).
        var x = Enumerable.Range(0, 20).Select(i => (double)i).ToArray();   // x[r, c] = 4r + c
        using var y = new AdaptiveAveragePooling2D((3, 2)).Apply(T.D(x, 1, 5, 4, 1));
        T.Shape([1, 3, 2, 1], y);
        double Mean(int r0, int r1, int c0, int c1) =>
            Enumerable.Range(r0, r1 - r0).SelectMany(r => Enumerable.Range(c0, c1 - c0).Select(c => 4.0 * r + c)).Average();
        R.AllClose([Mean(0, 2, 0, 2), Mean(0, 2, 2, 4), Mean(1, 4, 0, 2), Mean(1, 4, 2, 4), Mean(3, 5, 0, 2), Mean(3, 5, 2, 4)],
                   y.ToArray<double>(), 1e-12, "adaptive bins");
        // Divisible sizes take the pooling path; both formats agree on both paths.
        var r = R.Random(2 * 6 * 7 * 3, 22);
        R.BothFormats(f => new AdaptiveAveragePooling2D((3, 7), f), r, [2, 6, 7, 3]).Dispose();
        R.BothFormats(f => new AdaptiveAveragePooling2D(4, f), r, [2, 6, 7, 3]).Dispose();
        using var same = new AdaptiveAveragePooling2D((3, 7)).Apply(T.D(r, 2, 6, 7, 3));
        using var pooled = new AveragePooling2D((2, 1)).Apply(T.D(r, 2, 6, 7, 3));
        R.AllClose(pooled.ToArray<double>(), same.ToArray<double>(), 1e-12, "divisible = average pooling");
        T.Shape([null, 256, 6, 6], new AdaptiveAveragePooling2D(6, "channels_first").Apply(new Input([256, 13, 13])));
        LayerNames.Reset();
        var e = Assert.ThrowsExactly<ArgumentException>(() => new AdaptiveAveragePooling2D(6).Apply(new Input([13, 13])));
        T.Contains(e.Message, "'adaptive_average_pooling2d'", "rank 4", "(None, 13, 13)");
    }
}
