namespace KerasSharp.ModelZoo;

/// <summary>
/// Finds the special tokens written in a text ("Paris is the [MASK] of France."), as Hugging Face does before any
/// other step: exact, case-sensitive matches, the longest one where several start at the same place. The parts
/// between them are tokenized as usual; a special token is never lower-cased or split ("[mask]" is ordinary text).
/// </summary>
internal sealed class SpecialTokenSplitter(IReadOnlyCollection<string> specialTokens)
{
    private readonly string[] _tokens = [.. specialTokens.Where(t => t.Length > 0).Distinct().OrderByDescending(t => t.Length)];

    /// <summary>The parts of <paramref name="text"/> in order, each marked as a special token or as ordinary text.</summary>
    public IEnumerable<(string Text, bool IsSpecial)> Split(string text)
    {
        int start = 0;
        for (int i = 0; i < text.Length;)
        {
            string? match = null;
            foreach (var token in _tokens)
                if (text.AsSpan(i).StartsWith(token, StringComparison.Ordinal))
                {
                    match = token;
                    break;
                }
            if (match is null)
            {
                i++;
                continue;
            }
            if (i > start) yield return (text[start..i], false);
            yield return (match, true);
            i += match.Length;
            start = i;
        }
        if (text.Length > start) yield return (text[start..], false);
    }
}
