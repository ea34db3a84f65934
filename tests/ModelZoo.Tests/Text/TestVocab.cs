namespace KerasSharp.ModelZoo.Tests.Text;

/// <summary>
/// A small WordPiece vocabulary written by the tests, with its ids by name. Each id is the token's line number, from 0,
/// as in every BERT <c>vocab.txt</c>; the special tokens sit where bert-base-uncased does not put them, so a test that
/// assumes [CLS] = 101 fails.
/// </summary>
internal sealed class TestVocab : IDisposable
{
    public const int Pad = 0, Unk = 1, Cls = 2, Sep = 3, Mask = 4;
    public const int Hello = 5, World = 6, Comma = 7, Bang = 8, Period = 9;
    public const int Hel = 10, SharpLo = 11, Wor = 12, SharpLd = 13;
    public const int Un = 14, SharpAff = 15, SharpAble = 16;
    public const int Wo3 = 17, Ai4 = 18, Bei3 = 19, Jing1 = 20;           // 我 爱 北 京
    public const int I = 21, Love = 22, Grin = 23, SharpGrin = 24, And = 25;   // 😀, ##😀
    public const int HelloAcute = 26, CapitalW = 27, SharpOUmlaut = 28, SharpRld = 29, CapitalHello = 30;  // Héllo W ##ö ##rld Hello
    public const int A = 31, SharpA = 32, SharpLod = 33;
    public const int The = 34, Cat = 35, Sat = 36, On = 37, Mat = 38, Dog = 39, Ran = 40;
    public const int Dollar = 41, Underscore = 42, Quote = 43, Don = 44, T = 45;
    public const int Odos = 46;                                             // οδος, with a final sigma

    public static readonly string[] Tokens =
    [
        "[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]",
        "hello", "world", ",", "!", ".",
        "hel", "##lo", "wor", "##ld",
        "un", "##aff", "##able",
        "我", "爱", "北", "京",
        "i", "love", "😀", "##😀", "and",
        "Héllo", "W", "##ö", "##rld", "Hello",
        "a", "##a", "##lod",
        "the", "cat", "sat", "on", "mat", "dog", "ran",
        "$", "_", "'", "don", "t",
        "οδος",
    ];

    public TestVocab()
    {
        Folder = Path.Combine(Path.GetTempPath(), "ks-bert-vocab-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Folder);
        VocabPath = Path.Combine(Folder, "vocab.txt");
        File.WriteAllText(VocabPath, string.Join('\n', Tokens) + "\n");
    }

    /// <summary>The folder holding vocab.txt (tests add a tokenizer_config.json beside it).</summary>
    public string Folder { get; }

    /// <summary>The vocab.txt file.</summary>
    public string VocabPath { get; }

    public BertTokenizer Uncased() => BertTokenizer.FromVocab(VocabPath);

    public BertTokenizer Cased(bool? stripAccents = null) => BertTokenizer.FromVocab(VocabPath, lowerCase: false, stripAccents: stripAccents);

    public void Dispose()
    {
        if (Directory.Exists(Folder)) Directory.Delete(Folder, recursive: true);
    }
}
