using static KerasSharp.ModelZoo.Tests.Text.TestVocab;

namespace KerasSharp.ModelZoo.Tests.Text;

/// <summary>
/// Decode as Hugging Face's BertTokenizer does it: tokens joined by spaces, " ##" removed, then (by default) its
/// clean_up_tokenization replacements; ids outside the vocabulary are an error rather than a silent [UNK].
/// </summary>
[TestClass]
public sealed class BertDecodeTests
{
    private static TestVocab _vocab = null!;
    private static BertTokenizer _tokenizer = null!;

    [ClassInitialize]
    public static void Start(TestContext _)
    {
        _vocab = new TestVocab();
        _tokenizer = _vocab.Uncased();
    }

    [ClassCleanup]
    public static void Stop() => _vocab.Dispose();

    [TestMethod]
    public void Pieces_AreJoined_AndSpacesBeforePunctuationGo()
    {
        int[] ids = [Cls, Hel, SharpLo, Comma, Wor, SharpLd, Bang, Sep];
        // "[CLS] hel ##lo , wor ##ld ! [SEP]" -> " ##" removed -> "[CLS] hello , world ! [SEP]" -> " ," and " !" cleaned.
        Assert.AreEqual("[CLS] hello, world! [SEP]", _tokenizer.Decode(ids));
        Assert.AreEqual("hello, world!", _tokenizer.Decode(ids, skipSpecialTokens: true));
        Assert.AreEqual("[CLS] hello , world ! [SEP]", _tokenizer.Decode(ids, cleanUpTokenizationSpaces: false));
    }

    [TestMethod]
    public void Contractions_AndCjk_FollowHuggingFacesCleanUp()
    {
        // "don ' t" -> " ' " becomes "'" -> "don't". Spaces between CJK ideographs are not removed (HF keeps them too).
        Assert.AreEqual("don't", _tokenizer.Decode([Don, Quote, T]));
        Assert.AreEqual("我 爱 北 京", _tokenizer.Decode([Wo3, Ai4, Bei3, Jing1]));
        // A "##" piece with nothing before it keeps its "##" (nothing to glue it to).
        Assert.AreEqual("##lo hello", _tokenizer.Decode([SharpLo, Hello]));
    }

    [TestMethod]
    public void SkipSpecialTokens_DropsPaddingMaskAndUnknown()
    {
        long[] ids = [Cls, The, Mask, Sat, Unk, Sep, Pad, Pad];
        Assert.AreEqual("[CLS] the [MASK] sat [UNK] [SEP] [PAD] [PAD]", _tokenizer.Decode(ids));
        Assert.AreEqual("the sat", _tokenizer.Decode(ids, skipSpecialTokens: true));
    }

    [TestMethod]
    public void RoundTrip_OfAnEncodedBatch()
    {
        using var e = _tokenizer.Encode(["Hello, world!", "the [MASK] sat."]);
        CollectionAssert.AreEqual(new[] { "hello, world!", "the sat." }, _tokenizer.BatchDecode(e.InputIds, skipSpecialTokens: true));
        CollectionAssert.AreEqual(new[] { "[CLS] hello, world! [SEP]", "[CLS] the [MASK] sat. [SEP]" }, _tokenizer.BatchDecode(e.InputIds));
    }

    [TestMethod]
    public void IdsOutsideTheVocabulary_AreAnError()
    {
        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => _tokenizer.Decode([Hello, 999]));
        StringAssert.Contains(e.Message, "id 999 at position 1 is outside the vocabulary");
        StringAssert.Contains(e.Message, _vocab.VocabPath);
        StringAssert.Contains(e.Message, $"0 to {Tokens.Length - 1}");
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => _tokenizer.Decode(new long[] { -1 }));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => _tokenizer.Decode(new long[] { Tokens.Length }));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => _tokenizer.IdToToken(Tokens.Length));
    }

    [TestMethod]
    public void BatchDecode_RefusesWhatIsNotABatchOfIds()
    {
        using var floats = Tensor.FromArray(new float[] { 1, 2 }, 1, 2);
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => _tokenizer.BatchDecode(floats)).Message, "integer ids");
        using var flat = Tensor.FromArray(new long[] { 1, 2 });
        Assert.ThrowsExactly<ArgumentException>(() => _tokenizer.BatchDecode(flat));
    }
}
