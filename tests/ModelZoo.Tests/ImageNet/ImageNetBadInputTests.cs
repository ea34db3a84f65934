using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Webp;

namespace KerasSharp.ModelZoo.Tests.ImageNet;

/// <summary>Hostile and broken files: each is an <see cref="ImageFileException"/> naming the file, never a crash or a
/// large allocation.</summary>
[TestClass]
public sealed class ImageNetBadInputTests
{
    private const string NotAnImage = "not an image in a supported format (JPEG, PNG, BMP, GIF, WebP or TIFF).";
    private string _folder = "";

    [TestInitialize]
    public void CreateFolder() => Directory.CreateDirectory(_folder = Path.Combine(Path.GetTempPath(), $"ks-imagenet-bad-{Guid.NewGuid():N}"));

    [TestCleanup]
    public void DeleteFolder() => Directory.Delete(_folder, true);

    private string Write(string name, byte[] data)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllBytes(path, data);
        return path;
    }

    private static ImageFileException Fails(string path)
    {
        var e = Assert.ThrowsExactly<ImageFileException>(() => ModelZoo.ImageNet.Preprocess(path));
        Assert.AreEqual(path, e.FilePath);
        Assert.StartsWith($"'{path}': ", e.Message);
        return e;
    }

    [TestMethod]
    public void TextFile_IsNotAnImage()
    {
        var path = Write("notes.jpg", "This is a shopping list, not a JPEG.\n"u8.ToArray());
        Assert.AreEqual($"'{path}': {NotAnImage}", Fails(path).Message);
    }

    [TestMethod]
    public void EmptyFile_SaysSo()
    {
        var path = Write("empty.png", []);
        Assert.AreEqual($"'{path}': the file is empty.", Fails(path).Message);
    }

    [TestMethod]
    public void MissingFile_IsFileNotFound()
    {
        var path = Path.Combine(_folder, "nowhere.jpg");
        var e = Assert.ThrowsExactly<FileNotFoundException>(() => ModelZoo.ImageNet.Preprocess(path));
        Assert.Contains(path, e.Message);
    }

    [TestMethod]
    public void ScikitImagesTruncatedJpeg_IsCorrupt() =>
        Fails(TorchvisionReference.Photo("truncated.jpg"));

    [TestMethod]
    [DataRow("png", 100_000, 100_000)]
    [DataRow("gif", 65_535, 65_535)]
    [DataRow("bmp", 60_000, 60_000)]          // ImageSharp itself refuses BMPs over 65535 a side
    [DataRow("jpg", 65_535, 65_535)]
    [DataRow("tif", 100_000, 100_000)]
    [DataRow("png", 70_000, 1)]              // few pixels, but a side over 65535
    [DataRow("png", 10_001, 10_000)]         // just over 100 million pixels
    public void DeclaredHugeSize_FailsFromTheHeaderWithoutAllocating(string format, int width, int height)
    {
        var data = format switch
        {
            "png" => CraftedImages.Png((uint)width, (uint)height),
            "gif" => CraftedImages.Gif((ushort)width, (ushort)height),
            "bmp" => CraftedImages.Bmp(width, height),
            "jpg" => CraftedImages.Jpeg((ushort)width, (ushort)height),
            _ => CraftedImages.Tiff((uint)width, (uint)height),
        };
        var path = Write($"huge.{format}", data);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Fails(path);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.AreEqual(
            $"'{path}': the image declares {width}x{height} pixels ({(long)width * height:N0}); the limits are 65535 pixels a " +
            "side and 100,000,000 pixels in all, so it is not decoded.", e.Message);
        Assert.IsLessThan(16L << 20, allocated, $"{format}: {allocated} bytes allocated before refusing");
    }

    [TestMethod]
    public void BadStream_IsNamedInTheMessage()
    {
        using var stream = new MemoryStream("GIF89a but nothing else"u8.ToArray());
        var e = Assert.ThrowsExactly<ImageFileException>(() => ModelZoo.ImageNet.Preprocess(stream, name: "upload #7"));
        Assert.StartsWith("'upload #7': ", e.Message);
        var unnamed = Assert.ThrowsExactly<ImageFileException>(() => ModelZoo.ImageNet.Preprocess(new MemoryStream()));
        Assert.AreEqual("'<stream>': the file is empty.", unnamed.Message);
    }

    [TestMethod]
    public void BadFileInABatch_IsNamed()
    {
        var good = TorchvisionReference.Photo("chelsea.png");
        var bad = Write("bad.png", "no"u8.ToArray());
        var e = Assert.ThrowsExactly<ImageFileException>(() => ModelZoo.ImageNet.Preprocess([good, bad]));
        Assert.AreEqual(bad, e.FilePath);
    }

    [TestMethod]
    public void ImageFileException_IsAModelFileException()
    {
        var path = Write("x.bmp", "BM"u8.ToArray());
        KerasSharp.Saving.ModelFileException e = Fails(path);
        Assert.IsNull(e.Entry);
        Assert.IsInstanceOfType<IOException>(e);
    }
}
