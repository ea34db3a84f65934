namespace KerasSharp.Layers.Tests.Preprocessing;

/// <summary>The random image layers: identity in inference, seeded, and the transformation each image got is the one described.</summary>
[TestClass]
public sealed class RandomImageLayerTests
{
    private static Tensor Images(int batch, int h, int w, int c, int seed)
    {
        var rng = new Random(seed);
        return Tensor.FromArray(Enumerable.Range(0, batch * h * w * c).Select(_ => (float)(rng.NextDouble() * 130 + 60)).ToArray(), batch, h, w, c);
    }

    private static float[] Image(float[] all, int i, int size) => all[(i * size)..((i + 1) * size)];

    [TestMethod]
    public void RandomFlipFlipsWholeImagesOrLeavesThem()
    {
        using var x = Images(16, 3, 4, 2, 1);
        var layer = new RandomFlip("horizontal", seed: 3);
        using var inference = layer.Apply(x);
        CollectionAssert.AreEqual(x.ToArray<float>(), inference.ToArray<float>(), "inference is the identity");
        using var y = layer.Apply(x, training: true);
        var (xs, ys) = (x.ToArray<float>(), y.ToArray<float>());
        int flipped = 0;
        for (int i = 0; i < 16; i++)
        {
            var a = Image(xs, i, 24);
            var b = Image(ys, i, 24);
            // Horizontal flip of image a: column c becomes column 3 - c.
            var mirrored = new float[24];
            for (int r = 0; r < 3; r++) for (int c = 0; c < 4; c++) for (int k = 0; k < 2; k++) mirrored[(r * 4 + c) * 2 + k] = a[(r * 4 + 3 - c) * 2 + k];
            if (b.SequenceEqual(mirrored)) flipped++;
            else CollectionAssert.AreEqual(a, b, $"image {i} is neither itself nor its mirror");
        }
        Assert.IsTrue(flipped is > 2 and < 14, $"{flipped} of 16 flipped");
        using var again = new RandomFlip("horizontal", seed: 3).Apply(x, training: true);
        CollectionAssert.AreEqual(ys, again.ToArray<float>(), "the same seed, the same flips");
    }

    [TestMethod]
    public void RandomBrightnessAddsOneOffsetPerImageWithinTheFactor()
    {
        using var x = Images(8, 2, 2, 3, 2);
        using var y = new RandomBrightness([-0.1, 0.2], seed: 4).Apply(x, training: true);
        var (xs, ys) = (x.ToArray<float>(), y.ToArray<float>());
        for (int i = 0; i < 8; i++)
        {
            var deltas = Enumerable.Range(0, 12).Select(p => ys[i * 12 + p] - xs[i * 12 + p]).ToArray();
            foreach (var d in deltas) Assert.AreEqual(deltas[0], d, 1e-3f, $"image {i}: one offset");
            Assert.IsTrue(deltas[0] >= -0.1 * 255 - 1e-3 && deltas[0] <= 0.2 * 255 + 1e-3, $"offset {deltas[0]} out of range");
        }
        using var clipped = new RandomBrightness([1.0], seed: 1).Apply(x, training: true);
        Assert.IsTrue(clipped.ToArray<float>().All(v => v is >= 0 and <= 255), "clipped to the value range");
        Assert.ThrowsExactly<ArgumentException>(() => new RandomBrightness([0.5, 1.5]));
    }

    [TestMethod]
    public void RandomContrastScalesAroundEachChannelsMean()
    {
        using var x = Images(6, 3, 3, 2, 3);
        using var y = new RandomContrast([0.5], valueRange: [-1000, 1000], seed: 9).Apply(x, training: true);
        var (xs, ys) = (x.ToArray<float>(), y.ToArray<float>());
        for (int i = 0; i < 6; i++)
            for (int ch = 0; ch < 2; ch++)
            {
                var a = Enumerable.Range(0, 9).Select(p => xs[i * 18 + p * 2 + ch]).ToArray();
                var b = Enumerable.Range(0, 9).Select(p => ys[i * 18 + p * 2 + ch]).ToArray();
                Assert.AreEqual(a.Average(), b.Average(), 1e-2, $"image {i} channel {ch}: the mean stays");
                double factor = (b[0] - b.Average()) / (a[0] - a.Average());
                Assert.IsTrue(factor is >= 0.5 - 1e-3 and <= 1.5 + 1e-3, $"factor {factor}");
                for (int p = 1; p < 9; p++) Assert.AreEqual(factor, (b[p] - b.Average()) / (a[p] - a.Average()), 1e-3, "one factor per image");
            }
    }
}
