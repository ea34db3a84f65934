using KerasSharp.Models.Tests.Saving.Formats;

namespace KerasSharp.Layers.Tests.Preprocessing;

/// <summary>Resizing and CenterCrop: hand-computed values and PyTorch's interpolate as the reference.</summary>
[TestClass]
public sealed class ResizingTests
{
    [TestMethod]
    public void BilinearUsesHalfPixelCentres()
    {
        // x[r, c] = 2r + c is linear, so bilinear output is 2 r(i) + c(j) with r = c = [0, 0.25, 0.75, 1] for 2 -> 4.
        using var x = Tensor.FromArray(new float[] { 0, 1, 2, 3 }, 1, 2, 2, 1);
        using var y = new Resizing(4, 4).Apply(x);
        var expected = new List<float>();
        float[] t = [0, 0.25f, 0.75f, 1];
        foreach (var r in t) foreach (var c in t) expected.Add(2 * r + c);
        CollectionAssert.AreEqual(expected.ToArray(), y.ToArray<float>());
    }

    [TestMethod]
    public void MatchesPyTorchInterpolate()
    {
        var rng = new Random(4);
        var values = Enumerable.Range(0, 2 * 7 * 9 * 3).Select(_ => (float)rng.NextDouble()).ToArray();
        using var x = Tensor.FromArray(values, 2, 7, 9, 3);
        var sizes = new[] { (4, 5), (10, 13), (7, 4) };
        var output = Python.RunWith("import torch", "python3-torch", """
import sys, torch
v = torch.tensor([float(s) for s in sys.argv[1].split(',')]).reshape(2, 7, 9, 3).permute(0, 3, 1, 2)
for hw in sys.argv[2:]:
    h, w = map(int, hw.split('x'))
    # 'nearest-exact' is half-pixel nearest, as tf.image.resize (and so Keras) samples.
    for mode in ('bilinear', 'nearest-exact'):
        kw = {'align_corners': False} if mode == 'bilinear' else {}
        y = torch.nn.functional.interpolate(v, size=(h, w), mode=mode, **kw).permute(0, 2, 3, 1).reshape(-1)
        print(','.join(repr(float(a)) for a in y))
""", string.Join(",", values.Select(v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture))),
            "4x5", "10x13", "7x4");
        var lines = output.Trim().Split('\n');
        int k = 0;
        foreach (var (h, w) in sizes)
            foreach (var mode in new[] { "bilinear", "nearest" })
            {
                var expected = lines[k++].Split(',').Select(s => float.Parse(s, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
                using var y = new Resizing(h, w, interpolation: mode).Apply(x);
                var actual = y.ToArray<float>();
                Assert.HasCount(expected.Length, actual);
                for (int i = 0; i < actual.Length; i++) Assert.AreEqual(expected[i], actual[i], 1e-5f, $"{mode} {h}x{w} element {i}");
            }
    }

    [TestMethod]
    public void CenterCropTakesTheMiddleAndResizesSmallImages()
    {
        using var x = Tensor.FromArray(Enumerable.Range(0, 30).Select(i => (float)i).ToArray(), 1, 5, 6, 1);
        using var y = new CenterCrop(3, 2).Apply(x);
        // Rows 1-3, columns 2-3.
        CollectionAssert.AreEqual(new float[] { 8, 9, 14, 15, 20, 21 }, y.ToArray<float>());
        using var small = new CenterCrop(8, 6).Apply(x);
        CollectionAssert.AreEqual(new[] { 1, 8, 6, 1 }, small.Shape.ToArray());
        var e = Assert.ThrowsExactly<ArgumentException>(() => new CenterCrop(2, 2, name: "crop").Apply(Tensor.FromArray(new float[] { 1, 2 })));
        StringAssert.Contains(e.Message, "Layer 'crop': expects images");
    }
}
