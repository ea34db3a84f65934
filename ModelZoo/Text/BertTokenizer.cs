// Microsoft.ML.Tokenizers 3.0.0 does only the WordPiece matching (WordPieceModel): its BertTokenizer differs from Hugging
// Face on accents (no ICU), tabs, symbols, emoji, "_" and special-token case; MlTokenizersComparisonTests pins each case.
namespace KerasSharp.ModelZoo;

/// <summary>
/// BERT's WordPiece tokenizer over a <c>vocab.txt</c>, giving the ids Hugging Face's <c>BertTokenizer</c> gives: text
/// clean-up, lower-casing and accent stripping for uncased models, punctuation and CJK splitting, greedy longest-match
/// WordPiece with "##" continuation pieces, and [CLS] ... [SEP] around each input.
/// </summary>
/// <example><code>
/// var tokenizer = BertTokenizer.FromPretrained("bert-base-uncased");   // or a folder holding vocab.txt
/// using var batch = tokenizer.Encode(["Hello, world!", "Héllo Wörld"]);   // batch.InputIds: [2, 6] int64
/// string text = tokenizer.Decode(batch.InputIds.ToArray&lt;long&gt;()[..6], skipSpecialTokens: true);   // "hello, world!"
/// </code></example>
public sealed partial class BertTokenizer
{
    /// <summary>The vocabulary file name in a Hugging Face folder.</summary>
    public const string VocabFileName = "vocab.txt";

    private readonly WordPieceVocabulary _vocabulary;
    private readonly BasicTokenizer _basic;
    private readonly WordPieceModel _wordPiece;
    private readonly SpecialTokenSplitter _specials;
    private readonly HashSet<int> _specialIds;

    private BertTokenizer(WordPieceVocabulary vocabulary, BertTokenizerOptions options)
    {
        _vocabulary = vocabulary;
        Options = options;
        // An empty name would find an empty line of the vocabulary (a real id) and match nothing in text.
        if (new[] { options.UnkToken, options.ClsToken, options.SepToken, options.PadToken, options.MaskToken }.Any(string.IsNullOrEmpty))
            throw new ArgumentException("BertTokenizer: the special tokens (UnkToken, ClsToken, SepToken, PadToken, MaskToken) must be non-empty strings.", nameof(options));
        var missing = new[] { options.UnkToken, options.ClsToken, options.SepToken, options.PadToken }
            .Where(t => vocabulary.IdOf(t) is null).ToArray();
        if (missing.Length > 0)
            throw new ModelFileException(vocabulary.Path, null,
                $"the vocabulary has no {string.Join(", ", missing)}; BERT needs {options.UnkToken}, {options.ClsToken}, {options.SepToken} " +
                $"and {options.PadToken} in its vocabulary.");
        UnkTokenId = vocabulary.IdOf(options.UnkToken)!.Value;
        ClsTokenId = vocabulary.IdOf(options.ClsToken)!.Value;
        SepTokenId = vocabulary.IdOf(options.SepToken)!.Value;
        PadTokenId = vocabulary.IdOf(options.PadToken)!.Value;
        MaskTokenId = vocabulary.IdOf(options.MaskToken);

        string[] specials = [options.UnkToken, options.ClsToken, options.SepToken, options.PadToken, .. MaskTokenId is null ? [] : new[] { options.MaskToken }];
        _specials = new SpecialTokenSplitter(specials);
        _specialIds = [.. specials.Select(t => vocabulary.IdOf(t)!.Value)];
        _basic = new BasicTokenizer(options.LowerCase, options.StripsAccents, options.TokenizeChineseChars);
        _wordPiece = new WordPieceModel(vocabulary, options.UnkToken, UnkTokenId);
    }

    /// <summary>
    /// A tokenizer over the WordPiece vocabulary <paramref name="vocabPath"/> (one token a line, id = line number).
    /// </summary>
    /// <param name="vocabPath">The <c>vocab.txt</c> file.</param>
    /// <param name="lowerCase">Lower-case the text: true for "uncased" checkpoints, false for "cased" ones.</param>
    /// <param name="stripAccents">Remove accents; null follows <paramref name="lowerCase"/>.</param>
    /// <param name="tokenizeChineseChars">Make each CJK ideograph a word of its own.</param>
    /// <param name="modelMaxLength">The default maximum length of <c>Encode</c>; null for none.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="ModelFileException">The file is too large, not UTF-8, repeats a token, or lacks [UNK], [CLS], [SEP] or [PAD].</exception>
    public static BertTokenizer FromVocab(string vocabPath, bool lowerCase = true, bool? stripAccents = null,
                                          bool tokenizeChineseChars = true, int? modelMaxLength = 512) =>
        FromVocab(vocabPath, new BertTokenizerOptions
        {
            LowerCase = lowerCase,
            StripAccents = stripAccents,
            TokenizeChineseChars = tokenizeChineseChars,
            ModelMaxLength = modelMaxLength,
        });

    /// <summary>A tokenizer over the WordPiece vocabulary <paramref name="vocabPath"/> with all of <paramref name="options"/>.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="ModelFileException">The file is too large, not UTF-8, repeats a token, or lacks a required special token.</exception>
    public static BertTokenizer FromVocab(string vocabPath, BertTokenizerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.ModelMaxLength is < 2)
            throw new ArgumentOutOfRangeException(nameof(options), $"BertTokenizer: ModelMaxLength must be at least 2 ([CLS] and [SEP]), got {options.ModelMaxLength}.");
        return new BertTokenizer(WordPieceVocabulary.Read(vocabPath), options);
    }

    /// <summary>
    /// A tokenizer from a Hugging Face model folder: its <c>vocab.txt</c>, with the settings of <c>tokenizer_config.json</c>
    /// (do_lower_case, strip_accents, tokenize_chinese_chars, model_max_length, clean_up_tokenization_spaces, special
    /// tokens) and <c>special_tokens_map.json</c> where they are present, and the defaults where they are not.
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="FileNotFoundException">The folder has no <c>vocab.txt</c>.</exception>
    /// <exception cref="ModelFileException">A file is bad; the message names it.</exception>
    public static BertTokenizer FromFolder(string folder)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        if (!Directory.Exists(folder))
            throw new DirectoryNotFoundException($"BertTokenizer: the folder '{folder}' does not exist.");
        return FromVocab(Path.Combine(folder, VocabFileName), TokenizerConfigFile.Read(folder));
    }

    /// <summary>
    /// A tokenizer from a Hugging Face model folder, as <see cref="FromFolder"/> reads it (<c>vocab.txt</c>, and
    /// <c>tokenizer_config.json</c> with its do_lower_case where present), or from a hub name of <see cref="BertHub.Names"/>
    /// ("bert-base-cased"), downloaded once into the cache.
    /// </summary>
    /// <exception cref="ArgumentException">No such folder and not a known name.</exception>
    /// <exception cref="FileNotFoundException">The folder has no <c>vocab.txt</c>.</exception>
    /// <exception cref="ModelFileException">A file is bad; the message names it.</exception>
    /// <exception cref="KerasSharp.Datasets.DatasetDownloadException">A hub file cannot be downloaded (the message says which files to put where).</exception>
    public static BertTokenizer FromPretrained(string folderOrName) => FromFolder(BertHub.Resolve(folderOrName));

    /// <summary>The settings in use.</summary>
    public BertTokenizerOptions Options { get; }

    /// <summary>The vocabulary file.</summary>
    public string VocabPath => _vocabulary.Path;

    /// <summary>Number of ids: the lines of the vocabulary file.</summary>
    public int VocabSize => _vocabulary.Tokens.Count;

    /// <summary>Default maximum length of <c>Encode</c> (Hugging Face's <c>model_max_length</c>); null for none.</summary>
    public int? ModelMaxLength => Options.ModelMaxLength;

    /// <summary>Id of the unknown token, [UNK].</summary>
    public int UnkTokenId { get; }

    /// <summary>Id of the classification token, [CLS], which starts every input.</summary>
    public int ClsTokenId { get; }

    /// <summary>Id of the separator, [SEP], which ends each text of an input.</summary>
    public int SepTokenId { get; }

    /// <summary>Id of the padding token, [PAD].</summary>
    public int PadTokenId { get; }

    /// <summary>Id of the mask token, [MASK]; null if the vocabulary has none.</summary>
    public int? MaskTokenId { get; }

    /// <summary>The id of <paramref name="token"/>, or null if it is not in the vocabulary.</summary>
    public int? TokenToId(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        return _vocabulary.IdOf(token);
    }

    /// <summary>The token with id <paramref name="id"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The id is outside the vocabulary.</exception>
    public string IdToToken(int id)
    {
        CheckId(id, "IdToToken", nameof(id), -1);
        return _vocabulary.Tokens[id];
    }

    /// <summary>
    /// The word pieces of <paramref name="text"/>, without [CLS] and [SEP]: "unaffable" can give "un", "##aff", "##able".
    /// Special tokens written in the text ("[MASK]") stay whole.
    /// </summary>
    public IReadOnlyList<string> Tokenize(string text) => [.. TextIds(text).Select(id => _vocabulary.Tokens[id])];

    /// <summary>
    /// The ids of <paramref name="text"/> (and <paramref name="textPair"/>), with [CLS] and [SEP] when
    /// <paramref name="addSpecialTokens"/>: <c>[CLS] A [SEP]</c> or <c>[CLS] A [SEP] B [SEP]</c>. Nothing is truncated.
    /// </summary>
    public int[] EncodeToIds(string text, string? textPair = null, bool addSpecialTokens = true)
    {
        var first = TextIds(text);
        var second = textPair is null ? null : TextIds(textPair);
        return addSpecialTokens ? WithSpecialTokens(first, first.Count, second, second?.Count ?? 0)
                                : [.. first, .. second ?? []];
    }

    // The ids of one text: special tokens written in it kept whole, the rest through the basic tokenizer and WordPiece.
    private List<int> TextIds(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var ids = new List<int>();
        var words = new List<string>();
        foreach (var (part, isSpecial) in _specials.Split(text))
        {
            if (isSpecial)
            {
                ids.Add(_vocabulary.IdOf(part)!.Value);
                continue;
            }
            words.Clear();
            _basic.Tokenize(part, words);
            foreach (var word in words) _wordPiece.Encode(word, ids);
        }
        return ids;
    }

    // [CLS] first[..keepFirst] [SEP] (second[..keepSecond] [SEP])
    private int[] WithSpecialTokens(List<int> first, int keepFirst, List<int>? second, int keepSecond)
    {
        var ids = new List<int>(keepFirst + keepSecond + 3) { ClsTokenId };
        ids.AddRange(first.Take(keepFirst));
        ids.Add(SepTokenId);
        if (second is not null)
        {
            ids.AddRange(second.Take(keepSecond));
            ids.Add(SepTokenId);
        }
        return [.. ids];
    }

    private void CheckId(long id, string method, string parameter, int position)
    {
        if (id >= 0 && id < VocabSize) return;
        string where = position >= 0 ? $" at position {position}" : "";
        throw new ArgumentOutOfRangeException(parameter,
            $"BertTokenizer.{method}: id {id}{where} is outside the vocabulary of '{VocabPath}' (ids 0 to {VocabSize - 1}).");
    }
}
