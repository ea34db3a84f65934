using System.Text;
using KerasSharp.Saving;
using static KerasSharp.Models.Tests.Saving.Formats.ZipBuilder;

namespace KerasSharp.Models.Tests.Saving.Formats;

/// <summary>Crafted zip archives: each is refused with a <see cref="ModelFileException"/> naming the archive and, where there is one, the entry.</summary>
[TestClass]
public sealed class KerasArchiveHostileTests
{
    private static readonly byte[] Json = Encoding.UTF8.GetBytes("""{"class_name": "Sequential"}""");

    private static ModelFileException Refused(byte[] zip, Action<KerasArchiveReader>? use = null, ZipLimits? limits = null)
    {
        using var dir = new TempFolder();
        var path = dir.File("bad.keras");
        File.WriteAllBytes(path, zip);
        var e = Assert.ThrowsExactly<ModelFileException>(() =>
        {
            using var archive = KerasArchiveReader.Open(path, limits ?? ZipLimits.Default);
            use?.Invoke(archive);
        });
        Assert.AreEqual(path, e.FilePath);
        return e;
    }

    private static void AssertRefused(byte[] zip, string? entry, string fragment, Action<KerasArchiveReader>? use = null, ZipLimits? limits = null)
    {
        var e = Refused(zip, use, limits);
        Assert.AreEqual(entry, e.Entry, e.Message);
        StringAssert.Contains(e.Message, fragment);
    }

    [TestMethod]
    public void BuilderMakesValidArchives()
    {
        // The refusals below come from the defects planted, not from the builder.
        using var dir = new TempFolder();
        var path = dir.File("ok.keras");
        File.WriteAllBytes(path, Build(Stored("config.json", Json), Deflated("metadata.json", Json)));
        using var archive = KerasArchive.Open(path);
        Assert.AreEqual(Encoding.UTF8.GetString(Json), archive.ReadText("config.json"));
        Assert.AreEqual(Encoding.UTF8.GetString(Json), archive.ReadText("metadata.json"));
    }

    [TestMethod]
    [DataRow("../evil.json", "climbs out")]
    [DataRow("assets/../../evil.json", "climbs out")]
    [DataRow("/etc/evil.json", "absolute path")]
    [DataRow("C:evil.json", "absolute path")]
    [DataRow("assets\\evil.json", "backslash")]
    [DataRow("evil\0.json", "NUL")]
    public void BadNames(string name, string fragment) =>
        StringAssert.Contains(Refused(Build(Stored(name, Json))).Message, fragment);

    [TestMethod]
    public void NameNotUtf8() =>
        AssertRefused(Build(Stored("x", Json) with { Name = [0x66, 0xff, 0x66], LocalName = [0x66, 0xff, 0x66] }), null, "not valid UTF-8");

    [TestMethod]
    public void DuplicateNames() => AssertRefused(Build(Stored("config.json", Json), Stored("config.json", Json)), "config.json", "appears twice");

    [TestMethod]
    public void TooManyEntries() =>
        AssertRefused(Build(Enumerable.Range(0, 5).Select(i => Stored($"f{i}", Json)).ToArray()), null, "over the limit of 3",
            limits: ZipLimits.Default with { MaxEntries = 3 });

    [TestMethod]
    public void StoredSizeLargerThanTheArchive() =>
        AssertRefused(Build(Stored("config.json", Json) with { DeclaredSize = 1L << 31, CompressedOverride = 1L << 31 }), "config.json", "more than the archive holds");

    [TestMethod]
    public void StoredSizesDisagree() =>
        AssertRefused(Build(Stored("config.json", Json) with { DeclaredSize = Json.Length + 5 }), "config.json", "declares");

    [TestMethod]
    public void DeflateRatioOverTheCap() =>
        AssertRefused(Build(Deflated("config.json", Json) with { DeclaredSize = 4_000_000_000 }), "config.json", "zip bomb");

    [TestMethod]
    public void DeflatedEntryLongerThanDeclared()
    {
        // The header says 10 bytes; the data inflates to 100 000: reading stops at 11 and refuses.
        var big = new byte[100_000];
        AssertRefused(Build(Deflated("config.json", big) with { DeclaredSize = 10 }), "config.json", "more than its declared 10 bytes",
            a => a.ReadText("config.json"));
        AssertRefused(Build(Deflated("model.weights.h5", big) with { DeclaredSize = 10 }), "model.weights.h5", "more than its declared 10 bytes",
            a => a.OpenSeekable("model.weights.h5").Dispose());
    }

    [TestMethod]
    public void DeflatedEntryShorterThanDeclared() =>
        AssertRefused(Build(Deflated("config.json", Json) with { DeclaredSize = Json.Length + 100 }), "config.json", "ends after",
            a => a.ReadText("config.json"));

    [TestMethod]
    public void CorruptDeflateData()
    {
        var entry = Deflated("config.json", Json);
        var data = (byte[])entry.Data.Clone();
        data[0] = 0xff;   // an invalid block type
        AssertRefused(Build(entry with { Data = data }), "config.json", "corrupt", a => a.ReadText("config.json"));
    }

    [TestMethod]
    public void CrcMismatch() =>
        AssertRefused(Build(Stored("config.json", Json) with { Crc = 12345 }), "config.json", "CRC mismatch", a => a.ReadText("config.json"));

    [TestMethod]
    public void TextOverTheCap() =>
        AssertRefused(Build(Stored("config.json", Json)), "config.json", "limit for text", a => a.ReadText("config.json"),
            ZipLimits.Default with { MaxTextBytes = 10 });

    [TestMethod]
    public void LocalHeaderNamesAnotherEntry() =>
        AssertRefused(Build(Stored("config.json", Json) with { LocalName = Encoding.UTF8.GetBytes("zonfig.json") }), "config.json", "different entry");

    [TestMethod]
    public void LocalHeaderOffsetWrong() =>
        AssertRefused(Build(Stored("config.json", Json) with { LocalOffsetOverride = 3 }), "config.json", "no local header");

    [TestMethod]
    public void EntriesOverlap()
    {
        // Entry b's local header hides inside entry a's data: both are valid alone, together they overlap.
        var hidden = LocalRecord("b", Json);
        var a = Stored("a", hidden);
        var b = Stored("b", Json) with { LocalOffsetOverride = 30 + 1 };
        AssertRefused(Build(a, b), "b", "overlaps");
    }

    [TestMethod]
    public void EncryptedEntry() => AssertRefused(Build(Stored("config.json", Json) with { Flags = 1 }), "config.json", "encrypted");

    [TestMethod]
    public void UnsupportedMethod() => AssertRefused(Build(Stored("config.json", Json) with { Method = 12 }), "config.json", "method 12");

    [TestMethod]
    public void NotAZip() => AssertRefused(Encoding.UTF8.GetBytes(new string('x', 100)), null, "not a zip archive");

    [TestMethod]
    public void TruncatedArchives()
    {
        var zip = Build(Stored("metadata.json", Json), Stored("config.json", Json), Stored("model.weights.h5", new byte[300]));
        for (int cut = 0; cut < zip.Length; cut += 7)
            Refused(zip[..cut], a => a.ReadText("config.json"));
    }

    [TestMethod]
    public void MissingEntry()
    {
        using var dir = new TempFolder();
        var path = dir.File("m.keras");
        File.WriteAllBytes(path, Build(Stored("metadata.json", Json)));
        using var archive = KerasArchive.Open(path);
        var e = Assert.ThrowsExactly<ModelFileException>(() => archive.OpenWeights());
        Assert.AreEqual($"'{path}': model.weights.h5: the archive has no such entry.", e.Message);
    }
}
