using System.Globalization;
using System.Text;

namespace KerasSharp.ModelZoo;

/// <summary>
/// BERT's basic tokenization, the step before WordPiece, in the order of Hugging Face's <c>BasicTokenizer</c>: clean
/// the text, put spaces around CJK ideographs, NFC, split on whitespace, then per word lower-case and strip accents
/// (if asked) and split off punctuation. Words that end up empty (a lone combining accent) are dropped.
/// </summary>
internal sealed class BasicTokenizer(bool lowerCase, bool stripAccents, bool tokenizeChineseChars)
{
    /// <summary>Appends the words of <paramref name="text"/> to <paramref name="words"/>.</summary>
    public void Tokenize(string text, List<string> words)
    {
        string normalized = UnicodeNormalization.Nfc(Clean(text));
        foreach (var word in normalized.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            string w = word;
            if (lowerCase) w = PythonLowerCase.Lower(w);
            if (stripAccents) w = StripAccents(w);
            SplitOnPunctuation(w, words);
        }
    }

    // Drops NUL, U+FFFD and control characters, turns whitespace into plain spaces, and spaces out CJK ideographs.
    private string Clean(string text)
    {
        var sb = new StringBuilder(text.Length);
        for (int i = 0; i < text.Length;)
        {
            int cp = BertCharacters.CodePointAt(text, i, out int length);
            if (cp is 0 or 0xFFFD || BertCharacters.IsControl(cp)) { }
            else if (BertCharacters.IsWhitespace(cp)) sb.Append(' ');
            else if (tokenizeChineseChars && BertCharacters.IsCjkIdeograph(cp)) sb.Append(' ').Append(text, i, length).Append(' ');
            else sb.Append(text, i, length);
            i += length;
        }
        return sb.ToString();
    }

    // NFD, then drop the non-spacing marks (Mn) only: spacing marks (Mc, as in Devanagari vowel signs) stay.
    private static string StripAccents(string word)
    {
        string nfd = UnicodeNormalization.Nfd(word);
        var sb = new StringBuilder(nfd.Length);
        for (int i = 0; i < nfd.Length;)
        {
            int cp = BertCharacters.CodePointAt(nfd, i, out int length);
            if (CharUnicodeInfo.GetUnicodeCategory(cp) != UnicodeCategory.NonSpacingMark) sb.Append(nfd, i, length);
            i += length;
        }
        return sb.ToString();
    }

    private static void SplitOnPunctuation(string word, List<string> words)
    {
        int start = 0;
        for (int i = 0; i < word.Length;)
        {
            int cp = BertCharacters.CodePointAt(word, i, out int length);
            if (BertCharacters.IsPunctuation(cp))
            {
                if (i > start) words.Add(word[start..i]);
                words.Add(word.Substring(i, length));
                start = i + length;
            }
            i += length;
        }
        if (word.Length > start) words.Add(word[start..]);
    }
}
