using System.Globalization;
using System.Text;

namespace KerasSharp.ModelZoo;

/// <summary>
/// Python's <c>str.lower()</c>, which BERT's uncased models were tokenized with. It is .NET's simple lower-case mapping
/// plus the two rules of Unicode's SpecialCasing that Python applies and .NET's invariant casing does not:
/// U+0130 (I with dot above) becomes "i" and U+0307, and a capital sigma that ends a word becomes final sigma (ς).
/// </summary>
internal static class PythonLowerCase
{
    private const int CapitalSigma = 0x3A3, SmallSigma = 0x3C3, FinalSigma = 0x3C2;

    /// <summary>The lower-case form of <paramref name="text"/>, as Python computes it.</summary>
    public static string Lower(string text)
    {
        var sb = new StringBuilder(text.Length);
        for (int i = 0; i < text.Length;)
        {
            int cp = BertCharacters.CodePointAt(text, i, out int length);
            if (cp == 0x130) sb.Append("i\u0307");
            else if (cp == CapitalSigma) sb.Append((char)(EndsWord(text, i) ? FinalSigma : SmallSigma));
            else if (Rune.IsValid(cp)) sb.Append(Rune.ToLowerInvariant(new Rune(cp)).ToString());
            else sb.Append((char)cp);                 // a lone surrogate has no case
            i += length;
        }
        return sb.ToString();
    }

    // Unicode's Final_Sigma: a cased letter before the sigma and none after it, skipping case-ignorable characters
    // both ways (Python's unicodeobject.c does the same scan).
    private static bool EndsWord(string text, int sigma)
    {
        int i = sigma;
        int before = -1;
        while (i > 0)
        {
            i -= char.IsLowSurrogate(text[i - 1]) && i > 1 && char.IsHighSurrogate(text[i - 2]) ? 2 : 1;
            int cp = BertCharacters.CodePointAt(text, i, out _);
            if (!IsCaseIgnorable(cp)) { before = cp; break; }
        }
        if (before < 0 || !IsCased(before)) return false;
        for (int j = sigma + 1; j < text.Length;)
        {
            int cp = BertCharacters.CodePointAt(text, j, out int length);
            if (!IsCaseIgnorable(cp)) return !IsCased(cp);
            j += length;
        }
        return true;
    }

    // Unicode's Cased property is the letter case categories plus a few hundred Other_Lowercase/Other_Uppercase
    // characters (modifier letters, circled letters); the categories are what Greek text meets next to a sigma.
    private static bool IsCased(int cp) =>
        CharUnicodeInfo.GetUnicodeCategory(cp) is UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter
            or UnicodeCategory.TitlecaseLetter;

    // Case_Ignorable: marks, format characters, modifiers, and the apostrophes, periods and colons that may sit
    // inside a word (Word_Break MidLetter, MidNumLet, Single_Quote).
    private static bool IsCaseIgnorable(int cp) =>
        cp is '\'' or '.' or ':' or 0xB7 or 0x387 or 0x55F or 0x5F4 or 0x2018 or 0x2019 or 0x2024 or 0x2027 or 0xFE13
            or 0xFE52 or 0xFE55 or 0xFF07 or 0xFF0E or 0xFF1A
        || CharUnicodeInfo.GetUnicodeCategory(cp) is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark
            or UnicodeCategory.Format or UnicodeCategory.ModifierLetter or UnicodeCategory.ModifierSymbol;
}
