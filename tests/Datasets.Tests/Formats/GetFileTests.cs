using System.Security.Cryptography;
using KerasSharp.Models.Tests.Saving.Formats;

namespace KerasSharp.Datasets.Tests.Formats;

/// <summary>Utils.GetFile against the local HTTP server: cache, SHA-256, offline message, safe extraction.</summary>
[TestClass]
[DoNotParallelize] // sets process-wide environment variables
public sealed class GetFileTests
{
    private string _home = "";
    private EnvironmentScope _env = null!;
    private LocalHttpServer _server = null!;

    [TestInitialize]
    public void Start()
    {
        _home = Path.Combine(Path.GetTempPath(), "ks-getfile-" + Guid.NewGuid().ToString("N"));
        _env = new EnvironmentScope(("KERASSHARP_HOME", _home), ("KERASSHARP_OFFLINE", null));
        _server = new LocalHttpServer();
    }

    [TestCleanup]
    public void Stop()
    {
        _server.Dispose();
        _env.Dispose();
        if (Directory.Exists(_home)) Directory.Delete(_home, recursive: true);
    }

    private static string Sha(byte[] b) => Convert.ToHexStringLower(SHA256.HashData(b));

    /// <summary>Archives made by Python's tarfile and zipfile: a good one and hostile ones.</summary>
    private static Dictionary<string, byte[]> Archives()
    {
        var folder = Path.Combine(Path.GetTempPath(), "ks-archives-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            Python.Run("""
import sys, io, tarfile, zipfile
d = sys.argv[1]
def tar(name, entries, mode='w:gz'):
    with tarfile.open(d + '/' + name, mode) as t:
        for n, data, kind in entries:
            info = tarfile.TarInfo(n)
            if kind == 'dir': info.type = tarfile.DIRTYPE; t.addfile(info)
            elif kind == 'sym': info.type = tarfile.SYMTYPE; info.linkname = '/etc/passwd'; t.addfile(info)
            else: info.size = len(data); t.addfile(info, io.BytesIO(data))
tar('good.tar.gz', [('photos', b'', 'dir'), ('photos/cat/a.txt', b'meow', 'f'), ('photos/dog/b.txt', b'woof' * 300, 'f'), ('x' * 120 + '/long.txt', b'long name', 'f')], 'w:gz')
tar('climb.tar.gz', [('ok.txt', b'1', 'f'), ('../escaped.txt', b'2', 'f')])
tar('absolute.tgz', [('/tmp/ks-absolute.txt', b'2', 'f')])
tar('link.tar', [('link', b'', 'sym')], 'w')
with zipfile.ZipFile(d + '/good.zip', 'w', zipfile.ZIP_DEFLATED) as z:
    z.writestr('data/one.csv', 'a,b\n1,2\n'); z.writestr('data/two.csv', 'x' * 5000)
with zipfile.ZipFile(d + '/climb.zip', 'w') as z:
    z.writestr('../../escaped.txt', 'no')
""", false, folder);
            return Directory.GetFiles(folder).ToDictionary(f => Path.GetFileName(f), File.ReadAllBytes);
        }
        finally { Directory.Delete(folder, recursive: true); }
    }

    private static readonly Lazy<Dictionary<string, byte[]>> Made = new(Archives);

    private string Serve(string name)
    {
        _server.Serve("files/" + name, Made.Value[name]);
        return _server.BaseUrl + "files/" + name;
    }

    [TestMethod]
    public void DownloadsOnceChecksTheHashAndExtracts()
    {
        var url = Serve("good.tar.gz");
        var sha = Sha(Made.Value["good.tar.gz"]);
        var folder = Utils.GetFile("good.tar.gz", url, fileHash: sha, extract: true);
        Assert.AreEqual(Path.Combine(_home, "datasets", "good"), folder);
        Assert.AreEqual("meow", File.ReadAllText(Path.Combine(folder, "photos", "cat", "a.txt")));
        Assert.AreEqual(1200, new FileInfo(Path.Combine(folder, "photos", "dog", "b.txt")).Length);
        Assert.AreEqual("long name", File.ReadAllText(Path.Combine(folder, new string('x', 120), "long.txt")), "GNU/pax long names");
        var again = Utils.GetFile("good.tar.gz", url, fileHash: sha, extract: true);
        Assert.AreEqual(folder, again);
        Assert.AreEqual(1, _server.Hits("files/good.tar.gz"), "the second call used the cache");

        var zipFolder = Utils.GetFile("good.zip", Serve("good.zip"), extract: true, cacheSubdir: "other");
        Assert.AreEqual("a,b\n1,2\n", File.ReadAllText(Path.Combine(zipFolder, "data", "one.csv")));
    }

    [TestMethod]
    public void AWrongHashIsRefusedAndACorruptedCacheIsFetchedAgain()
    {
        var url = Serve("good.zip");
        var wrong = new string('a', 64);
        var e = Assert.ThrowsExactly<DatasetDownloadException>(() => Utils.GetFile("good.zip", url, fileHash: wrong));
        StringAssert.Contains(e.Message, $"SHA-256 mismatch: expected {wrong}");
        Assert.IsFalse(File.Exists(Path.Combine(_home, "datasets", "good.zip")));
        var path = Utils.GetFile("good.zip", url, fileHash: Sha(Made.Value["good.zip"]));
        File.WriteAllText(path, "damaged");
        Utils.GetFile("good.zip", url, fileHash: Sha(Made.Value["good.zip"]));
        CollectionAssert.AreEqual(Made.Value["good.zip"], File.ReadAllBytes(path));
        Assert.AreEqual(3, _server.Hits("files/good.zip"));
    }

    [TestMethod]
    public void OfflineSaysWhereToPutTheFile()
    {
        using var offline = new EnvironmentScope(("KERASSHARP_OFFLINE", "1"));
        var e = Assert.ThrowsExactly<FileNotFoundException>(() => Utils.GetFile("data.csv", "https://example.org/data.csv"));
        StringAssert.Contains(e.Message, "GetFile: data.csv is not in " + Path.Combine(_home, "datasets"));
        StringAssert.Contains(e.Message, "KERASSHARP_OFFLINE=1");
        StringAssert.Contains(e.Message, "copy data.csv (from https://example.org/data.csv)");
        Assert.AreEqual(0, _server.TotalHits);
    }

    [TestMethod]
    public void HostileArchivesAreRefusedNamingTheEntryAndLeaveNothing()
    {
        foreach (var (name, expected) in new[]
        {
            ("climb.tar.gz", "entry '../escaped.txt' climbs out of the target folder"),
            ("absolute.tgz", "entry '/tmp/ks-absolute.txt' has an absolute path"),
            ("link.tar", "entry 'link' is a symbolic link"),
            ("climb.zip", "entry '../../escaped.txt' climbs out of the target folder"),
        })
        {
            var e = Assert.ThrowsExactly<DatasetFormatException>(() => Utils.GetFile(name, Serve(name), extract: true), name);
            StringAssert.Contains(e.Message, expected, name);
            StringAssert.Contains(e.Message, Path.Combine(_home, "datasets", name), name);
        }
        Assert.IsFalse(File.Exists(Path.Combine(_home, "escaped.txt")));
        Assert.IsFalse(File.Exists("/tmp/ks-absolute.txt"));
        var left = Directory.GetDirectories(Path.Combine(_home, "datasets"));
        Assert.AreEqual(0, left.Length, "no partial or extracted folder: " + string.Join(", ", left));
    }

    [TestMethod]
    public void ExtractionIsBoundedInBytes()
    {
        var e = Assert.ThrowsExactly<DatasetFormatException>(() => Utils.GetFile("good.zip", Serve("good.zip"), extract: true, maxExtractedBytes: 1000));
        StringAssert.Contains(e.Message, "would write more than 1000 bytes");
    }

    [TestMethod]
    public void BadArgumentsAreRefused()
    {
        Assert.ThrowsExactly<ArgumentException>(() => Utils.GetFile("../x", "https://example.org/x"));
        Assert.ThrowsExactly<ArgumentException>(() => Utils.GetFile("x", "file:///etc/passwd"));
        var e = Assert.ThrowsExactly<ArgumentException>(() => Utils.GetFile("x", "https://example.org/x", fileHash: "abc"));
        StringAssert.Contains(e.Message, "SHA-256 digest");
    }
}
