using System.IO.Compression;
using System.Security.Cryptography;

namespace KerasSharp.Datasets.Tests;

/// <summary>The download fallback, against a local HTTP server serving small fake IDX files.</summary>
[TestClass]
[DoNotParallelize] // the tests set process-wide environment variables
public sealed class DownloadTests
{
    private const string Hint = "Or ask the fake vendor.";
    private string _home = "";
    private EnvironmentScope _env = null!;
    private LocalHttpServer _server = null!;

    private static readonly (string Name, byte[] Gz)[] FakeFiles =
    [
        ("train-images-idx3-ubyte.gz", Gzip(Idx([3, 2, 2], [.. Enumerable.Range(0, 12).Select(i => (byte)i)]))),
        ("train-labels-idx1-ubyte.gz", Gzip(Idx([3], [7, 8, 9]))),
        ("t10k-images-idx3-ubyte.gz", Gzip(Idx([2, 2, 2], [.. Enumerable.Range(100, 8).Select(i => (byte)i)]))),
        ("t10k-labels-idx1-ubyte.gz", Gzip(Idx([2], [1, 2]))),
    ];

    [TestInitialize]
    public void Start()
    {
        _home = Path.Combine(Path.GetTempPath(), "ks-dl-" + Guid.NewGuid().ToString("N"));
        _env = new EnvironmentScope(("KERASSHARP_HOME", _home), ("KERASSHARP_OFFLINE", null), ("KERASSHARP_DATASETS_URL", null));
        _server = new LocalHttpServer();
    }

    [TestCleanup]
    public void Stop()
    {
        _server.Dispose();
        _env.Dispose();
        if (Directory.Exists(_home)) Directory.Delete(_home, recursive: true);
    }

    private string CacheFolder => Path.Combine(_home, "datasets", "fake");

    private static byte[] Idx(int[] dims, byte[] data)
    {
        var bytes = new List<byte> { 0, 0, 0x08, (byte)dims.Length };
        foreach (var d in dims) bytes.AddRange([(byte)(d >> 24), (byte)(d >> 16), (byte)(d >> 8), (byte)d]);
        bytes.AddRange(data);
        return bytes.ToArray();
    }

    private static byte[] Gzip(byte[] content)
    {
        using var memory = new MemoryStream();
        using (var z = new GZipStream(memory, CompressionLevel.Fastest)) z.Write(content);
        return memory.ToArray();
    }

    private static string Sha(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>The fake files as known files served under the given folders of the local server.</summary>
    private KnownFile[] Known(params string[] mirrors) =>
        FakeFiles.Select(f => KnownFile.At(mirrors.Select(m => _server.BaseUrl + m + "/").ToArray(), f.Name, f.Gz.Length, Sha(f.Gz))).ToArray();

    private IdxImageDataset Dataset(KnownFile[] files, params string[] systemFolders) => new("fake", systemFolders, Hint, files);

    private void ServeAll(string mirror)
    {
        foreach (var (name, gz) in FakeFiles) _server.Serve(mirror + "/" + name, gz);
    }

    /// <summary>The cache folder's files, temporary ones included.</summary>
    private string[] CacheContents() =>
        Directory.Exists(CacheFolder) ? [.. Directory.GetFiles(CacheFolder).Select(Path.GetFileName).Order()!] : [];

    [TestMethod]
    public void DownloadsIntoTheCacheAndLoadsFromItNextTime()
    {
        ServeAll("a");
        var dataset = Dataset(Known("a"));

        var ((xTrain, yTrain), (xTest, yTest)) = dataset.Load();

        CollectionAssert.AreEqual(new[] { 3, 2, 2 }, xTrain.Shape.ToArray());
        CollectionAssert.AreEqual(Enumerable.Range(0, 12).Select(i => (byte)i).ToArray(), xTrain.ToArray<byte>());
        CollectionAssert.AreEqual(new byte[] { 7, 8, 9 }, yTrain.ToArray<byte>());
        CollectionAssert.AreEqual(new[] { 2, 2, 2 }, xTest.Shape.ToArray());
        CollectionAssert.AreEqual(new byte[] { 1, 2 }, yTest.ToArray<byte>());
        CollectionAssert.AreEqual(FakeFiles.Select(f => f.Name).Order().ToArray(), CacheContents());
        foreach (var (name, gz) in FakeFiles)
            CollectionAssert.AreEqual(gz, File.ReadAllBytes(Path.Combine(CacheFolder, name)));
        Assert.AreEqual(4, _server.TotalHits);

        dataset.Load();
        Assert.AreEqual(4, _server.TotalHits, "the second load must read the cache, not the server");
    }

    [TestMethod]
    public void ShaMismatchNamesFileAndBothHashesAndLeavesNothing()
    {
        ServeAll("a");
        var files = Known("a");
        var expected = Sha([1, 2, 3]);
        files[0] = files[0] with { Sha256 = expected };

        var e = Assert.ThrowsExactly<DatasetDownloadException>(() => Dataset(files).Load());

        StringAssert.Contains(e.Message, "train-images-idx3-ubyte.gz");
        StringAssert.Contains(e.Message, _server.BaseUrl + "a/train-images-idx3-ubyte.gz");
        StringAssert.Contains(e.Message, $"expected {expected}, got {Sha(FakeFiles[0].Gz)}");
        Assert.AreEqual(Path.Combine(CacheFolder, "train-images-idx3-ubyte.gz"), e.FilePath);
        Assert.IsEmpty(CacheContents());
    }

    [TestMethod]
    public void NotFoundNamesFileUrlAndHowToGetIt()
    {
        var e = Assert.ThrowsExactly<DatasetDownloadException>(() => Dataset(Known("a")).Load());

        StringAssert.Contains(e.Message, "train-images-idx3-ubyte.gz");
        StringAssert.Contains(e.Message, _server.BaseUrl + "a/train-images-idx3-ubyte.gz: HTTP 404");
        StringAssert.Contains(e.Message, $"copy train-images-idx3-ubyte.gz");
        StringAssert.Contains(e.Message, CacheFolder);
        StringAssert.Contains(e.Message, Hint);
        Assert.IsEmpty(CacheContents());
    }

    [TestMethod]
    public void ConnectionRefusedNamesFileAndHowToGetIt()
    {
        var url = $"http://127.0.0.1:{LocalHttpServer.FreePort()}/";
        var files = FakeFiles.Select(f => KnownFile.At([url], f.Name, f.Gz.Length, Sha(f.Gz))).ToArray();

        var e = Assert.ThrowsExactly<DatasetDownloadException>(() => Dataset(files).Load());

        StringAssert.Contains(e.Message, url + "train-images-idx3-ubyte.gz: network error");
        StringAssert.Contains(e.Message, CacheFolder);
        StringAssert.Contains(e.Message, Hint);
        Assert.IsEmpty(CacheContents());
    }

    [TestMethod]
    [DataRow(true, "sent more than")]
    [DataRow(false, "announces")]
    public void OversizedBodyIsRejectedAndLeavesNothing(bool chunked, string problem)
    {
        ServeAll("a");
        // Far more bytes than the file has; chunked gives no Content-Length, so only the streaming cap can catch it.
        _server.Serve("a/train-images-idx3-ubyte.gz", [.. FakeFiles[0].Gz, .. new byte[1 << 20]], chunked);

        var e = Assert.ThrowsExactly<DatasetDownloadException>(() => Dataset(Known("a")).Load());

        StringAssert.Contains(e.Message, "train-images-idx3-ubyte.gz: " + (chunked ? "the server sent more than" : "the server announces"));
        StringAssert.Contains(e.Message, problem);
        Assert.IsEmpty(CacheContents());
    }

    [TestMethod]
    public void ShortBodyIsRejectedAndLeavesNothing()
    {
        ServeAll("a");
        _server.Serve("a/train-labels-idx1-ubyte.gz", FakeFiles[1].Gz[..10], chunked: true);

        var e = Assert.ThrowsExactly<DatasetDownloadException>(() => Dataset(Known("a")).Load());

        StringAssert.Contains(e.Message, $"train-labels-idx1-ubyte.gz: the download ended after 10 of {FakeFiles[1].Gz.Length} bytes");
        // The file before it was good and stays; the short one leaves nothing behind.
        CollectionAssert.AreEqual(new[] { "train-images-idx3-ubyte.gz" }, CacheContents());
    }

    [TestMethod]
    public void OfflineModeNamesTheFileAndEveryFolderSearched()
    {
        ServeAll("a");
        _env.Set("KERASSHARP_OFFLINE", "1");
        var system = Path.Combine(_home, "no-system-copy");

        var e = Assert.ThrowsExactly<FileNotFoundException>(() => Dataset(Known("a"), system).Load());

        StringAssert.Contains(e.Message, "train-images-idx3-ubyte.gz");
        StringAssert.Contains(e.Message, $"{CacheFolder} or {system}");
        StringAssert.Contains(e.Message, "KERASSHARP_OFFLINE=1");
        StringAssert.Contains(e.Message, Hint);
        Assert.AreEqual(0, _server.TotalHits);
        Assert.IsFalse(Directory.Exists(CacheFolder));
    }

    [TestMethod]
    public void SystemCopyIsUsedBeforeAnyDownload()
    {
        var system = Path.Combine(_home, "system");
        Directory.CreateDirectory(system);
        foreach (var (name, gz) in FakeFiles) File.WriteAllBytes(Path.Combine(system, name), gz);

        var ((_, yTrain), _) = Dataset(Known("a"), system).Load();

        CollectionAssert.AreEqual(new byte[] { 7, 8, 9 }, yTrain.ToArray<byte>());
        Assert.AreEqual(0, _server.TotalHits);
    }

    [TestMethod]
    [DataRow(false)]
    [DataRow(true)]
    public void NextMirrorIsTriedWhenOneFails(bool firstServesForgery)
    {
        ServeAll("good");
        if (firstServesForgery)
            foreach (var (name, gz) in FakeFiles) _server.Serve("bad/" + name, [.. gz.Select(b => (byte)~b)]);

        var ((_, yTrain), _) = Dataset(Known("bad", "good")).Load();

        CollectionAssert.AreEqual(new byte[] { 7, 8, 9 }, yTrain.ToArray<byte>());
        Assert.AreEqual(1, _server.Hits("bad/train-images-idx3-ubyte.gz"));
        Assert.AreEqual(1, _server.Hits("good/train-images-idx3-ubyte.gz"));
        CollectionAssert.AreEqual(FakeFiles.Select(f => f.Name).Order().ToArray(), CacheContents());
    }

    [TestMethod]
    public void EnvironmentUrlReplacesTheMirrors()
    {
        ServeAll("local");
        _env.Set("KERASSHARP_DATASETS_URL", _server.BaseUrl + "local");
        var unreachable = $"http://127.0.0.1:{LocalHttpServer.FreePort()}/";
        var files = FakeFiles.Select(f => KnownFile.At([unreachable], f.Name, f.Gz.Length, Sha(f.Gz))).ToArray();

        var ((_, yTrain), _) = Dataset(files).Load();

        CollectionAssert.AreEqual(new byte[] { 7, 8, 9 }, yTrain.ToArray<byte>());
        Assert.AreEqual(4, _server.TotalHits);
    }

    [TestMethod]
    public void MalformedEnvironmentUrlIsNamed()
    {
        _env.Set("KERASSHARP_DATASETS_URL", "file:///etc/");
        var e = Assert.ThrowsExactly<InvalidOperationException>(() => Dataset(Known("a")).Load());
        StringAssert.Contains(e.Message, "KERASSHARP_DATASETS_URL='file:///etc/'");
        Assert.AreEqual(0, _server.TotalHits);
    }

    [TestMethod]
    public void CopyThatAppearedMeanwhileIsKept()
    {
        // Another process finished the same download while ours ran: the rename must not overwrite it.
        ServeAll("a");
        Directory.CreateDirectory(CacheFolder);
        var target = Path.Combine(CacheFolder, FakeFiles[1].Name);
        File.WriteAllBytes(target, FakeFiles[1].Gz);
        var before = File.GetLastWriteTimeUtc(target);

        var path = FileDownloader.Download("fake", Known("a")[1], CacheFolder, Hint);

        Assert.AreEqual(target, path);
        Assert.AreEqual(1, _server.Hits("a/" + FakeFiles[1].Name));
        Assert.AreEqual(before, File.GetLastWriteTimeUtc(target));
        CollectionAssert.AreEqual(new[] { FakeFiles[1].Name }, CacheContents());
    }

    [TestMethod]
    public void RealMnistReportsTheFileCacheFolderAndUrl()
    {
        if (Directory.Exists("/usr/share/datasets/mnist")) Assert.Inconclusive("a system copy of MNIST is installed");
        var mirror = $"http://127.0.0.1:{LocalHttpServer.FreePort()}/mnist/";
        _env.Set("KERASSHARP_DATASETS_URL", mirror);

        var e = Assert.ThrowsExactly<DatasetDownloadException>(() => Mnist.Load());

        StringAssert.Contains(e.Message, mirror + "train-images-idx3-ubyte.gz: network error");
        StringAssert.Contains(e.Message, Path.Combine(_home, "datasets", "mnist"));
        Assert.IsEmpty(Directory.GetFiles(Path.Combine(_home, "datasets", "mnist")));
    }
}
