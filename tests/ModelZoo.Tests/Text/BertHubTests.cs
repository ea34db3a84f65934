using KerasSharp.Datasets;
using KerasSharp.Datasets.Tests;

namespace KerasSharp.ModelZoo.Tests.Text;

/// <summary>
/// Hub names: the reference checkpoint served by a local HTTP server in the hub's URL form
/// (&lt;name&gt;/resolve/main/&lt;file&gt;) through KERASSHARP_MODELS_URL, cached whole, loaded offline next time; the
/// weights fallback, the size limits, the offline message and unknown names.
/// </summary>
[TestClass]
[DoNotParallelize] // the tests set process-wide environment variables
public sealed class BertHubTests
{
    private const string Name = "google/bert_uncased_L-2_H-128_A-2";
    private string _home = "";
    private EnvironmentScope _env = null!;
    private LocalHttpServer _server = null!;

    [TestInitialize]
    public void Start()
    {
        _home = Path.Combine(Path.GetTempPath(), "ks-hub-home-" + Guid.NewGuid().ToString("N"));
        _server = new LocalHttpServer();
        _env = new EnvironmentScope(("KERASSHARP_HOME", _home), ("KERASSHARP_OFFLINE", null), (PretrainedWeights.MirrorVariable, _server.BaseUrl));
    }

    [TestCleanup]
    public void Stop()
    {
        _server.Dispose();
        _env.Dispose();
        if (Directory.Exists(_home)) Directory.Delete(_home, recursive: true);
    }

    private static string Route(string file) => $"{Name}/resolve/main/{file}";

    private void Serve(string folder, params string[] files)
    {
        foreach (var file in files) _server.Serve(Route(file), File.ReadAllBytes(Path.Combine(folder, file)));
    }

    private string[] Cached() =>
        [.. Directory.GetFiles(BertHub.CacheFolderOf(Name)).Select(Path.GetFileName).Order(StringComparer.Ordinal)!];

    [TestMethod]
    public void AName_IsDownloadedOnce_ThenLoadsOfflineFromTheCache()
    {
        var f = BertFixtures.Get();
        Serve(f.Folder, "config.json", "vocab.txt", "model.safetensors", "pytorch_model.bin");

        var bert = Bert.FromPretrained(Name);
        using var ids = Tensor.FromArray(f.Ids, f.Batch, f.Length);
        using var mask = Tensor.FromArray(f.Mask, f.Batch, f.Length);
        using var types = Tensor.FromArray(f.Types, f.Batch, f.Length);
        BertParityTests.AssertClose(f.Hidden, bert.Encode(ids, mask, types).LastHiddenState.ToArray<float>(), "downloaded BERT");

        // safetensors is preferred, so the .bin is never asked for; the optional tokenizer_config.json was asked once (404).
        Assert.AreEqual(Path.Combine(_home, "models", "google", "bert_uncased_L-2_H-128_A-2"), BertHub.CacheFolderOf(Name));
        CollectionAssert.AreEqual(new[] { "config.json", "model.safetensors", "vocab.txt" }, Cached());
        Assert.AreEqual((1, 1, 1, 1, 0), (_server.Hits(Route("config.json")), _server.Hits(Route("vocab.txt")),
            _server.Hits(Route("tokenizer_config.json")), _server.Hits(Route("model.safetensors")), _server.Hits(Route("pytorch_model.bin"))));

        _env.Set("KERASSHARP_OFFLINE", "1");
        int hits = _server.TotalHits;
        Bert.ForMaskedLM(Name);
        Assert.AreEqual(98, BertTokenizer.FromPretrained(Name).TokenToId("tok93"));   // the reference vocabulary: 5 specials, tok0..tok93
        Assert.AreEqual(hits, _server.TotalHits, "the second time nothing is downloaded");
    }

    [TestMethod]
    public void HuggingFacesEndpointVariable_IsTheMirror_WhenOursIsNotSet()
    {
        var f = BertFixtures.Get();
        Serve(f.Folder, "config.json", "vocab.txt", "model.safetensors");
        _env.Set(PretrainedWeights.MirrorVariable, null);
        _env.Set(BertHub.EndpointVariable, _server.BaseUrl);

        Assert.AreEqual(BertHub.CacheFolderOf(Name), BertHub.Fetch(Name));
        Assert.AreEqual(1, _server.Hits(Route("model.safetensors")), "HF_ENDPOINT served the weights");
    }

    [TestMethod]
    public void WithoutSafetensors_PytorchModelBinIsTaken_AndTokenizerConfigIsHonoured()
    {
        var f = BertFixtures.Get();
        Serve(f.Folder, "config.json", "vocab.txt", "pytorch_model.bin");
        _server.Serve(Route("tokenizer_config.json"), """{"do_lower_case": false}"""u8.ToArray());

        var tokenizer = BertTokenizer.FromPretrained(Name);
        Assert.IsFalse(tokenizer.Options.LowerCase);
        CollectionAssert.AreEqual(new[] { "config.json", "pytorch_model.bin", "tokenizer_config.json", "vocab.txt" }, Cached());
        Assert.AreEqual(1, _server.Hits(Route("model.safetensors")));
        var bert = Bert.FromPretrained(Name);
        using var ids = Tensor.FromArray(f.Ids, f.Batch, f.Length);
        using var mask = Tensor.FromArray(f.Mask, f.Batch, f.Length);
        BertParityTests.AssertClose(f.Pooled, bert.Encode(ids, mask, Tensor.FromArray(f.Types, f.Batch, f.Length)).PooledOutput.ToArray<float>(), "from the .bin");
    }

    [TestMethod]
    public void AnInterruptedFetch_ResumesWithTheMissingFiles()
    {
        var f = BertFixtures.Get();
        Serve(f.Folder, "config.json", "vocab.txt", "model.safetensors");
        Directory.CreateDirectory(BertHub.CacheFolderOf(Name));
        File.Copy(Path.Combine(f.Folder, "config.json"), Path.Combine(BertHub.CacheFolderOf(Name), "config.json"));
        Bert.FromPretrained(Name);
        Assert.AreEqual((0, 1), (_server.Hits(Route("config.json")), _server.Hits(Route("model.safetensors"))));
    }

    [TestMethod]
    public void OversizedFiles_AreRefused_AndNothingIsLeft()
    {
        var f = BertFixtures.Get();
        Serve(f.Folder, "vocab.txt");
        // A config over 1 MiB is refused as it streams in.
        _server.Serve(Route("config.json"), new byte[(1 << 20) + 10], chunked: true);
        var config = Assert.ThrowsExactly<DatasetDownloadException>(() => Bert.FromPretrained(Name));
        StringAssert.Contains(config.Message, "more than the 1048576 bytes config.json can have");

        // The weights may weigh what the config's BERT can (here about 8.4 MB): a server announcing 4 GB is refused at once.
        Serve(f.Folder, "config.json");
        _server.Serve(Route("model.safetensors"), new byte[16], announcedLength: 4L << 30);
        var weights = Assert.ThrowsExactly<DatasetDownloadException>(() => Bert.FromPretrained(Name));
        StringAssert.Contains(weights.Message, "the server announces 4294967296 bytes, more than model.safetensors can have");
        Assert.IsFalse(weights.NotFound);
        Assert.AreEqual(0, _server.Hits(Route("pytorch_model.bin")), "a refused file is not a missing one: no fallback");
        CollectionAssert.AreEqual(new[] { "config.json", "vocab.txt" }, Cached(), "no partial file is left");
    }

    [TestMethod]
    public void Offline_SaysWhichFilesToPutWhere()
    {
        _env.Set("KERASSHARP_OFFLINE", "1");
        var e = Assert.ThrowsExactly<DatasetDownloadException>(() => Bert.FromPretrained("bert-base-cased"));
        StringAssert.Contains(e.Message, "config.json, vocab.txt, tokenizer_config.json");
        StringAssert.Contains(e.Message, "model.safetensors or pytorch_model.bin from https://huggingface.co/bert-base-cased/tree/main");
        StringAssert.Contains(e.Message, Path.Combine(_home, "models", "bert-base-cased"));
        Assert.AreEqual(0, _server.TotalHits);
    }

    [TestMethod]
    public void NeitherAFolderNorAKnownName_ListsTheNames()
    {
        var e = Assert.ThrowsExactly<ArgumentException>(() => Bert.FromPretrained("google/bert_uncased_L-2_H-128_A-3"));
        StringAssert.Contains(e.Message, "neither a folder");
        StringAssert.Contains(e.Message, "bert-base-uncased, bert-base-cased, bert-large-uncased, google/bert_uncased_L-{2,4,6,8,12}_H-{128,256,512,768}_A-{H/64}");
        var path = Assert.ThrowsExactly<ArgumentException>(() => BertTokenizer.FromPretrained("no/such/folder"));
        StringAssert.Contains(path.Message, Path.GetFullPath("no/such/folder"));
        Assert.AreEqual(0, _server.TotalHits);
    }

    [TestMethod]
    public void TheKnownNames_AreTheThreeBertsAndTwentyMiniatures()
    {
        Assert.HasCount(23, BertHub.Names);
        Assert.IsTrue(BertHub.IsKnown("google/bert_uncased_L-12_H-768_A-12"));
        Assert.IsTrue(BertHub.IsKnown("google/bert_uncased_L-4_H-512_A-8"));
        Assert.IsFalse(BertHub.IsKnown("google/bert_uncased_L-4_H-512_A-4"));
    }
}
