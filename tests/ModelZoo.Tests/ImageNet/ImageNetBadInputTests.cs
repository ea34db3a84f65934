using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Webp;
using SixLabors.ImageSharp.Processing;

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
    public void TruncatedJpeg_IsCorrupt()
    {
        var whole = File.ReadAllBytes(TorchvisionReference.Photo("rocket.jpg"));
        foreach (int length in new[] { 2, 20, 300 })             // inside the markers: ImageSharp's own errors
            Fails(Write($"rocket-{length}.jpg", whole[..length]));
        foreach (int length in new[] { whole.Length / 2, whole.Length - 10, whole.Length - 2 })   // the last: only EOI is gone
        {
            var path = Write($"rocket-{length}.jpg", whole[..length]);
            Assert.AreEqual($"'{path}': the file is truncated: it ends inside the compressed image data, before the end-of-image marker.",
                Fails(path).Message);
        }
    }

    [TestMethod]
    [DataRow("jpg")]
    [DataRow("png")]
    [DataRow("gif")]
    [DataRow("bmp")]
    [DataRow("webp")]
    [DataRow("webp-lossless")]
    [DataRow("tif")]
    public void TruncatedFile_OfEachFormat_IsRefused(string format)
    {
        // ImageSharp 2.1 decodes most cut files silently (the rest comes out black); PIL raises, and so must we.
        using var photo = SixLabors.ImageSharp.Image.Load(TorchvisionReference.Photo("chelsea.png"));
        var encoded = new MemoryStream();
        switch (format)
        {
            case "jpg": photo.SaveAsJpeg(encoded); break;
            case "png": photo.SaveAsPng(encoded); break;
            case "gif": photo.SaveAsGif(encoded); break;
            case "bmp": photo.SaveAsBmp(encoded); break;
            case "webp": photo.SaveAsWebp(encoded); break;
            case "webp-lossless": photo.SaveAsWebp(encoded, new WebpEncoder { FileFormat = WebpFileFormatType.Lossless }); break;
            default: photo.SaveAsTiff(encoded); break;
        }
        var whole = encoded.ToArray();
        using (var x = ModelZoo.ImageNet.Preprocess(Write($"whole.{format}", whole))) Assert.AreEqual(3 * 224 * 224, x.Size);
        foreach (int length in new[] { whole.Length / 10, whole.Length / 2, whole.Length * 9 / 10, whole.Length - 20 })
            Fails(Write($"cut-{length}.{format}", whole[..length]));
        var lastByteCut = Write($"cut-last.{format}", whole[..^1]);
        if (format is "gif" or "tif")
        {
            // A GIF's last byte is its trailer, after the first frame; ImageSharp's TIFF ends on a padding byte that no
            // tag points to. Nothing the image needs is gone: PIL reads both, and so do we.
            using var x = ModelZoo.ImageNet.Preprocess(lastByteCut);
        }
        else
        {
            Fails(lastByteCut);
        }
    }

    [TestMethod]
    [DataRow("rocket.jpg")]
    [DataRow("chelsea.png")]
    public void BytesAfterTheEndOfTheImage_AreIgnored(string photo)
    {
        // Cameras and editors append trailers after EOI or IEND; PIL reads such files, and so do we.
        var whole = File.ReadAllBytes(TorchvisionReference.Photo(photo));
        var path = Write("trailer" + Path.GetExtension(photo), [.. whole, .. "trailing vendor data"u8.ToArray()]);
        using var expected = ModelZoo.ImageNet.Preprocess(TorchvisionReference.Photo(photo));
        using var actual = ModelZoo.ImageNet.Preprocess(path);
        CollectionAssert.AreEqual(expected.ToArray<float>(), actual.ToArray<float>());
    }

    [TestMethod]
    [DataRow("jpg")]
    [DataRow("png")]
    [DataRow("gif")]
    [DataRow("bmp")]
    [DataRow("webp")]
    [DataRow("tif")]
    public void DamagedFiles_GiveAnImageOrAnImageFileException_NeverAnotherError(string format)
    {
        // Seeded damage to a small image: bytes overwritten, then sometimes cut. Whatever a decoder meets, the caller
        // sees a result or an ImageFileException naming the file, nothing else.
        using var photo = SixLabors.ImageSharp.Image.Load(TorchvisionReference.Photo("chelsea.png"));
        photo.Mutate(p => p.Resize(64, 43));
        var encoded = new MemoryStream();
        photo.Save(encoded, Configuration.Default.ImageFormatsManager.FindFormatByFileExtension(format)!);
        var whole = encoded.ToArray();
        var random = new Random(format.Aggregate(17, (h, c) => h * 31 + c));     // string hashes change per process
        int decoded = 0, refused = 0;
        for (int trial = 0; trial < 60; trial++)
        {
            var damaged = (byte[])whole.Clone();
            for (int k = random.Next(1, 8); k > 0; k--) damaged[random.Next(damaged.Length)] = (byte)random.Next(256);
            if (random.Next(3) == 0) damaged = damaged[..random.Next(1, damaged.Length)];
            using var stream = new MemoryStream(damaged);
            try
            {
                using var x = ModelZoo.ImageNet.Preprocess(stream, name: $"{format} trial {trial}");
                decoded++;
            }
            catch (ImageFileException e)
            {
                Assert.AreEqual($"{format} trial {trial}", e.FilePath);
                refused++;
            }
        }
        Console.WriteLine($"{format}: {decoded} damaged files decoded, {refused} refused");
    }

    [TestMethod]
    public void TiffWhoseStripLiesPastTheEnd_IsTruncated()
    {
        var path = Write("strip.tif", CraftedImages.Tiff(10, 10));     // the strip is at byte 200 of a 122-byte file
        Assert.AreEqual($"'{path}': the file is truncated: it ends after 122 bytes; strip or tile 0 needs bytes 200 to 210.", Fails(path).Message);
    }

    [TestMethod]
    public void ScikitImagesTruncatedJpeg_IsCorrupt() =>
        Fails(TorchvisionReference.Photo("truncated.jpg"));

    [TestMethod]
    public void TruncatedPng_IsCorrupt()
    {
        var whole = File.ReadAllBytes(TorchvisionReference.Photo("chelsea.png"));
        Fails(Write("chelsea-half.png", whole[..(whole.Length / 2)]));
    }

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
