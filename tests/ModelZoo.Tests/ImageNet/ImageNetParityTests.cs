using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace KerasSharp.ModelZoo.Tests.ImageNet;

/// <summary>
/// ImageNet.Preprocess against torchvision's PIL pipeline (pil_loader, Resize, CenterCrop, ToTensor, Normalize), on
/// scikit-image's photos and images derived from them, one step at a time: decoding, then resizing and cropping the
/// very pixels PIL decoded, then the whole pipeline from the file.
/// </summary>
[TestClass]
public sealed class ImageNetParityTests
{
    // Lossless formats must match exactly: same bytes decoded, then the same integer resampling and the same float32
    // operations. JPEG cannot: ImageSharp's decoder is not libjpeg-turbo. Measured on these files: 4:4:4 and greyscale
    // JPEGs (rounding in the IDCT and colour conversion) differ by at most 3 levels, mean under 0.04; 4:2:0 JPEGs up to
    // 19 levels, mean 0.34, at sharp colour edges, because libjpeg-turbo upsamples chroma with a triangle filter
    // ("fancy upsampling") where ImageSharp does not. The bounds below sit about a quarter above the worst seen.
    private const int LossyMaxLevels = 24;
    private const double LossyMeanLevels = 0.5;

    // The antialiased resize averages several decoded pixels into each output, so the differences shrink: worst seen
    // 0.19 after normalisation (one level is 1 / 255 / 0.229 = 0.0171 to 1 / 255 / 0.224 = 0.0175), mean 0.0055.
    private const double LossyFinalMax = 0.25;
    private const double LossyFinalMean = 0.01;

    public static IEnumerable<object[]> Cases => TorchvisionReference.Cases.Select(c => new object[] { c.Name });

    private static ParityCase Case(string name) => TorchvisionReference.Cases.Single(c => c.Name == name);

    private static ImageNetTransform Transform(ParityCase c) =>
        c.Preset == "resnet50_v2" ? ImageNetTransform.ResNetV2 : new ImageNetTransform(c.Resize, c.Crop);

    [TestMethod]
    [DynamicData(nameof(Cases))]
    public void Decoding_GivesPilsPixels(string name)
    {
        var c = Case(name);
        var reference = TorchvisionReference.Get(c);
        using var image = ImageDecoding.Decode(reference.Path);
        Assert.AreEqual((reference.Width, reference.Height), (image.Width, image.Height), "size");
        var ours = new byte[reference.Decoded.Length];
        image.Frames.RootFrame.CopyPixelDataTo(ours);
        var (max, mean) = Differences(ours, reference.Decoded);
        Console.WriteLine($"{name}: decoded {image.Width}x{image.Height}, max |ImageSharp - PIL| = {max} levels, mean {mean:F4}");
        if (c.Lossy)
        {
            Assert.IsLessThanOrEqualTo(LossyMaxLevels, max, $"{name}: largest difference from PIL's decoder");
            Assert.IsLessThanOrEqualTo(LossyMeanLevels, mean, $"{name}: mean difference from PIL's decoder");
        }
        else
        {
            Assert.AreEqual(0, max, $"{name}: a lossless format must decode to exactly PIL's pixels");
        }
    }

    [TestMethod]
    [DynamicData(nameof(Cases))]
    public void ResizeAndCrop_OfPilsPixels_AreBitIdentical(string name)
    {
        var c = Case(name);
        var reference = TorchvisionReference.Get(c);
        using var image = Image.LoadPixelData<Rgb24>(reference.Decoded, reference.Width, reference.Height);
        var ours = ResizeCrop.Apply(image.Frames.RootFrame, Transform(c));
        var (max, _) = Differences(ours, reference.Crop);
        Console.WriteLine($"{name}: resize {reference.Width}x{reference.Height} -> crop {c.Crop}, max |ours - PIL| = {max} levels");
        Assert.AreEqual(0, max, $"{name}: resizing and cropping PIL's own pixels must give PIL's bytes exactly");
    }

    [TestMethod]
    [DynamicData(nameof(Cases))]
    public void Preprocess_MatchesTorchvision(string name)
    {
        var c = Case(name);
        var reference = TorchvisionReference.Get(c);
        using var x = ModelZoo.ImageNet.Preprocess(reference.Path, Transform(c), dataFormat: "channels_first");
        CollectionAssert.AreEqual(new[] { 1, 3, c.Crop, c.Crop }, x.Shape.ToArray());
        Assert.AreEqual(DType.Float32, x.DType);
        var ours = x.ToArray<float>();
        double max = 0, sum = 0;
        for (int i = 0; i < ours.Length; i++)
        {
            double d = Math.Abs(ours[i] - reference.Final[i]);
            max = Math.Max(max, d);
            sum += d;
        }
        double mean = sum / ours.Length;
        Console.WriteLine($"{name}: final max |ours - torchvision| = {max:G6}, mean {mean:G6}");
        if (c.Lossy)
        {
            Assert.IsLessThanOrEqualTo(LossyFinalMax, max, $"{name}: largest difference from torchvision");
            Assert.IsLessThanOrEqualTo(LossyFinalMean, mean, $"{name}: mean difference from torchvision");
        }
        else
        {
            // Same bytes in, same float32 operations in the same order: every value is bit-identical.
            Assert.AreEqual(0.0, max, $"{name}: a lossless image must give torchvision's float32 values exactly");
        }
    }

    private static (int Max, double Mean) Differences(byte[] a, byte[] b)
    {
        Assert.HasCount(b.Length, a, "byte count");
        int max = 0;
        long sum = 0;
        for (int i = 0; i < a.Length; i++)
        {
            int d = Math.Abs(a[i] - b[i]);
            max = Math.Max(max, d);
            sum += d;
        }
        return (max, a.Length == 0 ? 0 : (double)sum / a.Length);
    }
}
