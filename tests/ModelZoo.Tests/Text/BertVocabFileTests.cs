using KerasSharp.Saving;
using System.Text;

namespace KerasSharp.ModelZoo.Tests.Text;

/// <summary>
/// vocab.txt is outside input: a missing, oversized, non-UTF-8 or inconsistent file is an error that names the file,
/// and the line-ending and byte-order-mark variants real files come in give the same ids.
/// </summary>
[TestClass]
public sealed class BertVocabFileTests
{
    private string _folder = "";

    [TestInitialize]
    public void Start()
    {
        _folder = Path.Combine(Path.GetTempPath(), "ks-bert-vocab-bad-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
    }

    [TestCleanup]
    public void Stop() => Directory.Delete(_folder, recursive: true);

    private string Write(string content, string name = "vocab.txt")
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, content, new UTF8Encoding(false));
        return path;
    }

    private static ModelFileException Fails(string path)
    {
        var e = Assert.ThrowsExactly<ModelFileException>(() => BertTokenizer.FromVocab(path));
        Assert.AreEqual(path, e.FilePath);
        StringAssert.Contains(e.Message, path);
        return e;
    }

    [TestMethod]
    public void MissingFile_NamesIt()
    {
        var path = Path.Combine(_folder, "nope", "vocab.txt");
        var e = Assert.ThrowsExactly<FileNotFoundException>(() => BertTokenizer.FromVocab(path));
        StringAssert.Contains(e.Message, path);
        Assert.AreEqual(path, e.FileName);
    }

    [TestMethod]
    [DataRow("[UNK]")]
    [DataRow("[CLS]")]
    [DataRow("[SEP]")]
    [DataRow("[PAD]")]
    public void VocabularyWithoutARequiredSpecialToken_IsRefused(string missing)
    {
        var path = Write(string.Join('\n', new[] { "[PAD]", "[UNK]", "[CLS]", "[SEP]", "hello" }.Where(t => t != missing)));
        StringAssert.Contains(Fails(path).Message, $"the vocabulary has no {missing}");
    }

    [TestMethod]
    public void VocabularyWithoutMask_IsAllowed()
    {
        var tokenizer = BertTokenizer.FromVocab(Write("[PAD]\n[UNK]\n[CLS]\n[SEP]\nhello\n"));
        Assert.IsNull(tokenizer.MaskTokenId);
        CollectionAssert.AreEqual(new[] { 2, 1, 1, 1, 3 }, tokenizer.EncodeToIds("[MASK]"));   // "[" "mask" "]": ordinary text
    }

    [TestMethod]
    public void EmptySpecialTokenName_IsRefused_EvenWhenTheVocabularyHasAnEmptyLine()
    {
        var path = Write("[PAD]\n\n[UNK]\n[CLS]\n[SEP]\n");
        var e = Assert.ThrowsExactly<ArgumentException>(() => BertTokenizer.FromVocab(path, new BertTokenizerOptions { UnkToken = "" }));
        StringAssert.Contains(e.Message, "must be non-empty");
    }

    [TestMethod]
    public void DuplicateTokens_AreRefused_WithBothLines()
    {
        var e = Fails(Write("[PAD]\n[UNK]\n[CLS]\n[SEP]\nhello\nworld\nhello\n"));
        StringAssert.Contains(e.Message, "line 7 repeats the token 'hello' of line 5");
    }

    [TestMethod]
    public void OversizedFile_IsRefusedBeforeReading()
    {
        var path = Path.Combine(_folder, "vocab.txt");
        using (var f = File.Create(path)) f.SetLength(TokenizerLimits.MaxVocabularyBytes + 1);   // sparse: no real 64 MiB written
        StringAssert.Contains(Fails(path).Message, "more than the 67,108,864 a vocabulary may have");
    }

    [TestMethod]
    public void TooManyTokens_AreRefused()
    {
        var sb = new StringBuilder("[PAD]\n[UNK]\n[CLS]\n[SEP]\n");
        for (int i = 4; i <= TokenizerLimits.MaxVocabularyTokens; i++) sb.Append('t').Append(i).Append('\n');
        StringAssert.Contains(Fails(Write(sb.ToString())).Message, "more than 1,000,000 tokens");
    }

    [TestMethod]
    public void InvalidUtf8_AndEmptyFiles_AreRefused()
    {
        var path = Path.Combine(_folder, "vocab.txt");
        File.WriteAllBytes(path, [.. Encoding.ASCII.GetBytes("[PAD]\n[UNK]\n"), 0xFF, 0xFE, (byte)'\n']);
        StringAssert.Contains(Fails(path).Message, "not valid UTF-8 (byte 12)");
        StringAssert.Contains(Fails(Write("")).Message, "empty");
    }

    [TestMethod]
    public void CrLfLines_AndAByteOrderMark_GiveTheSameIds()
    {
        var lf = BertTokenizer.FromVocab(Write("[PAD]\n[UNK]\n[CLS]\n[SEP]\nhello\n", "lf.txt"));
        var path = Path.Combine(_folder, "crlf.txt");
        File.WriteAllText(path, "[PAD]\r\n[UNK]\r\n[CLS]\r\n[SEP]\r\nhello\r\n", new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
        var crlf = BertTokenizer.FromVocab(path);
        Assert.AreEqual(0, crlf.PadTokenId);      // not "\uFEFF[PAD]"
        CollectionAssert.AreEqual(lf.EncodeToIds("Hello"), crlf.EncodeToIds("Hello"));
        CollectionAssert.AreEqual(new[] { 2, 4, 3 }, crlf.EncodeToIds("Hello"));
    }

    [TestMethod]
    public void EmptyLines_KeepTheirIds()
    {
        // An empty line is an id no text produces; the tokens after it keep their line numbers.
        var tokenizer = BertTokenizer.FromVocab(Write("[PAD]\n\n[UNK]\n[CLS]\n[SEP]\n\nhello\n"));
        CollectionAssert.AreEqual(new[] { 3, 6, 4 }, tokenizer.EncodeToIds("hello"));
        Assert.AreEqual(7, tokenizer.VocabSize);
    }
}
