using System.Globalization;

namespace KerasSharp.ModelZoo;

/// <summary>
/// The character classes of BERT's basic tokenizer, by code point, as Hugging Face's <c>tokenization_bert.py</c>
/// defines them. Categories come from .NET's Unicode tables, which may be a newer Unicode version than the Python
/// that a reference ran on: a character assigned since then is "unassigned" (so a control, and dropped) there.
/// </summary>
internal static class BertCharacters
{
    /// <summary>Tab, newline, carriage return, space and every space separator (Zs) become a plain space.</summary>
    public static bool IsWhitespace(int cp) =>
        cp is ' ' or '\t' or '\n' or '\r' || CharUnicodeInfo.GetUnicodeCategory(cp) == UnicodeCategory.SpaceSeparator;

    /// <summary>
    /// Dropped by the clean-up: every "other" category (Cc, Cf, Cs, Co, Cn), except tab, newline and carriage return,
    /// which count as whitespace. So a zero-width space (Cf) joins its neighbours and a vertical tab (Cc) vanishes.
    /// </summary>
    public static bool IsControl(int cp) =>
        cp is not ('\t' or '\n' or '\r') && CharUnicodeInfo.GetUnicodeCategory(cp) is UnicodeCategory.Control
            or UnicodeCategory.Format or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned;

    /// <summary>
    /// Split off as a token of its own: every Unicode punctuation category (P*), and all ASCII that is neither a
    /// letter, a digit nor a space ($, +, &lt;, =, &gt;, ^, `, |, ~ are symbols in Unicode, punctuation to BERT).
    /// Non-ASCII symbols (€, ©, emoji) are not punctuation: they stay inside their word.
    /// </summary>
    public static bool IsPunctuation(int cp)
    {
        if (cp is >= 33 and <= 47 or >= 58 and <= 64 or >= 91 and <= 96 or >= 123 and <= 126) return true;
        return CharUnicodeInfo.GetUnicodeCategory(cp) is UnicodeCategory.ConnectorPunctuation or UnicodeCategory.DashPunctuation
            or UnicodeCategory.OpenPunctuation or UnicodeCategory.ClosePunctuation or UnicodeCategory.InitialQuotePunctuation
            or UnicodeCategory.FinalQuotePunctuation or UnicodeCategory.OtherPunctuation;
    }

    /// <summary>
    /// A CJK ideograph, which gets spaces around it so that it is a word of its own: the CJK Unified Ideographs block,
    /// extensions A to E and the compatibility ideographs. Hangul, hiragana and katakana are not in these blocks.
    /// </summary>
    public static bool IsCjkIdeograph(int cp) =>
        cp is >= 0x4E00 and <= 0x9FFF or >= 0x3400 and <= 0x4DBF or >= 0x20000 and <= 0x2A6DF or >= 0x2A700 and <= 0x2B73F
            or >= 0x2B740 and <= 0x2B81F or >= 0x2B820 and <= 0x2CEAF or >= 0xF900 and <= 0xFAFF or >= 0x2F800 and <= 0x2FA1F;

    /// <summary>
    /// The code point at <paramref name="index"/> and its length in UTF-16 units (2 for a surrogate pair). A lone
    /// surrogate is returned as itself, category Cs, as Python sees it.
    /// </summary>
    public static int CodePointAt(string s, int index, out int length)
    {
        char c = s[index];
        if (char.IsHighSurrogate(c) && index + 1 < s.Length && char.IsLowSurrogate(s[index + 1]))
        {
            length = 2;
            return char.ConvertToUtf32(c, s[index + 1]);
        }
        length = 1;
        return c;
    }
}
