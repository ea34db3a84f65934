using System.Text;

namespace KerasSharp.ModelZoo;

/// <summary>
/// A WordPiece <c>vocab.txt</c>: one token a line, its id the line number from 0. Lines end at "\n", "\r\n" or "\r"
/// (as Python's text mode reads them); a UTF-8 byte-order mark is skipped. The file is outside input: its size is
/// checked first, and invalid UTF-8 or a token on two lines is an error naming the file, not a silent wrong id.
/// </summary>
internal sealed class WordPieceVocabulary
{
    private readonly Dictionary<string, int> _ids;

    private WordPieceVocabulary(string path, string[] tokens, Dictionary<string, int> ids)
    {
        Path = path;
        Tokens = tokens;
        _ids = ids;
    }

    /// <summary>The file the vocabulary came from.</summary>
    public string Path { get; }

    /// <summary>The tokens by id; an empty line is an empty token that no text can produce.</summary>
    public IReadOnlyList<string> Tokens { get; }

    /// <summary>The id of <paramref name="token"/>, or null if it is not in the vocabulary.</summary>
    public int? IdOf(string token) => _ids.TryGetValue(token, out int id) ? id : null;

    /// <summary>Reads and checks <paramref name="path"/>.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="ModelFileException">The file is too large, not UTF-8, empty, or repeats a token.</exception>
    public static WordPieceVocabulary Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
            throw new FileNotFoundException($"BertTokenizer: the vocabulary file '{path}' does not exist.", path);
        string text;
        try
        {
            text = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(ReadBounded(path));
        }
        catch (DecoderFallbackException e)
        {
            throw new ModelFileException(path, null, $"the vocabulary is not valid UTF-8 (byte {e.Index:N0}).", e);
        }
        if (text.StartsWith('\uFEFF')) text = text[1..];    // a byte-order mark is no part of the first token

        var tokens = new List<string>();
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        using var reader = new StringReader(text);
        while (reader.ReadLine() is { } line)
        {
            if (tokens.Count == TokenizerLimits.MaxVocabularyTokens)
                throw new ModelFileException(path, null,
                    $"the vocabulary has more than {TokenizerLimits.MaxVocabularyTokens:N0} tokens (TokenizerLimits.MaxVocabularyTokens).");
            if (line.Length > 0 && !ids.TryAdd(line, tokens.Count))
                throw new ModelFileException(path, null,
                    $"line {tokens.Count + 1} repeats the token '{line}' of line {ids[line] + 1}; every token must be on one line only, " +
                    "since its id is its line number.");
            tokens.Add(line);
        }
        if (tokens.Count == 0) throw new ModelFileException(path, null, "the vocabulary file is empty.");
        return new WordPieceVocabulary(path, [.. tokens], ids);
    }

    // The whole file, refused before any allocation when it is over the limit.
    private static byte[] ReadBounded(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        if (stream.Length > TokenizerLimits.MaxVocabularyBytes)
            throw new ModelFileException(path, null,
                $"the vocabulary file has {stream.Length:N0} bytes, more than the {TokenizerLimits.MaxVocabularyBytes:N0} a vocabulary may have " +
                "(TokenizerLimits.MaxVocabularyBytes); is it a vocab.txt?");
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return bytes;
    }
}
