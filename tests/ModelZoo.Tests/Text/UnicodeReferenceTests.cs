using System.Globalization;
using System.Text;
using KerasSharp.Models.Tests.Saving.Formats;

namespace KerasSharp.ModelZoo.Tests.Text;

/// <summary>
/// Our NFD, NFC and Python-style lower-casing against Python's own <c>unicodedata.normalize</c> and <c>str.lower</c>
/// (what Hugging Face's tokenizer runs): every code point one by one, and seeded random strings that mix combining
/// marks of several classes, Hangul, composition exclusions and sigmas, so reordering and composition are exercised.
/// Code points unassigned in Python's Unicode version are skipped (.NET's tables are newer).
/// </summary>
[TestClass]
public sealed class UnicodeReferenceTests
{
    private const string Script = """
        import random, sys, unicodedata
        def hexes(s): return " ".join(f"{ord(c):X}" for c in s) or "-"
        start = None
        for cp in range(0x110001):
            unassigned = cp < 0x110000 and unicodedata.category(chr(cp)) == "Cn"
            if unassigned and start is None: start = cp
            if not unassigned and start is not None:
                print(f"U {start:X} {cp - 1:X}"); start = None
        for cp in range(0x110000):
            if 0xD800 <= cp <= 0xDFFF: continue
            c = chr(cp)
            for kind, value in (("D", unicodedata.normalize("NFD", c)), ("C", unicodedata.normalize("NFC", c)), ("L", c.lower())):
                if value != c: print(f"{kind} {cp:X} {hexes(value)}")
        pool = ("aeiouAEIOUSs.'ÀéÖñÅ" "\u0300\u0301\u0308\u0323\u0327\u0345\u031B\u0338\u05B0\u05B4\u05BC\u093C\u0F71\u0F72\u0F80"
                "\u1100\u1161\u11A8\uAC00\uD55C\u0958\u2126\u212B\u1E0A\u0344\u0B47\u0B3E\u0915\u093F"
                "\u03A3\u03C3\u03C2\u0391\u0386\u0130\u01C5\u00DF\u1E9E\u0149 ")
        random.seed(12)
        for _ in range(3000):
            s = "".join(random.choice(pool) for _ in range(random.randint(1, 8)))
            print(f"S {hexes(s)} | {hexes(unicodedata.normalize('NFD', s))} | {hexes(unicodedata.normalize('NFC', s))} | {hexes(s.lower())}")
        """;

    private static readonly bool[] UnassignedInPython = new bool[0x110000];
    private static readonly Dictionary<(char Kind, int CodePoint), string> Mappings = [];
    private static readonly List<string[]> Strings = [];

    [ClassInitialize]
    public static void Start(TestContext _)
    {
        var output = Python.RunWith("import unicodedata", "python3", Script);
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var kind = line[0];
            var rest = line[2..];
            if (kind == 'U')
            {
                var r = rest.Split(' ');
                for (int cp = Hex(r[0]); cp <= Hex(r[1]); cp++) UnassignedInPython[cp] = true;
            }
            else if (kind == 'S') Strings.Add([.. rest.Split(" | ").Select(FromHexes)]);
            else
            {
                int space = rest.IndexOf(' ');
                Mappings[(kind, Hex(rest[..space]))] = FromHexes(rest[(space + 1)..]);
            }
        }
    }

    private static int Hex(string s) => int.Parse(s, NumberStyles.HexNumber, CultureInfo.InvariantCulture);

    private static string FromHexes(string s) =>
        s == "-" ? "" : string.Concat(s.Split(' ').Select(h => char.ConvertFromUtf32(Hex(h))));

    private static string Show(string s) => string.Join(" ", s.EnumerateRunes().Select(r => $"U+{r.Value:X4}"));

    private static void AssertEveryCodePoint(char kind, Func<string, string> ours)
    {
        var wrong = new List<string>();
        int checkedCount = 0;
        for (int cp = 0; cp < 0x110000; cp++)
        {
            if (cp is >= 0xD800 and <= 0xDFFF || UnassignedInPython[cp]) continue;
            string c = char.ConvertFromUtf32(cp);
            string expected = Mappings.GetValueOrDefault((kind, cp), c);
            string actual = ours(c);
            checkedCount++;
            if (actual != expected) wrong.Add($"U+{cp:X4}: expected {Show(expected)}, got {Show(actual)}");
        }
        Assert.IsGreaterThan(100_000, checkedCount);
        Assert.AreEqual(0, wrong.Count, $"{wrong.Count} code points differ from Python:\n" + string.Join("\n", wrong.Take(30)));
    }

    [TestMethod]
    public void Nfd_OfEveryCodePoint_MatchesPython() => AssertEveryCodePoint('D', UnicodeNormalization.Nfd);

    [TestMethod]
    public void Nfc_OfEveryCodePoint_MatchesPython() => AssertEveryCodePoint('C', UnicodeNormalization.Nfc);

    [TestMethod]
    public void Lower_OfEveryCodePoint_MatchesPython() => AssertEveryCodePoint('L', PythonLowerCase.Lower);

    [TestMethod]
    public void RandomStrings_MatchPython_InNfdNfcAndLower()
    {
        Assert.HasCount(3000, Strings);
        var wrong = new StringBuilder();
        foreach (var s in Strings)
        {
            if (UnicodeNormalization.Nfd(s[0]) != s[1]) wrong.AppendLine($"NFD {Show(s[0])}: expected {Show(s[1])}, got {Show(UnicodeNormalization.Nfd(s[0]))}");
            if (UnicodeNormalization.Nfc(s[0]) != s[2]) wrong.AppendLine($"NFC {Show(s[0])}: expected {Show(s[2])}, got {Show(UnicodeNormalization.Nfc(s[0]))}");
            if (PythonLowerCase.Lower(s[0]) != s[3]) wrong.AppendLine($"lower {Show(s[0])}: expected {Show(s[3])}, got {Show(PythonLowerCase.Lower(s[0]))}");
        }
        Assert.AreEqual("", wrong.ToString());
    }

    [TestMethod]
    public void DotNetsOwnNormalize_DoesNothingHere_WhichIsWhyTheTableExists()
    {
        // InvariantGlobalization: string.Normalize leaves "é" composed. If this ever fails, .NET normalizes without
        // ICU and the embedded table could go.
        Assert.AreEqual("\u00E9", "\u00E9".Normalize(NormalizationForm.FormD));
        Assert.AreEqual("e\u0301", UnicodeNormalization.Nfd("\u00E9"));
    }
}
