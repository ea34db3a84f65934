using System.Security.Cryptography;

namespace KerasSharp.Datasets.Tests.Keras;

/// <summary>
/// The Keras dataset loaders on files in their real formats: downloaded from a local HTTP server with the checked
/// downloader, parsed, and processed exactly as Keras's load_data (compared with NumPy running Keras's steps).
/// </summary>
[TestClass]
[DoNotParallelize] // sets process-wide environment variables
public sealed class KerasLoaderTests
{
    private string _home = "";
    private EnvironmentScope _env = null!;
    private LocalHttpServer _server = null!;

    [TestInitialize]
    public void Start()
    {
        _home = Path.Combine(Path.GetTempPath(), "ks-keras-" + Guid.NewGuid().ToString("N"));
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

    /// <summary>Serves a fixture and downloads it as the loader does, with the fixture's own size and SHA-256.</summary>
    private string Download(string dataset, string fixture)
    {
        var bytes = File.ReadAllBytes(KerasFixtures.PathOf(fixture));
        _server.Serve("mirror/" + fixture, bytes);
        var known = KnownFile.At([_server.BaseUrl + "mirror/"], fixture, bytes.Length, Convert.ToHexStringLower(SHA256.HashData(bytes)));
        var path = KerasDatasetFile.Locate(dataset, known);
        Assert.AreEqual(Path.Combine(_home, "datasets", dataset, fixture), path);
        CollectionAssert.AreEqual(bytes, File.ReadAllBytes(path));
        return path;
    }

    /// <summary>Puts a fixture in the cache folder, where the public Load finds it without a download.</summary>
    private void Cache(string dataset, string fixture)
    {
        var folder = Path.Combine(_home, "datasets", dataset);
        Directory.CreateDirectory(folder);
        File.Copy(KerasFixtures.PathOf(fixture), Path.Combine(folder, fixture));
    }

    [TestMethod]
    public void NumpyShufflesAreReproducedExactly()
    {
        foreach (var p in KerasFixtures.Expected.GetProperty("perm").EnumerateObject())
        {
            var parts = p.Name.Split('_');
            var perm = new NumpyRandomState(uint.Parse(parts[0])).Permutation(int.Parse(parts[1]));
            CollectionAssert.AreEqual(KerasFixtures.Longs(p.Value).Select(v => (int)v).ToArray(), perm, p.Name);
        }
    }

    [TestMethod]
    public void ImdbDownloadsAndMatchesKerasWithDefaultAndOtherArguments()
    {
        var path = Download("imdb", "imdb.npz");
        AssertSame(KerasFixtures.Expected.GetProperty("imdb_default"), Imdb.FromFile(path));
        AssertSame(KerasFixtures.Expected.GetProperty("imdb_args"),
                   Imdb.FromFile(path, numWords: 20, skipTop: 5, maxlen: 7, seed: 3, startChar: 9, oovChar: null, indexFrom: 2));
        // The public loader finds the cached file and needs no server.
        using var offline = new EnvironmentScope(("KERASSHARP_OFFLINE", "1"));
        AssertSame(KerasFixtures.Expected.GetProperty("imdb_default"), Imdb.Load());
    }

    [TestMethod]
    public void ReutersMatchesKeras()
    {
        var path = Download("reuters", "reuters.npz");
        AssertSame(KerasFixtures.Expected.GetProperty("reuters"), Reuters.FromFile(path, numWords: 25, testSplit: 0.3, seed: 5));
        Assert.AreEqual(46, Reuters.LabelNames.Count);
    }

    private static void AssertSame(System.Text.Json.JsonElement expected, ((int[][] X, Tensor Y) Train, (int[][] X, Tensor Y) Test) actual)
    {
        var xTrain = KerasFixtures.Sequences(expected.GetProperty("x_train"));
        var xTest = KerasFixtures.Sequences(expected.GetProperty("x_test"));
        Assert.AreEqual(xTrain.Length, actual.Train.X.Length);
        for (int i = 0; i < xTrain.Length; i++) CollectionAssert.AreEqual(xTrain[i], actual.Train.X[i], $"train sequence {i}");
        Assert.AreEqual(xTest.Length, actual.Test.X.Length);
        for (int i = 0; i < xTest.Length; i++) CollectionAssert.AreEqual(xTest[i], actual.Test.X[i], $"test sequence {i}");
        CollectionAssert.AreEqual(KerasFixtures.Longs(expected.GetProperty("y_train")), actual.Train.Y.ToArray<long>());
        CollectionAssert.AreEqual(KerasFixtures.Longs(expected.GetProperty("y_test")), actual.Test.Y.ToArray<long>());
    }

    [TestMethod]
    public void HousingDatasetsMatchKerasSplits()
    {
        var boston = HousingArchive.FromFile(Download("boston_housing", "boston_housing.npz"), 13, 0.2, 113);
        AssertHousing(KerasFixtures.Expected.GetProperty("boston"), boston, 13);
        Cache("california_housing", "california_housing.npz");
        using var offline = new EnvironmentScope(("KERASSHARP_OFFLINE", "1"));
        AssertHousing(KerasFixtures.Expected.GetProperty("california_small"), CaliforniaHousing.Load("small", testSplit: 0.25, seed: 11), 8);
        var e = Assert.ThrowsExactly<ArgumentException>(() => CaliforniaHousing.Load("medium"));
        StringAssert.Contains(e.Message, "\"small\" or \"large\"");
    }

    private static void AssertHousing(System.Text.Json.JsonElement expected, ((Tensor X, Tensor Y) Train, (Tensor X, Tensor Y) Test) actual, int features)
    {
        var xTrain = KerasFixtures.Floats(expected.GetProperty("x_train"));
        CollectionAssert.AreEqual(new[] { xTrain.Length / features, features }, actual.Train.X.Shape.ToArray());
        CollectionAssert.AreEqual(xTrain, actual.Train.X.ToArray<float>());
        CollectionAssert.AreEqual(KerasFixtures.Floats(expected.GetProperty("y_train")), actual.Train.Y.ToArray<float>());
        CollectionAssert.AreEqual(KerasFixtures.Floats(expected.GetProperty("x_test")), actual.Test.X.ToArray<float>());
        CollectionAssert.AreEqual(KerasFixtures.Floats(expected.GetProperty("y_test")), actual.Test.Y.ToArray<float>());
    }

    [TestMethod]
    public void Cifar10ReadsTheBinaryArchiveChannelsLast()
    {
        var path = Download("cifar10", "cifar-10-binary.tar.gz");
        var ((xTrain, yTrain), (xTest, yTest)) = Cifar10.FromFile(path);
        CollectionAssert.AreEqual(new[] { 10, 32, 32, 3 }, xTrain.Shape.ToArray());
        CollectionAssert.AreEqual(new[] { 10, 1 }, yTrain.Shape.ToArray());
        CollectionAssert.AreEqual(new[] { 3, 32, 32, 3 }, xTest.Shape.ToArray());
        Assert.AreEqual(DType.UInt8, xTrain.DType);
        // Check pixels against the raw records: record k of data_batch_b is train sample 2 (b - 1) + k.
        var raw = RawEntries(path);
        var batch3 = raw["cifar-10-batches-bin/data_batch_3.bin"];
        var x = xTrain.ToArray<byte>();
        int sample = 5, record = 1;   // data_batch_3, second record
        for (int r = 0, c = 0; r < 32; r += 7, c = (c + 5) % 32)
            for (int ch = 0; ch < 3; ch++)
                Assert.AreEqual(batch3[record * 3073 + 1 + ch * 1024 + r * 32 + c], x[((sample * 32 + r) * 32 + c) * 3 + ch]);
        Assert.AreEqual(batch3[record * 3073], yTrain.ToArray<byte>()[sample]);
        CollectionAssert.AreEqual(Enumerable.Range(0, 3).Select(k => raw["cifar-10-batches-bin/test_batch.bin"][k * 3073]).ToArray(), yTest.ToArray<byte>());
    }

    [TestMethod]
    public void Cifar100GivesFineOrCoarseLabels()
    {
        Cache("cifar100", "cifar-100-binary.tar.gz");
        using var offline = new EnvironmentScope(("KERASSHARP_OFFLINE", "1"));
        var raw = RawEntries(KerasFixtures.PathOf("cifar-100-binary.tar.gz"))["cifar-100-binary/train.bin"];
        var fine = Cifar100.Load();
        var coarse = Cifar100.Load("coarse");
        CollectionAssert.AreEqual(new[] { 4, 32, 32, 3 }, fine.Train.X.Shape.ToArray());
        CollectionAssert.AreEqual(Enumerable.Range(0, 4).Select(k => raw[k * 3074 + 1]).ToArray(), fine.Train.Y.ToArray<byte>());
        CollectionAssert.AreEqual(Enumerable.Range(0, 4).Select(k => raw[k * 3074]).ToArray(), coarse.Train.Y.ToArray<byte>());
        CollectionAssert.AreEqual(fine.Train.X.ToArray<byte>(), coarse.Train.X.ToArray<byte>());
        Assert.AreEqual(raw[3074 + 2 + 1024], fine.Train.X.ToArray<byte>()[32 * 32 * 3 + 1], "sample 1, pixel (0, 0), green");
    }

    [TestMethod]
    public void OfflineWithoutTheFileSaysWhereToPutIt()
    {
        using var offline = new EnvironmentScope(("KERASSHARP_OFFLINE", "1"));
        var e = Assert.ThrowsExactly<FileNotFoundException>(() => Cifar10.Load());
        StringAssert.Contains(e.Message, "cifar-10-binary.tar.gz");
        StringAssert.Contains(e.Message, Path.Combine(_home, "datasets", "cifar10"));
        StringAssert.Contains(e.Message, "https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz");
        StringAssert.Contains(e.Message, "KERASSHARP_OFFLINE=1");
    }

    [TestMethod]
    public void AForgedDownloadIsRefusedAndNotKept()
    {
        // The mirror serves a file whose SHA-256 is not the published one: nothing is kept.
        _server.Serve("m/reuters.npz", File.ReadAllBytes(KerasFixtures.PathOf("reuters.npz")));
        using var mirror = new EnvironmentScope(("KERASSHARP_DATASETS_URL", _server.BaseUrl + "m/"));
        var e = Assert.ThrowsExactly<DatasetDownloadException>(() => Reuters.Load());
        StringAssert.Contains(e.Message, "SHA-256 mismatch: expected d6586e694ee56d7a4e65172e12b3e987c03096cb01eab99753921ef915959916");
        Assert.IsFalse(Directory.Exists(Path.Combine(_home, "datasets", "reuters")) && Directory.EnumerateFileSystemEntries(Path.Combine(_home, "datasets", "reuters")).Any());
    }

    internal static Dictionary<string, byte[]> RawEntries(string tarGz)
    {
        var result = new Dictionary<string, byte[]>();
        using var file = File.OpenRead(tarGz);
        using var gz = new System.IO.Compression.GZipStream(file, System.IO.Compression.CompressionMode.Decompress);
        using var reader = new System.Formats.Tar.TarReader(gz);
        while (reader.GetNextEntry() is { } entry)
            if (entry.DataStream is { } s) { using var m = new MemoryStream(); s.CopyTo(m); result[entry.Name] = m.ToArray(); }
        return result;
    }
}
