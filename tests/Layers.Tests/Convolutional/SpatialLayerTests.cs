namespace KerasSharp.Layers.Tests.Convolutional;

using R = ConvReference;

[TestClass]
public sealed class SpatialLayerTests
{
    [TestMethod]
    public void ZeroPadding2D_ValuesShapesAndFormats()
    {
        using var y = new ZeroPadding2D(((1, 0), (0, 2))).Apply(T.F([1, 2, 3, 4], 1, 2, 2, 1));
        T.Shape([1, 3, 4, 1], y);
        T.Close([0, 0, 0, 0, 1, 2, 0, 0, 3, 4, 0, 0], y);
        T.Shape([null, 30, 30, 3], new ZeroPadding2D().Apply(new Input([28, 28, 3])));
        T.Shape([null, 3, 32, 30], new ZeroPadding2D((2, 1), dataFormat: "channels_first").Apply(new Input([3, 28, 28])));
        R.BothFormats(f => new ZeroPadding2D(((1, 2), (3, 0)), f), R.Random(2 * 3 * 4 * 2, 31), [2, 3, 4, 2]).Dispose();
        LayerNames.Reset();
        var e = Assert.ThrowsExactly<ArgumentException>(() => new ZeroPadding2D().Apply(new Input([28, 28])));
        T.Contains(e.Message, "'zero_padding2d'", "rank 4", "(None, 28, 28)");
        Assert.ThrowsExactly<ArgumentException>(() => new ZeroPadding2D(-1));
    }

    [TestMethod]
    public void Cropping2D_ValuesShapesAndFormats()
    {
        using var y = new Cropping2D(((1, 0), (0, 2))).Apply(T.F(Enumerable.Range(1, 12).Select(i => (float)i).ToArray(), 1, 3, 4, 1));
        T.Shape([1, 2, 2, 1], y);
        T.Close([5, 6, 9, 10], y);
        T.Shape([null, 24, 26, 3], new Cropping2D((2, 1)).Apply(new Input([28, 28, 3])));
        R.BothFormats(f => new Cropping2D(((1, 2), (0, 1)), f), R.Random(2 * 5 * 4 * 2, 32), [2, 5, 4, 2]).Dispose();
        LayerNames.Reset();
        var e = Assert.ThrowsExactly<ArgumentException>(() => new Cropping2D(2).Apply(new Input([4, 9, 3])));
        T.Contains(e.Message, "'cropping2d'", "too small", "(None, 4, 9, 3)");
        var e2 = Assert.ThrowsExactly<ArgumentException>(() => new Cropping2D(1).Apply(new Input([9, 3])));
        T.Contains(e2.Message, "'cropping2d_1'", "rank 4");
    }

    [TestMethod]
    public void UpSampling2D_NearestAndBilinear()
    {
        using var y = new UpSampling2D((2, 3)).Apply(T.F([1, 2, 3, 4], 1, 2, 2, 1));
        T.Shape([1, 4, 6, 1], y);
        T.Close([1, 1, 1, 2, 2, 2, 1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4, 3, 3, 3, 4, 4, 4], y);
        // Bilinear, half-pixel centres, one row of [0, 4] doubled: sources -0.25, 0.25, 0.75, 1.25 clamp to 0, 0.25, 0.75, 1.
        using var b = new UpSampling2D((1, 2), interpolation: "bilinear").Apply(T.F([0, 4], 1, 1, 2, 1));
        T.Close([0, 1, 3, 4], b);
        T.Shape([null, 3, 14, 28], new UpSampling2D((2, 4), dataFormat: "channels_first").Apply(new Input([3, 7, 7])));
        R.BothFormats(f => new UpSampling2D(2, f), R.Random(2 * 3 * 2 * 2, 33), [2, 3, 2, 2]).Dispose();
        R.BothFormats(f => new UpSampling2D(2, f, "bilinear"), R.Random(2 * 3 * 2 * 2, 34), [2, 3, 2, 2]).Dispose();
        LayerNames.Reset();
        var e = Assert.ThrowsExactly<ArgumentException>(() => new UpSampling2D().Apply(new Input([7, 7])));
        T.Contains(e.Message, "'up_sampling2d'", "rank 4", "(None, 7, 7)");
        Assert.ThrowsExactly<ArgumentException>(() => new UpSampling2D(interpolation: "bicubic"));
    }

    [TestMethod]
    public void SpatialDropout2D_DropsWholeChannels()
    {
        using var x = Ops.Ones([4, 5, 5, 8]);
        var layer = new SpatialDropout2D(0.5, seed: 3);
        using var inference = layer.Apply(x);
        T.Close(Enumerable.Repeat(1f, 4 * 5 * 5 * 8).ToArray(), inference);
        var y = layer.Apply(x, training: true).ToArray<float>();
        int dropped = 0;
        for (int b = 0; b < 4; b++)
            for (int c = 0; c < 8; c++)
            {
                var values = Enumerable.Range(0, 25).Select(p => y[(b * 25 + p) * 8 + c]).Distinct().ToArray();
                Assert.HasCount(1, values, "one value per (sample, channel) map");
                Assert.IsTrue(values[0] == 0 || values[0] == 2, $"kept maps are scaled by 2, got {values[0]}");
                if (values[0] == 0) dropped++;
            }
        Assert.IsTrue(dropped > 4 && dropped < 28, $"about half of 32 maps dropped, got {dropped}");
        var yf = new SpatialDropout2D(0.5, "channels_first", seed: 4).Apply(Ops.Ones([2, 3, 4, 4]), training: true).ToArray<float>();
        for (int m = 0; m < 6; m++) Assert.HasCount(1, yf.Skip(m * 16).Take(16).Distinct().ToArray(), "channels_first maps");
        LayerNames.Reset();
        var e = Assert.ThrowsExactly<ArgumentException>(() => new SpatialDropout2D(0.5).Apply(new Input([7, 7])));
        T.Contains(e.Message, "'spatial_dropout2d'", "rank 4");
        Assert.ThrowsExactly<ArgumentException>(() => new SpatialDropout2D(1.5));
    }
}
