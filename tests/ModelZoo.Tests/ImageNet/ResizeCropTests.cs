using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace KerasSharp.ModelZoo.Tests.ImageNet;

/// <summary>The resize and crop arithmetic on cases small enough to work out by hand.</summary>
[TestClass]
public sealed class ResizeCropTests
{
    private const int One = 1 << 22;                 // 1.0 in PIL's fixed point

    [TestMethod]
    public void Shrinking_WidensTheTriangle_ToAntialias()
    {
        // 4 -> 2: scale 2, so the triangle reaches 2 input pixels each way. Output 0 is centred on input 1.0: inputs
        // 0, 1, 2 sit at distances 0.5, 0.5, 1.5, i.e. weights 0.75, 0.75, 0.25, normalised to 3/7, 3/7, 1/7.
        var k = BilinearKernel.Create(4, 2, 0, 2);
        Assert.AreEqual(5, k.Size);
        CollectionAssert.AreEqual(new[] { 0, 1 }, k.Start);
        CollectionAssert.AreEqual(new[] { 3, 3 }, k.Count);
        int a = (int)Math.Round(3.0 / 7 * One), b = (int)Math.Round(1.0 / 7 * One);
        CollectionAssert.AreEqual(new[] { a, a, b, 0, 0, b, a, a, 0, 0 }, k.Weights);
    }

    [TestMethod]
    public void Growing_InterpolatesBetweenTheTwoNearest()
    {
        // 2 -> 4: output 0 is centred on input 0.25, where only input 0 is in reach; output 1 on 0.75: 0.75 and 0.25.
        var k = BilinearKernel.Create(2, 4, 0, 4);
        CollectionAssert.AreEqual(new[] { 0, 0, 0, 1 }, k.Start);
        CollectionAssert.AreEqual(new[] { 1, 2, 2, 1 }, k.Count);
        CollectionAssert.AreEqual(new[] { One, 0, 0, One * 3 / 4, One / 4, 0, One / 4, One * 3 / 4, 0, One, 0, 0 }, k.Weights);
    }

    [TestMethod]
    public void Window_StartsWhereAFullKernelWould()
    {
        var whole = BilinearKernel.Create(451, 384, 0, 384);
        var part = BilinearKernel.Create(451, 384, 80, 224);
        CollectionAssert.AreEqual(whole.Start[80..304], part.Start);
        CollectionAssert.AreEqual(whole.Weights[(80 * whole.Size)..(304 * whole.Size)], part.Weights);
    }

    [TestMethod]
    [DataRow(451, 300, 256, 384L, 256L)]
    [DataRow(300, 451, 256, 256L, 384L)]
    [DataRow(512, 512, 256, 256L, 256L)]
    [DataRow(600, 30, 256, 5120L, 256L)]
    [DataRow(1000, 3, 256, 85333L, 256L)]            // 85333.33 truncated
    [DataRow(741, 500, 232, 343L, 232L)]             // 343.82 truncated, not rounded
    public void ResizedSize_TruncatesTheLongSide(int w, int h, int size, long expectedW, long expectedH) =>
        Assert.AreEqual((expectedW, expectedH), ResizeCrop.ResizedSize(w, h, size));

    [TestMethod]
    [DataRow(256L, 224, 16L, 224, 0)]
    [DataRow(385L, 224, 80L, 224, 0)]                // (385 - 224) / 2 = 80.5: Python's round goes to even, 80
    [DataRow(387L, 224, 82L, 224, 0)]                // 81.5 goes to 82
    [DataRow(200L, 224, 0L, 200, 12)]                // padded: 12 zeros before, 12 after
    [DataRow(201L, 224, 0L, 201, 11)]                // 23 zeros: 11 before, 12 after, as torchvision pads
    [DataRow(224L, 224, 0L, 224, 0)]
    public void Window_FollowsCenterCrop(long length, int crop, long first, int count, int dest) =>
        Assert.AreEqual((first, count, dest), ResizeCrop.Window(length, crop));

    [TestMethod]
    public void Apply_AveragesWhenShrinking()
    {
        // Every row is 0, 70, 140, 210. Halving it: (3*0 + 3*70 + 140) / 7 = 50 and (70 + 3*140 + 3*210) / 7 = 160.
        // A bilinear resize without antialiasing would sample 1.0 and 3.0 instead: 70 and 210.
        var pixels = new byte[4 * 4 * 3];
        for (int i = 0; i < 16; i++) pixels.AsSpan(i * 3, 3).Fill((byte)(i % 4 * 70));
        using var image = Image.LoadPixelData<Rgb24>(pixels, 4, 4);
        var crop = ResizeCrop.Apply(image.Frames.RootFrame, new ImageNetTransform(resizeSize: 2, cropSize: 2));
        CollectionAssert.AreEqual(new byte[] { 50, 50, 50, 160, 160, 160, 50, 50, 50, 160, 160, 160 }, crop);
    }

    [TestMethod]
    public void Apply_PadsACropLargerThanTheImageWithZeros()
    {
        using var image = new Image<Rgb24>(3, 3, new Rgb24(9, 9, 9));
        var crop = ResizeCrop.Apply(image.Frames.RootFrame, new ImageNetTransform(resizeSize: 3, cropSize: 6));
        for (int y = 0; y < 6; y++)
            for (int x = 0; x < 6; x++)
                Assert.AreEqual(y is >= 1 and < 4 && x is >= 1 and < 4 ? 9 : 0, crop[(y * 6 + x) * 3], $"({y}, {x})");
    }
}
