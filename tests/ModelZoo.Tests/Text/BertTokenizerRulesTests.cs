using static KerasSharp.ModelZoo.Tests.Text.TestVocab;

namespace KerasSharp.ModelZoo.Tests.Text;

/// <summary>
/// The fixed strings of issue 12, each with the ids that Hugging Face's published rules (tokenization_bert.py: clean
/// up, CJK spacing, NFC, whitespace split, lower-case and strip accents per word, punctuation split, then greedy
/// WordPiece) give over <see cref="TestVocab"/>. The comments derive them step by step; no reference run is involved.
/// </summary>
[TestClass]
public sealed class BertTokenizerRulesTests
{
    private static TestVocab _vocab = null!;
    private static BertTokenizer _uncased = null!;

    [ClassInitialize]
    public static void Start(TestContext _)
    {
        _vocab = new TestVocab();
        _uncased = _vocab.Uncased();
    }

    [ClassCleanup]
    public static void Stop() => _vocab.Dispose();

    private static void AssertIds(BertTokenizer tokenizer, string text, params int[] expected) =>
        CollectionAssert.AreEqual(expected, tokenizer.EncodeToIds(text), $"ids of \"{text}\": {string.Join(" ", tokenizer.EncodeToIds(text))}");

    [TestMethod]
    public void Accents_Uncased_AreStripped() =>
        // lower: "héllo wörld"; NFD: "he\u0301llo wo\u0308rld"; the accents are Mn and go: "hello world".
        AssertIds(_uncased, "Héllo Wörld", Cls, Hello, World, Sep);

    [TestMethod]
    public void Accents_Cased_StayAndPiecesFollow()
    {
        // No lower-casing, no stripping: "Héllo" is in the vocabulary as it is; "Wörld" is not, nor "Wö", "Wör"...:
        // the longest prefix is "W", then "##ö", then "##rld" (longest match from each point).
        AssertIds(_vocab.Cased(), "Héllo Wörld", Cls, HelloAcute, CapitalW, SharpOUmlaut, SharpRld, Sep);
        // Cased with strip_accents=True: "Héllo" -> "Hello" (case kept); "Wörld" -> "World": "W" then no "##o..." piece: [UNK].
        AssertIds(_vocab.Cased(stripAccents: true), "Héllo Wörld", Cls, CapitalHello, Unk, Sep);
    }

    [TestMethod]
    public void DecomposedInput_IsComposedFirst_SoCasedVocabularyMatches() =>
        // "He\u0301llo" (e + combining acute) is made NFC before splitting: "Héllo", which the cased vocabulary has.
        AssertIds(_vocab.Cased(), "He\u0301llo", Cls, HelloAcute, Sep);

    [TestMethod]
    public void Cjk_EachIdeographIsAWord()
    {
        // Spaces go around every CJK ideograph: " 我  爱  北  京 " -> four words, each in the vocabulary.
        AssertIds(_uncased, "我爱北京", Cls, Wo3, Ai4, Bei3, Jing1, Sep);
        AssertIds(_uncased, "i love北京", Cls, I, Love, Bei3, Jing1, Sep);
        // Without the CJK rule "我爱北京" is one word: "我" matches, then "##爱..." nothing: the whole word is [UNK].
        var noCjk = BertTokenizer.FromVocab(_vocab.VocabPath, tokenizeChineseChars: false);
        AssertIds(noCjk, "我爱北京", Cls, Unk, Sep);
    }

    [TestMethod]
    public void Punctuation_IsSplitOff()
    {
        // "hello," -> "hello" ","; "world!" -> "world" "!".
        AssertIds(_uncased, "Hello, world!", Cls, Hello, Comma, World, Bang, Sep);
        // ASCII symbols are punctuation to BERT though Unicode calls them symbols ($ is Sc) or connectors (_ is Pc).
        AssertIds(_uncased, "the$cat", Cls, The, Dollar, Cat, Sep);
        AssertIds(_uncased, "the_cat", Cls, The, Underscore, Cat, Sep);
        // A non-ASCII symbol (€, Sc) is not: "the€cat" stays one word, "the" then no "##€..." piece: [UNK].
        AssertIds(_uncased, "the€cat", Cls, Unk, Sep);
        // A non-ASCII punctuation mark is (… is Po): "cat" "…" and "…" is not in the vocabulary.
        AssertIds(_uncased, "cat…", Cls, Cat, Unk, Sep);
    }

    [TestMethod]
    public void Emoji_AreWordsOfTheirOwnKind()
    {
        // 😀 (So) is neither punctuation nor CJK: a word, which the vocabulary has; 🚀 it does not: [UNK].
        AssertIds(_uncased, "I love 😀 and 🚀", Cls, I, Love, Grin, And, Unk, Sep);
        // Two emoji without a space are one word: "😀" then "##😀" (astral characters are one character each).
        AssertIds(_uncased, "😀😀", Cls, Grin, SharpGrin, Sep);
        // The variation selector U+FE0F is a non-spacing mark: stripped when uncased, so "😀\uFE0F" is "😀".
        AssertIds(_uncased, "😀\uFE0F", Cls, Grin, Sep);
        // Joiners (U+200D, Cf) are control characters to BERT and vanish: "😀\u200D😀" is the word "😀😀".
        AssertIds(_uncased, "😀\u200D😀", Cls, Grin, SharpGrin, Sep);
    }

    [TestMethod]
    public void MixedCase_IsLowerCased_AndWordPieceIsGreedy()
    {
        AssertIds(_uncased, "HeLLo WoRLD", Cls, Hello, World, Sep);
        // Longest match first from each point: "un" (no "una", "unaf"...), "##aff", "##able".
        AssertIds(_uncased, "UnAffable", Cls, Un, SharpAff, SharpAble, Sep);
        // "hello" is whole in the vocabulary, so it wins over "hel" + "##lo"; "hellolo" is "hello" "##lo".
        AssertIds(_uncased, "hellolo", Cls, Hello, SharpLo, Sep);
        // Greedy, not best: "hellod" takes "hello", then "##d" is missing, so the word is [UNK], although
        // "hel" + "##lod" would spell it.
        AssertIds(_uncased, "hellod", Cls, Unk, Sep);
        // No segmentation at all: "helloworld" is "hello" and then no "##w..." piece: one [UNK] for the word.
        AssertIds(_uncased, "helloworld", Cls, Unk, Sep);
    }

    [TestMethod]
    public void Greek_CapitalSigmaEndingAWord_BecomesFinalSigma()
    {
        // Python's lower() gives "οδος" with ς (U+03C2) at the end of the word; a plain σ would not match: [UNK].
        AssertIds(_uncased, "ΟΔΟΣ", Cls, Odos, Sep);
        // A period is case-ignorable and ends nothing: still final. Then "." is split off.
        AssertIds(_uncased, "ΟΔΟΣ.", Cls, Odos, Period, Sep);
        // Turkish İ lower-cases to "i" + U+0307 in Python; the dot is a mark and is stripped: "i".
        AssertIds(_uncased, "İ", Cls, I, Sep);
    }

    [TestMethod]
    public void LongWords_Over100Characters_AreUnknown()
    {
        // 150 letters: over max_input_chars_per_word (100), so [UNK] before any matching ("a" "##a"... would spell it).
        AssertIds(_uncased, new string('a', 150), Cls, Unk, Sep);
        AssertIds(_uncased, new string('a', 101), Cls, Unk, Sep);
        // Exactly 100 is allowed: "a" then 99 "##a".
        AssertIds(_uncased, new string('a', 100), [Cls, A, .. Enumerable.Repeat(SharpA, 99), Sep]);
        // The limit counts characters, not UTF-16 units: 60 emoji are 120 units but 60 characters.
        string grins = string.Concat(Enumerable.Repeat("😀", 60));
        AssertIds(_uncased, grins, [Cls, Grin, .. Enumerable.Repeat(SharpGrin, 59), Sep]);
        AssertIds(_uncased, string.Concat(Enumerable.Repeat("😀", 101)), Cls, Unk, Sep);
    }

    [TestMethod]
    public void EmptyAndWhitespaceOnly_GiveOnlyTheSpecialTokens()
    {
        AssertIds(_uncased, "", Cls, Sep);
        // Tab, newline, carriage return, no-break space (Zs), ideographic space (Zs), line separator (Zl).
        AssertIds(_uncased, " \t\n\r\u00A0\u3000\u2028 ", Cls, Sep);
        // A lone combining accent is stripped to nothing when uncased; cased it is a word the vocabulary lacks.
        AssertIds(_uncased, " \u0301 ", Cls, Sep);
        AssertIds(_vocab.Cased(), " \u0301 ", Cls, Unk, Sep);
    }

    [TestMethod]
    public void ControlCharacters_AreRemoved_WhitespaceIsASpace()
    {
        // NUL, U+FFFD, BEL (Cc) and zero-width space (Cf) are removed, joining what is around them.
        AssertIds(_uncased, "hel\u0000lo\u200B wor\u0007ld\uFFFD!", Cls, Hello, World, Bang, Sep);
        // Tab, newline and CR separate words; so do the no-break space (Zs) and the line separator (U+2028).
        AssertIds(_uncased, "hello\tworld\r\n!", Cls, Hello, World, Bang, Sep);
        AssertIds(_uncased, "hello\u00A0world\u2028!", Cls, Hello, World, Bang, Sep);
        // A vertical tab is a control character to BERT, not whitespace: "helloworld", [UNK]. So is a soft hyphen (Cf).
        AssertIds(_uncased, "hello\u000Bworld", Cls, Unk, Sep);
        AssertIds(_uncased, "hel\u00ADlo", Cls, Hello, Sep);
        // A private-use character (Co) and a lone surrogate (Cs) are "other" categories too.
        AssertIds(_uncased, "hel\uE000lo wor\uD800ld", Cls, Hello, World, Sep);
    }

    [TestMethod]
    public void SpecialTokensInTheText_StayWhole_CaseSensitively()
    {
        AssertIds(_uncased, "The [MASK] sat.", Cls, The, Mask, Sat, Period, Sep);
        AssertIds(_uncased, "the[MASK]sat", Cls, The, Mask, Sat, Sep);
        // "[mask]" is not the special token: "[" "mask" "]", none in the vocabulary.
        AssertIds(_uncased, "[mask]", Cls, Unk, Unk, Unk, Sep);
        CollectionAssert.AreEqual(new[] { "the", "[MASK]", "[SEP]", "sat" }, _uncased.Tokenize("the [MASK][SEP] sat").ToArray());
    }

    [TestMethod]
    public void Tokenize_GivesThePieces_WithoutClsAndSep()
    {
        CollectionAssert.AreEqual(new[] { "un", "##aff", "##able", ",", "[UNK]" }, _uncased.Tokenize("Unaffable, 🚀").ToArray());
        Assert.AreEqual(0, _uncased.Tokenize(" \t ").Count);
    }

    [TestMethod]
    public void EncodeToIds_OfAPair_AndWithoutSpecialTokens()
    {
        CollectionAssert.AreEqual(new[] { Cls, Hello, Sep, World, Bang, Sep }, _uncased.EncodeToIds("Hello", "world!"));
        CollectionAssert.AreEqual(new[] { Hello, World, Bang }, _uncased.EncodeToIds("Hello", "world!", addSpecialTokens: false));
    }

    [TestMethod]
    public void Vocabulary_IdsAreLineNumbers()
    {
        Assert.AreEqual(Tokens.Length, _uncased.VocabSize);
        Assert.AreEqual((Unk, Cls, Sep, Pad, (int?)Mask), (_uncased.UnkTokenId, _uncased.ClsTokenId, _uncased.SepTokenId, _uncased.PadTokenId, _uncased.MaskTokenId));
        Assert.AreEqual(SharpGrin, _uncased.TokenToId("##😀"));
        Assert.IsNull(_uncased.TokenToId("🚀"));
        Assert.AreEqual("οδος", _uncased.IdToToken(Odos));
        Assert.AreEqual(512, _uncased.ModelMaxLength);
    }
}
