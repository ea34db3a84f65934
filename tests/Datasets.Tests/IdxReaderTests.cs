using System.IO.Compression;

namespace KerasSharp.Datasets.Tests;

[TestClass]
public sealed class IdxReaderTests
{
    private string _folder = "";

    [TestInitialize]
    public void CreateFolder()
    {
        _folder = Path.Combine(Path.GetTempPath(), "ks-idx-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
    }

    [TestCleanup]
    public void DeleteFolder() => Directory.Delete(_folder, recursive: true);

    /// <summary>An IDX header for unsigned bytes with the given dimensions (big-endian).</summary>
    private static byte[] Header(params int[] dims)
    {
        var bytes = new List<byte> { 0, 0, 0x08, (byte)dims.Length };
        foreach (var d in dims) bytes.AddRange([(byte)(d >> 24), (byte)(d >> 16), (byte)(d >> 8), (byte)d]);
        return bytes.ToArray();
    }

    private string Write(string name, byte[] content, bool gzip = false)
    {
        var path = Path.Combine(_folder, name);
        if (!gzip) { File.WriteAllBytes(path, content); return path; }
        using var file = File.Create(path);
        using var z = new GZipStream(file, CompressionLevel.Fastest);
        z.Write(content);
        return path;
    }

    [TestMethod]
    [DataRow(false)]
    [DataRow(true)]
    public void ReadsPlainAndGzipFiles(bool gzip)
    {
        var path = Write("ok", [.. Header(2, 3), 1, 2, 3, 4, 5, 6], gzip);
        var (shape, data) = IdxReader.Read(path);
        CollectionAssert.AreEqual(new[] { 2, 3 }, shape);
        CollectionAssert.AreEqual(new byte[] { 1, 2, 3, 4, 5, 6 }, data);
    }

    [TestMethod]
    [DataRow(false)]
    [DataRow(true)]
    public void TruncatedDataNamesFileAndSizes(bool gzip)
    {
        var path = Write("short", [.. Header(2, 3), 1, 2, 3], gzip);
        var e = Assert.ThrowsExactly<DatasetFormatException>(() => IdxReader.Read(path));
        StringAssert.Contains(e.Message, path);
        StringAssert.Contains(e.Message, "needs 6 data bytes but the file holds 3");
    }

    [TestMethod]
    public void HugeClaimFailsWithoutAllocatingIt()
    {
        // The header claims 2^31-1 x 2^31-1 elements; the file has none of them.
        var path = Write("huge", Header(int.MaxValue, int.MaxValue), gzip: true);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.ThrowsExactly<DatasetFormatException>(() => IdxReader.Read(path));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        StringAssert.Contains(e.Message, "more than");
        Assert.IsLessThan(16L << 20, allocated, $"allocated {allocated} bytes for a lying header");
    }

    [TestMethod]
    public void LargeButPlausibleClaimOnTinyFileAllocatesLittle()
    {
        var path = Write("liar", [.. Header(60000, 28, 28), 7, 7, 7], gzip: true);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.ThrowsExactly<DatasetFormatException>(() => IdxReader.Read(path));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        StringAssert.Contains(e.Message, "truncated");
        Assert.IsLessThan(8L << 20, allocated, $"allocated {allocated} bytes for a 3-byte payload");
    }

    [TestMethod]
    public void BadMagicIsReported()
    {
        var path = Write("magic", [1, 2, 8, 1, 0, 0, 0, 1, 5]);
        var e = Assert.ThrowsExactly<DatasetFormatException>(() => IdxReader.Read(path));
        StringAssert.Contains(e.Message, "not an IDX file");
    }

    [TestMethod]
    public void UnsupportedElementTypeIsReported()
    {
        var path = Write("float", [0, 0, 0x0D, 1, 0, 0, 0, 1, 0, 0, 0, 0]);
        var e = Assert.ThrowsExactly<DatasetFormatException>(() => IdxReader.Read(path));
        StringAssert.Contains(e.Message, "0x0d is not supported");
    }

    [TestMethod]
    public void TrailingDataIsReported()
    {
        var path = Write("long", [.. Header(2), 1, 2, 3]);
        var e = Assert.ThrowsExactly<DatasetFormatException>(() => IdxReader.Read(path));
        StringAssert.Contains(e.Message, "unexpected data after the 2 bytes");
    }

    [TestMethod]
    public void TruncatedHeaderIsReported()
    {
        var path = Write("header", [0, 0, 8, 3, 0, 0]);
        var e = Assert.ThrowsExactly<DatasetFormatException>(() => IdxReader.Read(path));
        StringAssert.Contains(e.Message, "dimension 0 of 3 is missing");
    }

    [TestMethod]
    public void CorruptGzipIsReported()
    {
        var path = Write("corrupt", [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 0xde, 0xad, 0xbe, 0xef, 1, 2, 3]);
        var e = Assert.ThrowsExactly<DatasetFormatException>(() => IdxReader.Read(path));
        StringAssert.Contains(e.Message, path);
    }

    [TestMethod]
    public void MissingFileIsReported()
    {
        var path = Path.Combine(_folder, "absent");
        var e = Assert.ThrowsExactly<DatasetFormatException>(() => IdxReader.Read(path));
        StringAssert.Contains(e.Message, "file not found");
    }
}
