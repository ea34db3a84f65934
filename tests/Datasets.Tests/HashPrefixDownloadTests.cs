using System.Security.Cryptography;

namespace KerasSharp.Datasets.Tests;

/// <summary>
/// Files known by a SHA-256 prefix and a size bound only (torch.hub's published weights, whose names carry the first
/// hex digits of their hash): accepted when the digest starts with the prefix, refused otherwise or when too large.
/// </summary>
[TestClass]
public sealed class HashPrefixDownloadTests
{
    private string _folder = "";
    private LocalHttpServer _server = null!;

    [TestInitialize]
    public void Start()
    {
        _folder = Path.Combine(Path.GetTempPath(), "ks-prefix-" + Guid.NewGuid().ToString("N"));
        _server = new LocalHttpServer();
    }

    [TestCleanup]
    public void Stop()
    {
        _server.Dispose();
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }

    private static readonly byte[] Body = [.. Enumerable.Range(0, 5000).Select(i => (byte)(i * 7))];

    private static string Prefix(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes))[..8];

    private KnownFile File(string name, string prefix, long maxSize) => new(name, null, prefix, [_server.BaseUrl + name], maxSize);

    [TestMethod]
    public void APrefixMatch_IsAccepted()
    {
        _server.Serve("w.pth", Body, chunked: true);
        var path = FileDownloader.Download("zoo", File("w.pth", Prefix(Body), 10_000), _folder, "hint");
        CollectionAssert.AreEqual(Body, System.IO.File.ReadAllBytes(path));
    }

    [TestMethod]
    public void AnotherPrefix_IsRefusedAndLeavesNothing()
    {
        _server.Serve("w.pth", Body);
        var e = Assert.ThrowsExactly<DatasetDownloadException>(() => FileDownloader.Download("zoo", File("w.pth", "0badf00d", 10_000), _folder, "copy it by hand"));
        StringAssert.Contains(e.Message, "SHA-256 mismatch: expected 0badf00d...");
        StringAssert.Contains(e.Message, "copy it by hand");
        Assert.IsEmpty(Directory.GetFiles(_folder));
    }

    [TestMethod]
    [DataRow(true, "sent more than")]
    [DataRow(false, "announces")]
    public void MoreThanTheBound_IsRefused(bool chunked, string problem)
    {
        _server.Serve("w.pth", Body, chunked);
        var e = Assert.ThrowsExactly<DatasetDownloadException>(() => FileDownloader.Download("zoo", File("w.pth", Prefix(Body), 4000), _folder, "hint"));
        StringAssert.Contains(e.Message, problem);
        Assert.IsEmpty(Directory.GetFiles(_folder));
    }
}
