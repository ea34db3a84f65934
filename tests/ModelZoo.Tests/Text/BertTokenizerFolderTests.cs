using KerasSharp.Saving;
using static KerasSharp.ModelZoo.Tests.Text.TestVocab;

namespace KerasSharp.ModelZoo.Tests.Text;

/// <summary>
/// A Hugging Face folder: vocab.txt with tokenizer_config.json and special_tokens_map.json where present, their
/// settings honoured, and bad files refused naming the file and the key.
/// </summary>
[TestClass]
public sealed class BertTokenizerFolderTests
{
    private TestVocab _vocab = null!;

    [TestInitialize]
    public void Start() => _vocab = new TestVocab();

    [TestCleanup]
    public void Stop() => _vocab.Dispose();

    private string Config(string json, string name = "tokenizer_config.json")
    {
        var path = Path.Combine(_vocab.Folder, name);
        File.WriteAllText(path, json);
        return path;
    }

    [TestMethod]
    public void WithoutConfig_TheDefaultsAreUncased()
    {
        var tokenizer = BertTokenizer.FromFolder(_vocab.Folder);
        Assert.AreEqual(new BertTokenizerOptions(), tokenizer.Options);
        CollectionAssert.AreEqual(new[] { Cls, Hello, World, Sep }, tokenizer.EncodeToIds("Héllo Wörld"));
    }

    [TestMethod]
    public void FromPretrained_ReadsTheFolder_WithDoLowerCase()
    {
        Config("""{"do_lower_case": false}""");
        var tokenizer = BertTokenizer.FromPretrained(_vocab.Folder);
        Assert.IsFalse(tokenizer.Options.LowerCase);
        CollectionAssert.AreEqual(new[] { Cls, CapitalHello, Sep }, tokenizer.EncodeToIds("Hello"));
    }

    [TestMethod]
    public void ConfigSettings_AreHonoured()
    {
        Config("""
            {"do_lower_case": false, "strip_accents": null, "tokenize_chinese_chars": false, "model_max_length": 6,
             "clean_up_tokenization_spaces": false, "tokenizer_class": "BertTokenizer", "never_split": null,
             "unk_token": {"content": "[UNK]", "lstrip": false, "__type": "AddedToken"}, "added_tokens_decoder": {}}
            """);
        var tokenizer = BertTokenizer.FromFolder(_vocab.Folder);
        Assert.IsFalse(tokenizer.Options.LowerCase);
        Assert.IsFalse(tokenizer.Options.StripsAccents);     // null follows do_lower_case
        Assert.AreEqual(6, tokenizer.ModelMaxLength);
        CollectionAssert.AreEqual(new[] { Cls, HelloAcute, CapitalW, SharpOUmlaut, SharpRld, Sep }, tokenizer.EncodeToIds("Héllo Wörld"));
        CollectionAssert.AreEqual(new[] { Cls, Unk, Sep }, tokenizer.EncodeToIds("我爱北京"));   // one word: no CJK split
        using var e = tokenizer.Encode("the cat sat on the mat");                              // truncated to model_max_length
        Assert.AreEqual(6, e.InputIds.Shape[1]);
        Assert.AreEqual("[CLS] hello , world [SEP]", tokenizer.Decode([Cls, Hello, Comma, World, Sep]));
    }

    [TestMethod]
    public void SpecialTokens_ComeFromTheConfig_AndTheMapWins()
    {
        // A vocabulary with other special tokens: <unk> <s> </s> <pad> <mask> (as some BERT-style checkpoints have).
        var path = Path.Combine(_vocab.Folder, "vocab.txt");
        File.WriteAllText(path, "<pad>\n<unk>\n<s>\n</s>\n<mask>\nhello\n[CLS]\n");
        Config("""{"unk_token": "<unk>", "cls_token": "[CLS]", "sep_token": "</s>", "pad_token": "<pad>", "mask_token": "<mask>"}""");
        Config("""{"cls_token": {"content": "<s>", "single_word": false}, "additional_special_tokens": []}""", "special_tokens_map.json");
        var tokenizer = BertTokenizer.FromFolder(_vocab.Folder);
        Assert.AreEqual((2, 3, 0, 1, (int?)4), (tokenizer.ClsTokenId, tokenizer.SepTokenId, tokenizer.PadTokenId, tokenizer.UnkTokenId, tokenizer.MaskTokenId));
        CollectionAssert.AreEqual(new[] { 2, 5, 4, 1, 3 }, tokenizer.EncodeToIds("hello <mask> bye"));
        Assert.AreEqual("hello", tokenizer.Decode([2, 5, 3, 0], skipSpecialTokens: true));
    }

    [TestMethod]
    public void NoLimitInTheConfig_MeansNoDefaultTruncation()
    {
        Config("""{"model_max_length": 1000000000000000019884624838656}""");   // Hugging Face's VERY_LARGE_INTEGER
        var tokenizer = BertTokenizer.FromFolder(_vocab.Folder);
        Assert.IsNull(tokenizer.ModelMaxLength);
        using var e = tokenizer.Encode(string.Join(' ', Enumerable.Repeat("cat", 600)));
        Assert.AreEqual(602, e.InputIds.Shape[1]);
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => tokenizer.Encode("cat", padding: "max_length")).Message, "no ModelMaxLength");
    }

    [TestMethod]
    [DataRow("""{"do_lower_case": "yes"}""", "do_lower_case: must be true or false; found a JSON string")]
    [DataRow("""{"model_max_length": 1.5}""", "model_max_length: must be a whole number")]
    [DataRow("""{"unk_token": 3}""", "unk_token: a special token must be a non-empty string")]
    [DataRow("""{"do_basic_tokenize": false}""", "do_basic_tokenize: false (WordPiece without the basic tokenizer) is not supported")]
    [DataRow("""{"never_split": ["[X]"]}""", "never_split: words that skip the basic tokenizer are not supported")]
    [DataRow("""{"do_lower_case": tru""", "is not valid JSON")]
    [DataRow("""[1, 2]""", "holds a JSON array, not an object")]
    public void BadConfig_NamesTheFileAndTheKey(string json, string expected)
    {
        var path = Config(json);
        var e = Assert.ThrowsExactly<ModelFileException>(() => BertTokenizer.FromFolder(_vocab.Folder));
        Assert.AreEqual(path, e.FilePath);
        StringAssert.Contains(e.Message, expected);
    }

    [TestMethod]
    public void SpecialTokenNotInTheVocabulary_NamesTheVocabulary()
    {
        Config("""{"unk_token": "<unk>"}""");
        var e = Assert.ThrowsExactly<ModelFileException>(() => BertTokenizer.FromFolder(_vocab.Folder));
        Assert.AreEqual(_vocab.VocabPath, e.FilePath);
        StringAssert.Contains(e.Message, "the vocabulary has no <unk>");
    }

    [TestMethod]
    public void OversizedConfig_IsRefused()
    {
        var path = Config("{}");
        using (var f = File.OpenWrite(path)) f.SetLength(TokenizerLimits.MaxConfigBytes + 1);
        StringAssert.Contains(Assert.ThrowsExactly<ModelFileException>(() => BertTokenizer.FromFolder(_vocab.Folder)).Message, "1,048,577 bytes");
    }

    [TestMethod]
    public void MissingFolderOrVocabulary_AreNamed()
    {
        var missing = Path.Combine(_vocab.Folder, "absent");
        StringAssert.Contains(Assert.ThrowsExactly<DirectoryNotFoundException>(() => BertTokenizer.FromFolder(missing)).Message, missing);
        File.Delete(_vocab.VocabPath);
        StringAssert.Contains(Assert.ThrowsExactly<FileNotFoundException>(() => BertTokenizer.FromFolder(_vocab.Folder)).Message, _vocab.VocabPath);
    }
}
