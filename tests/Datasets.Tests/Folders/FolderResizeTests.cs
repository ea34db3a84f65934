using System.Globalization;
using KerasSharp.Layers;
using KerasSharp.Models.Tests.Saving.Formats;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace KerasSharp.Datasets.Tests.Folders;

/// <summary>
/// ImageDatasetFromDirectory resizes as Keras's image_dataset_from_directory does (tf.image.resize: half-pixel centres,
/// no antialiasing): PyTorch's interpolate without antialiasing is the independent reference, and the Resizing layer,
/// which implements the same resize on tensors, must agree.
/// </summary>
[TestClass]
public sealed class FolderResizeTests
{
    private const int Width = 37, Height = 23;
    private string _root = "";
    private byte[] _rgb = [];

    [TestInitialize]
    public void Make()
    {
        _root = Path.Combine(Path.GetTempPath(), $"ks-resize-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path.Combine(_root, "a"));
        var rng = new Random(11);
        _rgb = new byte[Width * Height * 3];
        rng.NextBytes(_rgb);
        using var image = Image.LoadPixelData<Rgb24>(_rgb, Width, Height);
        image.SaveAsPng(Path.Combine(_root, "a", "noise.png"));   // lossless: the decoded bytes are _rgb
    }

    [TestCleanup]
    public void Remove() => Directory.Delete(_root, recursive: true);

    private float[] Load(int height, int width, string interpolation, string colorMode = "rgb", bool crop = false)
    {
        var d = Utils.ImageDatasetFromDirectory(_root, labelMode: null, imageSize: (height, width), interpolation: interpolation,
                                                colorMode: colorMode, cropToAspectRatio: crop, shuffle: false);
        var batch = d.AsEnumerable().Single();
        var values = batch[0].ToArray<float>();
        foreach (var t in batch) t.Dispose();
        return values;
    }

    // PyTorch on the same bytes: bilinear (align_corners=False) and nearest-exact are tf.image.resize's two samplings.
    private float[] Torch(int height, int width, string mode, bool grey = false, (int X, int Y, int W, int H)? window = null)
    {
        var (x, y, w, h) = window ?? (0, 0, Width, Height);
        var output = Python.RunWith("import torch", "python3-torch", """
import sys, numpy as np, torch
W, H, h, w, mode, grey, x0, y0, cw, ch = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5], sys.argv[6] == '1', *map(int, sys.argv[7:11])
rgb = np.array([int(b) for b in sys.argv[11].split(',')], dtype=np.float64).reshape(H, W, 3)[y0:y0 + ch, x0:x0 + cw]
img = np.round(0.299 * rgb[..., 0:1] + 0.587 * rgb[..., 1:2] + 0.114 * rgb[..., 2:3]) if grey else rgb
v = torch.tensor(img, dtype=torch.float32).permute(2, 0, 1)[None]
kw = {'align_corners': False} if mode == 'bilinear' else {}
out = torch.nn.functional.interpolate(v, size=(h, w), mode=mode, **kw)[0].permute(1, 2, 0).reshape(-1)
print(','.join(repr(float(a)) for a in out))
""", Width.ToString(CultureInfo.InvariantCulture), Height.ToString(CultureInfo.InvariantCulture), height.ToString(CultureInfo.InvariantCulture),
            width.ToString(CultureInfo.InvariantCulture), mode, grey ? "1" : "0", x.ToString(CultureInfo.InvariantCulture), y.ToString(CultureInfo.InvariantCulture),
            w.ToString(CultureInfo.InvariantCulture), h.ToString(CultureInfo.InvariantCulture), string.Join(",", _rgb));
        return output.Trim().Split(',').Select(s => float.Parse(s, CultureInfo.InvariantCulture)).ToArray();
    }

    private static void Close(float[] expected, float[] actual, float tolerance, string what)
    {
        Assert.HasCount(expected.Length, actual, what);
        for (int i = 0; i < actual.Length; i++) Assert.AreEqual(expected[i], actual[i], tolerance, $"{what}: element {i}");
    }

    [TestMethod]
    public void BilinearAndNearestMatchPyTorchWithoutAntialiasing()
    {
        // down in both axes, up in both, and mixed; values 0-255 in float32: 1e-3 covers the orders of the lerps
        foreach (var (h, w) in new[] { (10, 16), (30, 50), (7, 40) })
        {
            Close(Torch(h, w, "bilinear"), Load(h, w, "bilinear"), 1e-3f, $"bilinear {h}x{w}");
            CollectionAssert.AreEqual(Torch(h, w, "nearest-exact"), Load(h, w, "nearest"), $"nearest {h}x{w}: whole source pixels");
        }
    }

    [TestMethod]
    public void GreyscaleConvertsBeforeTheResizeAndTheCropTakesTheCentre()
    {
        Close(Torch(9, 12, "bilinear", grey: true), Load(9, 12, "bilinear", colorMode: "grayscale"), 1e-3f, "grey bilinear");
        // 37x23 to a square: the centred 23x23 window starting at column 7
        Close(Torch(8, 8, "bilinear", window: (7, 0, 23, 23)), Load(8, 8, "bilinear", crop: true), 1e-3f, "cropped bilinear");
    }

    [TestMethod]
    public void TheResizingLayerGivesTheSameImages()
    {
        using var original = Tensor.FromArray(Load(Height, Width, "bilinear"), 1, Height, Width, 3);
        CollectionAssert.AreEqual(_rgb.Select(b => (float)b).ToArray(), original.ToArray<float>(), "same size: the pixels as they are");
        using var resized = new Resizing(10, 16).Apply(original);
        Close(resized.ToArray<float>(), Load(10, 16, "bilinear"), 1e-3f, "Resizing layer vs folder loader");
    }

    [TestMethod]
    public void AnImageImageSharpSplitsIntoSeveralBuffersResizesTheSame()
    {
        // 2048x1536 RGB (9 MB) is past ImageSharp's single-buffer size: its rows are read through the pixel accessor
        const int w = 2048, h = 1536;
        var folder = Path.Combine(_root, "large");
        Directory.CreateDirectory(Path.Combine(folder, "a"));
        var rgb = new byte[w * h * 3];
        new Random(12).NextBytes(rgb);
        using (var image = Image.LoadPixelData<Rgb24>(rgb, w, h))
        {
            Assert.IsFalse(image.DangerousTryGetSinglePixelMemory(out _), "the case under test: several buffers");
            image.SaveAsPng(Path.Combine(folder, "a", "large.png"));
        }
        float[] Load(int height, int width)
        {
            var batch = Utils.ImageDatasetFromDirectory(folder, labelMode: null, imageSize: (height, width), shuffle: false).AsEnumerable().Single();
            var values = batch[0].ToArray<float>();
            foreach (var t in batch) t.Dispose();
            return values;
        }
        var original = Load(h, w);
        Assert.IsTrue(original.Select((v, i) => v == rgb[i]).All(same => same), "same size: the pixels as they are");
        using var full = Tensor.FromArray(original, 1, h, w, 3);
        using var resized = new Resizing(48, 64).Apply(full);
        Close(resized.ToArray<float>(), Load(48, 64), 1e-3f, "Resizing layer vs folder loader, large image");
    }
}
