namespace KerasSharp.Datasets.Tests;

/// <summary>
/// Files with no published digest (a Hugging Face repository's): any bytes within the size limit are kept, more are
/// refused and leave nothing; a 404 from every URL is reported as NotFound, other failures are not.
/// </summary>
[TestClass]
public sealed class UnhashedDownloadTests
{
    private string _folder = "";
    private LocalHttpServer _server = null!;

    [TestInitialize]
    public void Start()
    {
        _folder = Path.Combine(Path.GetTempPath(), "ks-unhashed-" + Guid.NewGuid().ToString("N"));
        _server = new LocalHttpServer();
    }

    [TestCleanup]
    public void Stop()
    {
        _server.Dispose();
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }

    private KnownFile File(string name, long maxSize, params string[] paths) =>
        new(name, null, null, [.. paths.Select(p => _server.BaseUrl + p)], MaxSize: maxSize);

    [TestMethod]
    public void AnyBytesWithinTheLimit_AreKept()
    {
        _server.Serve("config.json", "{\"a\": 1}"u8.ToArray());
        var path = FileDownloader.Download("test", File("config.json", 100, "config.json"), _folder, "hint");
        Assert.AreEqual("{\"a\": 1}", System.IO.File.ReadAllText(path));
    }

    [TestMethod]
    public void MoreThanTheLimit_IsRefused_AndLeavesNothing()
    {
        _server.Serve("big.bin", new byte[5000], chunked: true);
        var e = Assert.ThrowsExactly<DatasetDownloadException>(() => FileDownloader.Download("test", File("big.bin", 4096, "big.bin"), _folder, "hint"));
        StringAssert.Contains(e.Message, "more than the 4096 bytes big.bin can have");
        Assert.IsFalse(e.NotFound);
        Assert.IsEmpty(Directory.GetFiles(_folder));
    }

    [TestMethod]
    public void NotFound_OnlyWhenEveryUrlSaysSo()
    {
        var missing = Assert.ThrowsExactly<DatasetDownloadException>(() => FileDownloader.Download("test", File("x.json", 100, "a/x.json", "b/x.json"), _folder, "hint"));
        Assert.IsTrue(missing.NotFound);
        StringAssert.Contains(missing.Message, "HTTP 404");

        // One mirror refuses the connection: that is not proof the file does not exist.
        var refused = $"http://127.0.0.1:{LocalHttpServer.FreePort()}/x.json";
        var mixed = Assert.ThrowsExactly<DatasetDownloadException>(() =>
            FileDownloader.Download("test", new KnownFile("x.json", null, null, [_server.BaseUrl + "a/x.json", refused], MaxSize: 100), _folder, "hint"));
        Assert.IsFalse(mixed.NotFound);
    }
}
