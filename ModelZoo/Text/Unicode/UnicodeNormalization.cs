using System.Text;

namespace KerasSharp.ModelZoo;

/// <summary>
/// Unicode normalization forms D and C, from the table in <c>normalization.txt</c>.
/// </summary>
/// <remarks>
/// Our projects run with <c>InvariantGlobalization</c>, where <see cref="string.Normalize(NormalizationForm)"/> leaves
/// non-ASCII text unchanged (so "é" never decomposes and BERT's accent stripping would do nothing). The table is
/// Python's unicodedata, the one Hugging Face's tokenizer normalizes with. Text is handled by code point; a lone
/// surrogate passes through unchanged, as a character with no decomposition.
/// </remarks>
internal static class UnicodeNormalization
{
    // Hangul syllables decompose and compose by arithmetic (Unicode 15.0, section 3.12), not through the table.
    private const int SBase = 0xAC00, LBase = 0x1100, VBase = 0x1161, TBase = 0x11A7;
    private const int LCount = 19, VCount = 21, TCount = 28, NCount = VCount * TCount, SCount = LCount * NCount;

    private static readonly Lazy<NormalizationTable> Table = new(NormalizationTable.Load);

    /// <summary>Canonical decomposition, then canonical ordering of combining marks (NFD).</summary>
    public static string Nfd(string text)
    {
        if (AllBelow(text, 0xC0)) return text;      // nothing below U+00C0 decomposes
        return ToString(Decompose(text));
    }

    /// <summary>NFD, then canonical composition (NFC).</summary>
    public static string Nfc(string text)
    {
        if (AllBelow(text, 0x300)) return text;     // no combining marks and nothing that composes: already NFC
        return ToString(Compose(Decompose(text)));
    }

    /// <summary>The canonical combining class of <paramref name="codePoint"/> (0 for starters).</summary>
    public static int CombiningClass(int codePoint) => Table.Value.CombiningClass(codePoint);

    private static bool AllBelow(string text, int limit)
    {
        foreach (char c in text)
            if (c >= limit) return false;
        return true;
    }

    private static List<int> Decompose(string text)
    {
        var table = Table.Value;
        var output = new List<int>(text.Length + 8);
        for (int i = 0; i < text.Length; i++)
        {
            int cp = text[i];
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                cp = char.ConvertToUtf32(text[i], text[++i]);
            if ((uint)(cp - SBase) < SCount)
            {
                int s = cp - SBase;
                output.Add(LBase + s / NCount);
                output.Add(VBase + s % NCount / TCount);
                if (s % TCount != 0) output.Add(TBase + s % TCount);
            }
            else if (table.Decomposition(cp) is { } parts) output.AddRange(parts);
            else output.Add(cp);
        }
        // Canonical ordering: within each run of non-starters, a stable sort by combining class.
        for (int i = 1; i < output.Count; i++)
        {
            int ccc = table.CombiningClass(output[i]);
            if (ccc == 0) continue;
            for (int j = i; j > 0 && table.CombiningClass(output[j - 1]) > ccc; j--)
                (output[j - 1], output[j]) = (output[j], output[j - 1]);
        }
        return output;
    }

    private static List<int> Compose(List<int> decomposed)
    {
        var table = Table.Value;
        var output = new List<int>(decomposed.Count);
        int starter = -1;                            // index in output of the last starter, if any
        foreach (int cp in decomposed)
        {
            int ccc = table.CombiningClass(cp);
            if (starter >= 0)
            {
                // A character between the starter and cp blocks them when its class is 0 or not below cp's; the
                // characters between are in canonical order, so the last one has the highest class.
                bool blocked = false;
                if (starter != output.Count - 1)
                {
                    int last = table.CombiningClass(output[^1]);
                    blocked = last == 0 || last >= ccc;
                }
                if (!blocked && TryCompose(table, output[starter], cp, out int composite))
                {
                    output[starter] = composite;
                    continue;
                }
            }
            if (ccc == 0) starter = output.Count;
            output.Add(cp);
        }
        return output;
    }

    private static bool TryCompose(NormalizationTable table, int first, int second, out int composite)
    {
        if ((uint)(first - LBase) < LCount && (uint)(second - VBase) < VCount)
        {
            composite = SBase + ((first - LBase) * VCount + (second - VBase)) * TCount;
            return true;
        }
        if ((uint)(first - SBase) < SCount && (first - SBase) % TCount == 0 && (uint)(second - TBase - 1) < TCount - 1)
        {
            composite = first + (second - TBase);
            return true;
        }
        return table.TryCompose(first, second, out composite);
    }

    private static string ToString(List<int> codePoints)
    {
        var sb = new StringBuilder(codePoints.Count);
        foreach (int cp in codePoints)
        {
            if (cp < 0x10000) sb.Append((char)cp);   // includes lone surrogates, kept as they came
            else sb.Append(char.ConvertFromUtf32(cp));
        }
        return sb.ToString();
    }
}
