using static KerasSharp.ModelZoo.Tests.Text.TestVocab;

namespace KerasSharp.ModelZoo.Tests.Text;

/// <summary>
/// Batches as model inputs: the three int64 tensors, padding, pairs with their token types, and Hugging Face's
/// "longest_first" truncation, with the expected rows written out.
/// </summary>
[TestClass]
public sealed class BertEncodeTests
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

    private static void AssertRows(Tensor actual, int[] shape, params long[][] rows)
    {
        Assert.AreEqual(DType.Int64, actual.DType);
        CollectionAssert.AreEqual(shape, actual.Shape.ToArray());
        CollectionAssert.AreEqual(rows.SelectMany(r => r).ToArray(), actual.ToArray<long>());
    }

    [TestMethod]
    public void Batch_PadsToTheLongest_WithPadIdsAndAZeroMask()
    {
        using var e = _tokenizer.Encode(["Hello, world!", "我爱", ""]);
        AssertRows(e.InputIds, [3, 6],
            [Cls, Hello, Comma, World, Bang, Sep],
            [Cls, Wo3, Ai4, Sep, Pad, Pad],
            [Cls, Sep, Pad, Pad, Pad, Pad]);
        AssertRows(e.AttentionMask, [3, 6], [1, 1, 1, 1, 1, 1], [1, 1, 1, 1, 0, 0], [1, 1, 0, 0, 0, 0]);
        AssertRows(e.TokenTypeIds, [3, 6], [0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0]);
    }

    [TestMethod]
    public void Single_Encode_IsABatchOfOne()
    {
        using var e = _tokenizer.Encode("Héllo Wörld");
        AssertRows(e.InputIds, [1, 4], [Cls, Hello, World, Sep]);
        AssertRows(e.AttentionMask, [1, 4], [1, 1, 1, 1]);
    }

    [TestMethod]
    public void Pair_IsClsASepBSep_WithTypesZeroThenOne()
    {
        using var e = _tokenizer.Encode(["the cat", "Hello"], ["sat on the mat", "world!"]);
        AssertRows(e.InputIds, [2, 9],
            [Cls, The, Cat, Sep, Sat, On, The, Mat, Sep],
            [Cls, Hello, Sep, World, Bang, Sep, Pad, Pad, Pad]);
        // Type 0 through the first [SEP], 1 for the second text and its [SEP], 0 on padding.
        AssertRows(e.TokenTypeIds, [2, 9], [0, 0, 0, 0, 1, 1, 1, 1, 1], [0, 0, 0, 1, 1, 1, 0, 0, 0]);
        AssertRows(e.AttentionMask, [2, 9], [1, 1, 1, 1, 1, 1, 1, 1, 1], [1, 1, 1, 1, 1, 1, 0, 0, 0]);
    }

    [TestMethod]
    public void PairTruncation_IsLongestFirst()
    {
        // A has 6 tokens, B 3; maxLength 8 leaves 5 after [CLS] [SEP] [SEP], so 4 go. Longest first takes them one at a
        // time from the longer text, B on a tie: A 6->5->4->3, then 3 = 3 so B 3->2. Kept: "the cat sat" and "the dog".
        using var e = _tokenizer.Encode("the cat sat on the mat", "the dog ran", maxLength: 8);
        AssertRows(e.InputIds, [1, 8], [Cls, The, Cat, Sat, Sep, The, Dog, Sep]);
        AssertRows(e.TokenTypeIds, [1, 8], [0, 0, 0, 0, 0, 1, 1, 1]);
        // maxLength 7: 5 go, A to 3 as before, then B to 2 and A to 2.
        using var seven = _tokenizer.Encode("the cat sat on the mat", "the dog ran", maxLength: 7);
        AssertRows(seven.InputIds, [1, 7], [Cls, The, Cat, Sep, The, Dog, Sep]);
        // The longer text may be the second: it loses tokens first, here all 2 that must go.
        using var second = _tokenizer.Encode("the dog", "the cat sat on the mat", maxLength: 9);
        AssertRows(second.InputIds, [1, 9], [Cls, The, Dog, Sep, The, Cat, Sat, On, Sep]);
    }

    [TestMethod]
    public void SingleTruncation_CutsTheEnd_AndMaxLengthPaddingPads()
    {
        using var e = _tokenizer.Encode(["the cat sat on the mat", "dog"], maxLength: 5, padding: "max_length");
        AssertRows(e.InputIds, [2, 5], [Cls, The, Cat, Sat, Sep], [Cls, Dog, Sep, Pad, Pad]);
        AssertRows(e.AttentionMask, [2, 5], [1, 1, 1, 1, 1], [1, 1, 1, 0, 0]);
    }

    [TestMethod]
    public void WithoutTruncation_LongSequencesStay()
    {
        using var e = _tokenizer.Encode("the cat sat on the mat", maxLength: 4, truncation: false);
        AssertRows(e.InputIds, [1, 8], [Cls, The, Cat, Sat, On, The, Mat, Sep]);
    }

    [TestMethod]
    public void DefaultMaxLength_IsModelMaxLength()
    {
        var short4 = BertTokenizer.FromVocab(_vocab.VocabPath, modelMaxLength: 4);
        using var e = short4.Encode("the cat sat on the mat");
        AssertRows(e.InputIds, [1, 4], [Cls, The, Cat, Sep]);
        using var padded = short4.Encode("dog", padding: "max_length");
        AssertRows(padded.InputIds, [1, 4], [Cls, Dog, Sep, Pad]);
    }

    [TestMethod]
    public void DoNotPad_WorksForOneLength_AndRefusesRaggedBatches()
    {
        using var e = _tokenizer.Encode(["the cat", "dog ran"], padding: "do_not_pad");
        AssertRows(e.InputIds, [2, 4], [Cls, The, Cat, Sep], [Cls, Dog, Ran, Sep]);
        var x = Assert.ThrowsExactly<ArgumentException>(() => _tokenizer.Encode(["the cat", "dog"], padding: "do_not_pad"));
        StringAssert.Contains(x.Message, "sequence 1 has 3");
    }

    [TestMethod]
    public void BadArguments_AreClearErrors()
    {
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => _tokenizer.Encode("a", padding: "max")).Message, "unknown padding 'max'");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => _tokenizer.Encode(["a", "b"], ["c"])).Message, "2 texts but 1 text pairs");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => _tokenizer.Encode(Array.Empty<string>())).Message, "empty");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => _tokenizer.Encode("a", "b", maxLength: 2)).Message, "3 special tokens");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentNullException>(() => _tokenizer.Encode(["a", null!])).Message, "texts[1]");
        var tooLong = Assert.ThrowsExactly<ArgumentException>(() => _tokenizer.Encode("the cat sat", maxLength: 3, padding: "max_length", truncation: false));
        StringAssert.Contains(tooLong.Message, "sequence 0 has 5 tokens, more than maxLength 3");
    }
}
