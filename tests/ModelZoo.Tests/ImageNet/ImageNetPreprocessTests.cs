using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace KerasSharp.ModelZoo.Tests.ImageNet;

/// <summary>The overloads, layouts, batches and argument checks of ImageNet.Preprocess (the values themselves are
/// checked against torchvision in <see cref="ImageNetParityTests"/>).</summary>
[TestClass]
public sealed class ImageNetPreprocessTests
{
    private static string Chelsea => TorchvisionReference.Photo("chelsea.png");
    private static string Rocket => TorchvisionReference.Photo("rocket.jpg");
    private static string Camera => TorchvisionReference.Photo("camera.png");

    private static float[] Values(Tensor x)
    {
        using (x) return x.ToArray<float>();
    }

    [TestMethod]
    public void ChannelsLast_IsChannelsFirstTransposed()
    {
        using var last = ModelZoo.ImageNet.Preprocess(Chelsea, new ImageNetTransform(256, 200));
        using var first = ModelZoo.ImageNet.Preprocess(Chelsea, new ImageNetTransform(256, 200), dataFormat: "channels_first");
        CollectionAssert.AreEqual(new[] { 1, 200, 200, 3 }, last.Shape.ToArray());
        CollectionAssert.AreEqual(new[] { 1, 3, 200, 200 }, first.Shape.ToArray());
        Assert.AreEqual(DType.Float32, last.DType);
        var l = last.ToArray<float>();
        var f = first.ToArray<float>();
        for (int c = 0; c < 3; c++)
            for (int p = 0; p < 200 * 200; p++)
                Assert.AreEqual(f[c * 40000 + p], l[p * 3 + c]);
    }

    [TestMethod]
    public void Defaults_AreTheV1Transform_AndTheV2PresetDiffers()
    {
        Assert.AreEqual((256, 224), (ImageNetTransform.V1.ResizeSize, ImageNetTransform.V1.CropSize));
        Assert.AreEqual((232, 224), (ImageNetTransform.ResNetV2.ResizeSize, ImageNetTransform.ResNetV2.CropSize));
        Assert.AreEqual(ImageNetTransform.V1, new ImageNetTransform());
        var byDefault = Values(ModelZoo.ImageNet.Preprocess(Chelsea));
        CollectionAssert.AreEqual(Values(ModelZoo.ImageNet.Preprocess(Chelsea, ImageNetTransform.V1)), byDefault);
        CollectionAssert.AreNotEqual(Values(ModelZoo.ImageNet.Preprocess(Chelsea, ImageNetTransform.ResNetV2)), byDefault);
    }

    [TestMethod]
    [DataRow("channels_last")]
    [DataRow("channels_first")]
    public void Batch_StacksTheSingleResults(string dataFormat)
    {
        string[] files = [Chelsea, Rocket, Camera];
        using var batch = ModelZoo.ImageNet.Preprocess(files, dataFormat: dataFormat);
        CollectionAssert.AreEqual(dataFormat == "channels_last" ? new[] { 3, 224, 224, 3 } : new[] { 3, 3, 224, 224 }, batch.Shape.ToArray());
        var all = batch.ToArray<float>();
        for (int i = 0; i < files.Length; i++)
            CollectionAssert.AreEqual(Values(ModelZoo.ImageNet.Preprocess(files[i], dataFormat: dataFormat)), all[(i * 150528)..((i + 1) * 150528)], files[i]);
    }

    [TestMethod]
    public void Streams_SeekableAtAnOffsetOrNot_GiveTheFilesResult()
    {
        var expected = Values(ModelZoo.ImageNet.Preprocess(Rocket));
        var bytes = File.ReadAllBytes(Rocket);
        using var shifted = new MemoryStream([.. new byte[] { 1, 2, 3 }, .. bytes]) { Position = 3 };
        CollectionAssert.AreEqual(expected, Values(ModelZoo.ImageNet.Preprocess(shifted)));
        using var forwardOnly = new ForwardOnlyStream(bytes);
        CollectionAssert.AreEqual(expected, Values(ModelZoo.ImageNet.Preprocess(forwardOnly)));
        Assert.IsTrue(forwardOnly.CanRead, "the stream is left open");
    }

    [TestMethod]
    public void DecodedImage_AnyPixelType_DropsAlpha_AndUsesTheFirstFrame()
    {
        var expected = Values(ModelZoo.ImageNet.Preprocess(Chelsea));
        using var rgba = Image.Load<Rgba32>(Chelsea);
        rgba.ProcessPixelRows(rows =>
        {
            for (int y = 0; y < rows.Height; y++)
                foreach (ref var p in rows.GetRowSpan(y)) p.A = (byte)(y % 256);
        });
        rgba.Frames.AddFrame(new Rgba32[rgba.Width * rgba.Height]);      // a black second frame, ignored
        CollectionAssert.AreEqual(expected, Values(ModelZoo.ImageNet.Preprocess(rgba)));
        using var rgb = Image.Load<Rgb24>(Chelsea);
        CollectionAssert.AreEqual(expected, Values(ModelZoo.ImageNet.Preprocess(rgb)));
        Assert.AreEqual(451, rgb.Width, "the caller's image is not changed");
    }

    [TestMethod]
    public void Preprocess_LeavesOneLiveTensor()
    {
        long before = Tensor.LiveCount;
        using var x = ModelZoo.ImageNet.Preprocess([Chelsea, Camera]);
        Assert.AreEqual(before + 1, Tensor.LiveCount);
    }

    [TestMethod]
    public void BadArguments_AreRefused()
    {
        var format = Assert.ThrowsExactly<ArgumentException>(() => ModelZoo.ImageNet.Preprocess(Chelsea, dataFormat: "NHWC"));
        Assert.StartsWith("ImageNet.Preprocess: dataFormat must be \"channels_last\" or \"channels_first\", got \"NHWC\".", format.Message);
        var empty = Assert.ThrowsExactly<ArgumentException>(() => ModelZoo.ImageNet.Preprocess(Array.Empty<string>()));
        Assert.AreEqual("ImageNet.Preprocess: the batch is empty; give at least one image.", empty.Message);
        var resize = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new ImageNetTransform(resizeSize: 0));
        Assert.StartsWith("ImageNetTransform: resizeSize must be in 1..8192, got 0.", resize.Message);
        var crop = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new ImageNetTransform(cropSize: 8193));
        Assert.StartsWith("ImageNetTransform: cropSize must be in 1..8192, got 8193.", crop.Message);
        Assert.ThrowsExactly<ArgumentNullException>(() => ModelZoo.ImageNet.Preprocess((string)null!));
    }

    /// <summary>A stream that can only be read forwards, as a network stream is.</summary>
    private sealed class ForwardOnlyStream(byte[] data) : Stream
    {
        private readonly MemoryStream _inner = new(data);
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, Math.Min(count, 1000));
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
