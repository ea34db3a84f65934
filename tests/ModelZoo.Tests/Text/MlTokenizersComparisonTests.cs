using Microsoft.ML.Tokenizers;
using static KerasSharp.ModelZoo.Tests.Text.TestVocab;
using MlBertTokenizer = Microsoft.ML.Tokenizers.BertTokenizer;

namespace KerasSharp.ModelZoo.Tests.Text;

/// <summary>
/// Why our BertTokenizer runs its own basic tokenization and only hands single words to Microsoft.ML.Tokenizers:
/// the library's own BertTokenizer (3.0.0, uncased with accent removal, in this process's invariant globalization),
/// checked on the fixed strings. Where it follows the published rules it gives our ids; each difference is pinned
/// here with its cause, so a package update that changes them fails and the wrapper can be reconsidered.
/// </summary>
[TestClass]
public sealed class MlTokenizersComparisonTests
{
    private static TestVocab _vocab = null!;
    private static ModelZoo.BertTokenizer _ours = null!;
    private static MlBertTokenizer _ml = null!;

    [ClassInitialize]
    public static void Start(TestContext _)
    {
        _vocab = new TestVocab();
        _ours = _vocab.Uncased();
        _ml = MlBertTokenizer.Create(_vocab.VocabPath, new BertOptions { LowerCaseBeforeTokenization = true, RemoveNonSpacingMarks = true });
    }

    [ClassCleanup]
    public static void Stop() => _vocab.Dispose();

    private static int[] Ml(string text) => [.. _ml.EncodeToIds(text)];

    [TestMethod]
    [DataRow("Hello, world!")]
    [DataRow("我爱北京")]
    [DataRow("UnAffable hellod helloworld")]
    [DataRow("The [MASK] sat.")]
    [DataRow("")]
    public void WhereTheRulesAgree_TheIdsAgree(string text) => CollectionAssert.AreEqual(_ours.EncodeToIds(text), Ml(text));

    [TestMethod]
    public void Accents_AreNotStrippedUnderInvariantGlobalization()
    {
        // The library strips accents after string.Normalize(FormD), which does nothing without ICU: "héllo" stays.
        CollectionAssert.AreEqual(new[] { Cls, Unk, Unk, Sep }, Ml("Héllo Wörld"));
        CollectionAssert.AreEqual(new[] { Cls, Hello, World, Sep }, _ours.EncodeToIds("Héllo Wörld"));
    }

    [TestMethod]
    public void Tabs_AndNewlines_AreDeletedInsteadOfSeparatingWords()
    {
        // It drops every Cc character; BERT turns \t, \n, \r into spaces first.
        CollectionAssert.AreEqual(new[] { Cls, Unk, Sep }, Ml("hello\tworld"));
        CollectionAssert.AreEqual(new[] { Cls, Hello, World, Sep }, _ours.EncodeToIds("hello\tworld"));
    }

    [TestMethod]
    public void SymbolsAndEmoji_Vanish()
    {
        // Its pre-tokenizer keeps only \w+ and \p{P} runs: $ (Sc) and 😀 (So) disappear; BERT makes $ a token of its own
        // and 😀 a word (here in the vocabulary).
        CollectionAssert.AreEqual(new[] { Cls, The, Cat, Sep }, Ml("the$cat"));
        CollectionAssert.AreEqual(new[] { Cls, The, Dollar, Cat, Sep }, _ours.EncodeToIds("the$cat"));
        CollectionAssert.AreEqual(new[] { Cls, I, Love, Sep }, Ml("I love 😀"));
        CollectionAssert.AreEqual(new[] { Cls, I, Love, Grin, Sep }, _ours.EncodeToIds("I love 😀"));
    }

    [TestMethod]
    public void Underscore_IsAWordCharacter_NotPunctuation()
    {
        // .NET's \w includes connector punctuation (Pc); BERT splits every ASCII non-alphanumeric off.
        CollectionAssert.AreEqual(new[] { Cls, Unk, Sep }, Ml("the_cat"));
        CollectionAssert.AreEqual(new[] { Cls, The, Underscore, Cat, Sep }, _ours.EncodeToIds("the_cat"));
    }

    [TestMethod]
    public void FormatCharacters_SeparateWords_InsteadOfVanishing()
    {
        // A zero-width space (Cf) is kept and then splits the word; BERT deletes all "other" categories, joining them.
        CollectionAssert.AreEqual(new[] { Cls, Hello, World, Sep }, Ml("hello\u200Bworld"));
        CollectionAssert.AreEqual(new[] { Cls, Unk, Sep }, _ours.EncodeToIds("hello\u200Bworld"));
    }

    [TestMethod]
    public void SpecialTokens_MatchInAnyCase()
    {
        // It lower-cases the special tokens to find them in lower-cased text; Hugging Face matches them exactly.
        CollectionAssert.AreEqual(new[] { Cls, Mask, Sep }, Ml("[mask]"));
        CollectionAssert.AreEqual(new[] { Cls, Unk, Unk, Unk, Sep }, _ours.EncodeToIds("[mask]"));
    }

    [TestMethod]
    public void WordLengthLimit_CountsUtf16Units()
    {
        // Its WordPiece limit counts UTF-16 units: 60 emoji (120 units) are over 100. Hugging Face counts characters.
        // (Hence WordPieceModel checks the limit itself and gives the library twice the room.)
        string grins = string.Concat(Enumerable.Repeat("😀", 60));
        var wordPiece = WordPieceTokenizer.Create(_vocab.VocabPath, new WordPieceOptions { UnknownToken = "[UNK]" });
        CollectionAssert.AreEqual(new[] { Unk }, wordPiece.EncodeToIds(grins, considerPreTokenization: false, considerNormalization: false).ToArray());
        CollectionAssert.AreEqual(new[] { Cls, Grin }.Concat(Enumerable.Repeat(SharpGrin, 59)).Append(Sep).ToArray(), _ours.EncodeToIds(grins));
    }
}
