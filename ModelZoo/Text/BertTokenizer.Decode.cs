using System.Text;

namespace KerasSharp.ModelZoo;

public sealed partial class BertTokenizer
{
    /// <summary>
    /// The text of <paramref name="ids"/>, as Hugging Face's <c>decode</c> writes it: the tokens joined by spaces with
    /// "##" pieces glued to the piece before. Lower-casing, stripped accents and the spaces around punctuation are not
    /// undone; with <paramref name="cleanUpTokenizationSpaces"/> the space before ". ? ! ," and in "n't", "'s", "'m",
    /// "'ve", "'re", " ' " is removed, nothing else.
    /// </summary>
    /// <param name="ids">Token ids, such as a row of <see cref="BertEncoding.InputIds"/>.</param>
    /// <param name="skipSpecialTokens">Leave out [CLS], [SEP], [PAD], [MASK] and [UNK].</param>
    /// <param name="cleanUpTokenizationSpaces">Remove those spaces; null takes <see cref="BertTokenizerOptions.CleanUpTokenizationSpaces"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">An id is outside the vocabulary (Hugging Face would print [UNK]).</exception>
    public string Decode(IEnumerable<long> ids, bool skipSpecialTokens = false, bool? cleanUpTokenizationSpaces = null)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var tokens = new List<string>();
        int position = 0;
        foreach (long id in ids)
        {
            CheckId(id, "Decode", nameof(ids), position++);
            if (skipSpecialTokens && _specialIds.Contains((int)id)) continue;
            tokens.Add(_vocabulary.Tokens[(int)id]);
        }
        string text = string.Join(' ', tokens).Replace(" ##", "", StringComparison.Ordinal).Trim();
        return cleanUpTokenizationSpaces ?? Options.CleanUpTokenizationSpaces ? CleanUp(text) : text;
    }

    /// <summary>The text of <paramref name="ids"/>; see <see cref="Decode(IEnumerable{long}, bool, bool?)"/>.</summary>
    public string Decode(IEnumerable<int> ids, bool skipSpecialTokens = false, bool? cleanUpTokenizationSpaces = null)
    {
        ArgumentNullException.ThrowIfNull(ids);
        return Decode(ids.Select(id => (long)id), skipSpecialTokens, cleanUpTokenizationSpaces);
    }

    /// <summary>The text of each row of <paramref name="inputIds"/> ([batch, length], integer); padding is kept unless
    /// <paramref name="skipSpecialTokens"/>. See <see cref="Decode(IEnumerable{long}, bool, bool?)"/>.</summary>
    /// <exception cref="ArgumentException">The tensor is not a 2-D integer tensor.</exception>
    public string[] BatchDecode(Tensor inputIds, bool skipSpecialTokens = false, bool? cleanUpTokenizationSpaces = null)
    {
        ArgumentNullException.ThrowIfNull(inputIds);
        if (inputIds.Rank != 2 || !inputIds.DType.IsInteger())
            throw new ArgumentException($"BertTokenizer.BatchDecode: expected [batch, length] integer ids, got {inputIds.DType} {inputIds.Shape}.", nameof(inputIds));
        using var asLong = inputIds.DType == DType.Int64 ? null : Ops.Cast(inputIds, DType.Int64);
        long[] all = (asLong ?? inputIds).ToArray<long>();
        int length = inputIds.Shape[1];
        return [.. Enumerable.Range(0, inputIds.Shape[0])
            .Select(row => Decode(new ArraySegment<long>(all, row * length, length), skipSpecialTokens, cleanUpTokenizationSpaces))];
    }

    // Hugging Face's clean_up_tokenization: these replacements, in this order, and no others.
    private static string CleanUp(string text) => new StringBuilder(text)
        .Replace(" .", ".").Replace(" ?", "?").Replace(" !", "!").Replace(" ,", ",").Replace(" ' ", "'")
        .Replace(" n't", "n't").Replace(" 'm", "'m").Replace(" 's", "'s").Replace(" 've", "'ve").Replace(" 're", "'re")
        .ToString();
}
