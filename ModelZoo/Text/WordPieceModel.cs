using System.Text;
using MlWordPiece = Microsoft.ML.Tokenizers.WordPieceTokenizer;
using MlWordPieceOptions = Microsoft.ML.Tokenizers.WordPieceOptions;

namespace KerasSharp.ModelZoo;

/// <summary>
/// WordPiece on one word: greedy longest match first, "##" before every piece but the first, and the unknown token for
/// the whole word when some part matches nothing or when the word has more than 100 characters.
/// </summary>
/// <remarks>
/// The matching is Microsoft.ML.Tokenizers' <c>WordPieceTokenizer</c>, run on one word with its own normalizer and
/// pre-tokenizer off: on a word it follows Hugging Face's rule. Its length limit counts UTF-16 units where Hugging Face
/// counts code points (an emoji is two units), so the limit is checked here and the library's is set to twice it.
/// </remarks>
internal sealed class WordPieceModel
{
    /// <summary>Hugging Face's <c>max_input_chars_per_word</c>: a longer word becomes the unknown token.</summary>
    public const int MaxCharsPerWord = 100;

    private readonly MlWordPiece _wordPiece;
    private readonly int _unknownId;

    public WordPieceModel(WordPieceVocabulary vocabulary, string unknownToken, int unknownId)
    {
        _unknownId = unknownId;
        // The library reads the same lines back (empty lines keep their numbers), so its ids are ours.
        using var lines = new MemoryStream(Encoding.UTF8.GetBytes(string.Join('\n', vocabulary.Tokens)));
        _wordPiece = MlWordPiece.Create(lines, new MlWordPieceOptions
        {
            UnknownToken = unknownToken,
            ContinuingSubwordPrefix = "##",
            MaxInputCharsPerWord = 2 * MaxCharsPerWord,
        });
    }

    /// <summary>Appends the ids of <paramref name="word"/>'s pieces (or the unknown id) to <paramref name="ids"/>.</summary>
    public void Encode(string word, List<int> ids)
    {
        if (CodePoints(word) > MaxCharsPerWord)
        {
            ids.Add(_unknownId);
            return;
        }
        ids.AddRange(_wordPiece.EncodeToIds(word, considerPreTokenization: false, considerNormalization: false));
    }

    private static int CodePoints(string word)
    {
        int count = word.Length;
        for (int i = 0; i + 1 < word.Length; i++)
            if (char.IsHighSurrogate(word[i]) && char.IsLowSurrogate(word[i + 1])) { count--; i++; }
        return count;
    }
}
