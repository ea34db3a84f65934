namespace KerasSharp.Layers.Tests.Preprocessing;

/// <summary>
/// RandomRotation, RandomZoom, RandomTranslation and RandomCrop on small hand-computed images: exact rotations and
/// shifts under each fill mode, identity in inference, one result per seed, both data formats, and bad arguments.
/// </summary>
[TestClass]
public sealed class RandomAffineLayerTests
{
    private static readonly float[] Grid3 = [1, 2, 3, 4, 5, 6, 7, 8, 9];

    private static void AreClose(float[] expected, Tensor actual, string what, double tol = 1e-5)
    {
        var a = actual.ToArray<float>();
        Assert.HasCount(expected.Length, a, what);
        for (int i = 0; i < a.Length; i++) Assert.AreEqual(expected[i], a[i], tol, $"{what}: element {i} is {a[i]}, expected {expected[i]} ([{string.Join(", ", a)}])");
    }

    [TestMethod]
    [DataRow("bilinear")]
    [DataRow("nearest")]
    public void AQuarterTurnRotatesA3x3CounterClockwise(string interpolation)
    {
        using var x = Tensor.FromArray(Grid3, 1, 3, 3, 1);
        using var left = new RandomRotation([0.25, 0.25], interpolation: interpolation, seed: 1).Apply(x, training: true);
        AreClose([3, 6, 9, 2, 5, 8, 1, 4, 7], left, "+90 degrees");
        using var right = new RandomRotation([-0.25, -0.25], interpolation: interpolation, seed: 1).Apply(x, training: true);
        AreClose([7, 4, 1, 8, 5, 2, 9, 6, 3], right, "-90 degrees");
        using var half = new RandomRotation([0.5, 0.5], interpolation: interpolation, seed: 1).Apply(x, training: true);
        AreClose([9, 8, 7, 6, 5, 4, 3, 2, 1], half, "180 degrees");
    }

    [TestMethod]
    public void ChannelsFirstRotatesEachChannelAlike()
    {
        // Two channels: the grid and the grid times 10, channels first.
        using var x = Tensor.FromArray([.. Grid3, .. Grid3.Select(v => v * 10)], 1, 2, 3, 3);
        using var y = new RandomRotation([0.25, 0.25], seed: 1, dataFormat: "channels_first").Apply(x, training: true);
        float[] turned = [3, 6, 9, 2, 5, 8, 1, 4, 7];
        AreClose([.. turned, .. turned.Select(v => v * 10)], y, "channels_first");
        using var single = new RandomRotation([0.25, 0.25], seed: 1).Apply(Tensor.FromArray(Grid3, 3, 3, 1), training: true);
        CollectionAssert.AreEqual(new[] { 3, 3, 1 }, single.Shape.Dims.ToArray(), "one image keeps its rank");
    }

    [TestMethod]
    [DataRow("reflect", new float[] { 1, 1, 2 }, new float[] { 2, 1, 1, 2 })]
    [DataRow("wrap", new float[] { 3, 1, 2 }, new float[] { 3, 4, 1, 2 })]
    [DataRow("constant", new float[] { -5, 1, 2 }, new float[] { -5, -5, 1, 2 })]
    [DataRow("nearest", new float[] { 1, 1, 2 }, new float[] { 1, 1, 1, 2 })]
    [DataRow("mirror", new float[] { 2, 1, 2 }, new float[] { 3, 2, 1, 2 })]
    public void ShiftsRightByOneAndTwoPixelsFillAsKerasDoes(string fillMode, float[] byOne, float[] byTwo)
    {
        foreach (var interpolation in new[] { "bilinear", "nearest" })
        {
            using var row3 = Tensor.FromArray(new float[] { 1, 2, 3 }, 1, 1, 3, 1);
            var one = new RandomTranslation([0.0], [1.0 / 3, 1.0 / 3], fillMode, interpolation, seed: 2, fillValue: -5);
            using var y1 = one.Apply(row3, training: true);
            AreClose(byOne, y1, $"{fillMode} {interpolation}: one pixel");
            using var row4 = Tensor.FromArray(new float[] { 1, 2, 3, 4 }, 1, 1, 4, 1);
            using var y2 = new RandomTranslation([0.0], [0.5, 0.5], fillMode, interpolation, seed: 2, fillValue: -5).Apply(row4, training: true);
            AreClose(byTwo, y2, $"{fillMode} {interpolation}: two pixels");
        }
    }

    [TestMethod]
    public void ShiftsDownAndLeft()
    {
        using var x = Tensor.FromArray(Grid3, 1, 3, 3, 1);
        // Down one row (content moves down, the top row reflects), left one column (the right column reflects).
        using var y = new RandomTranslation([1.0 / 3, 1.0 / 3], [-1.0 / 3, -1.0 / 3], seed: 3).Apply(x, training: true);
        AreClose([2, 3, 3, 2, 3, 3, 5, 6, 6], y, "down and left");
    }

    [TestMethod]
    public void ZoomsInAndOutAboutTheCentre()
    {
        using var x = Tensor.FromArray(new float[] { 10, 11, 12, 13, 14 }, 1, 1, 5, 1);
        // Zoom 0.5 (in): source x = 0.5 x + 1, halfway samples between pixels.
        using var zoomIn = new RandomZoom([-0.5, -0.5], seed: 4).Apply(x, training: true);
        AreClose([11, 11.5f, 12, 12.5f, 13], zoomIn, "zoom in");
        // Zoom 2 (out): source x = 2 x - 2; outside is the constant.
        using var zoomOut = new RandomZoom([1.0, 1.0], fillMode: "constant", fillValue: -1, seed: 4).Apply(x, training: true);
        AreClose([-1, 10, 12, 14, -1], zoomOut, "zoom out");
        // The width zoom alone (height factor 0): the same along the row.
        using var widthOnly = new RandomZoom([0.0], widthFactor: [-0.5, -0.5], seed: 4).Apply(x, training: true);
        AreClose([11, 11.5f, 12, 12.5f, 13], widthOnly, "width zoom");
    }

    [TestMethod]
    public void RandomCropTakesOneWindowInTrainingAndResizesTheCentreInInference()
    {
        var values = Enumerable.Range(0, 2 * 4 * 6).Select(v => (float)v).ToArray();
        using var x = Tensor.FromArray(values, 2, 4, 6, 1);
        var layer = new RandomCrop(2, 3, seed: 5);
        // Inference: the whole 4x6 image has the 2:3 ratio; bilinear halving averages 2x2 blocks: 12 i + 2 j + 3.5 (+ 24 for the 2nd image).
        using var inference = layer.Apply(x);
        AreClose([3.5f, 5.5f, 7.5f, 15.5f, 17.5f, 19.5f, 27.5f, 29.5f, 31.5f, 39.5f, 41.5f, 43.5f], inference, "inference");
        var seen = new HashSet<(int, int)>();
        for (int call = 0; call < 12; call++)
        {
            using var y = layer.Apply(x, training: true);
            var ys = y.ToArray<float>();
            int top = (int)ys[0] / 6, left = (int)ys[0] % 6;
            seen.Add((top, left));
            var expected = new List<float>();
            for (int n = 0; n < 2; n++)
                for (int r = 0; r < 2; r++)
                    for (int c = 0; c < 3; c++) expected.Add(n * 24 + (top + r) * 6 + left + c);
            AreClose([.. expected], y, $"call {call}: the window at ({top}, {left}) of both images");
        }
        Assert.IsGreaterThan(2, seen.Count, $"offsets vary: {string.Join(" ", seen)}");
        Assert.IsTrue(seen.All(s => s.Item1 is >= 0 and <= 2 && s.Item2 is >= 0 and <= 3), "offsets within the image");
        // Smaller than the target in training: resized like inference (2x3 -> 4x6 would be upsampling; check the shape).
        using var small = new RandomCrop(6, 9, seed: 5).Apply(x, training: true);
        CollectionAssert.AreEqual(new[] { 2, 6, 9, 1 }, small.Shape.Dims.ToArray());
        using var first = new RandomCrop(2, 3, seed: 5, dataFormat: "channels_first").Apply(Tensor.FromArray(values, 2, 1, 4, 6));
        AreClose(inference.ToArray<float>(), first, "channels_first inference");
    }

    private static Layer[] All(long seed) =>
    [
        new RandomRotation([-0.3, 0.3], seed: seed),
        new RandomZoom([-0.3, 0.4], widthFactor: [-0.2, 0.2], fillMode: "constant", seed: seed),
        new RandomTranslation([-0.3, 0.3], [0.2], fillMode: "wrap", interpolation: "nearest", seed: seed),
        new RandomCrop(4, 3, seed: seed),
    ];

    private static Tensor Images(int seed)
    {
        var rng = new Random(seed);
        return Tensor.FromArray(Enumerable.Range(0, 4 * 6 * 5 * 2).Select(_ => (float)rng.NextDouble()).ToArray(), 4, 6, 5, 2);
    }

    [TestMethod]
    public void InferenceIsTheIdentityAndASeedRepeats()
    {
        using var x = Images(1);
        var a = All(7);
        var b = All(7);
        var c = All(8);
        for (int i = 0; i < 3; i++)
        {
            var inference = a[i].Apply(x);      // the input itself: not disposed here
            CollectionAssert.AreEqual(x.ToArray<float>(), inference.ToArray<float>(), $"{a[i].GetType().Name}: inference");
        }
        for (int i = 0; i < a.Length; i++)
        {
            string name = a[i].GetType().Name;
            using var first = a[i].Apply(x, training: true);
            using var again = b[i].Apply(x, training: true);
            using var other = c[i].Apply(x, training: true);
            using var next = a[i].Apply(x, training: true);
            CollectionAssert.AreEqual(first.ToArray<float>(), again.ToArray<float>(), $"{name}: the same seed, the same result");
            CollectionAssert.AreNotEqual(first.ToArray<float>(), other.ToArray<float>(), $"{name}: another seed, another result");
            CollectionAssert.AreNotEqual(first.ToArray<float>(), next.ToArray<float>(), $"{name}: the next call draws again");
        }
    }

    [TestMethod]
    public void ImagesDifferWithinABatch()
    {
        // Four copies of one image: each gets its own rotation.
        var one = Images(2).ToArray<float>()[..60];
        using var x = Tensor.FromArray([.. one, .. one, .. one, .. one], 4, 6, 5, 2);
        var y = new RandomRotation([-0.2, 0.2], seed: 3).Apply(x, training: true).ToArray<float>();
        Assert.AreEqual(4, Enumerable.Range(0, 4).Select(i => string.Join(",", y[(i * 60)..((i + 1) * 60)])).Distinct().Count());
    }

    [TestMethod]
    public void GradientsFlowToTheImages()
    {
        using var x = Tensor.FromArray(Grid3, 1, 3, 3, 1);
        using var tape = new GradientTape();
        tape.Watch(x);
        var y = new RandomTranslation([0.0], [1.0 / 3, 1.0 / 3], fillMode: "nearest", seed: 1).Apply(x, training: true);
        var g = tape.Gradient(Ops.Sum(y), [x])[0]!;
        // Output columns read input columns 0, 0, 1: column 0 is read twice, column 2 never.
        AreClose([2, 1, 0, 2, 1, 0, 2, 1, 0], g, "d sum / d x");
    }

    [TestMethod]
    public void BadArgumentsAndInputsAreNamed()
    {
        var e = Assert.ThrowsExactly<ArgumentException>(() => new RandomRotation([0.1], fillMode: "edge"));
        Assert.AreEqual("RandomRotation: fillMode must be one of \"reflect\", \"wrap\", \"constant\", \"nearest\", \"mirror\", got \"edge\".", e.Message);
        e = Assert.ThrowsExactly<ArgumentException>(() => new RandomZoom([0.1], interpolation: "bicubic"));
        Assert.AreEqual("RandomZoom: interpolation must be \"bilinear\" or \"nearest\", got \"bicubic\".", e.Message);
        e = Assert.ThrowsExactly<ArgumentException>(() => new RandomTranslation([0.1], [1.5]));
        Assert.AreEqual("RandomTranslation: widthFactor must be one number or [lower, upper] with lower <= upper, within [-1, 1], got [1.5].", e.Message);
        e = Assert.ThrowsExactly<ArgumentException>(() => new RandomZoom([-1.5, 0.2]));
        StringAssert.StartsWith(e.Message, "RandomZoom: heightFactor must be");
        e = Assert.ThrowsExactly<ArgumentException>(() => new RandomCrop(0, 3));
        Assert.AreEqual("RandomCrop: height and width must be positive, got 0 and 3.", e.Message);
        e = Assert.ThrowsExactly<ArgumentException>(() => new RandomRotation([0.1], name: "rot").Apply(Ops.Zeros([3, 4]), training: true));
        Assert.AreEqual("Layer 'rot': expects images (height, width, channels) or batches of them, received shape (3, 4).", e.Message);
    }
}
