using System.Text.Json;

namespace KerasSharp.Datasets;

/// <summary>The word-index processing Keras applies to the IMDB and Reuters sequences, and their archive reading.</summary>
internal static class TextSequences
{
    /// <summary>Reads the ragged sequences of <paramref name="xName"/> and the labels of <paramref name="yName"/> from an .npz.</summary>
    public static (int[][] X, long[] Y) ReadPair(string path, string xName, string yName)
    {
        int[][]? xs = null;
        long[]? ys = null;
        Npz.ForEachEntry(path, n => n == xName || n == yName, (name, stream, display, length) =>
        {
            if (name == xName)
            {
                var items = Npy.ReadObjects(stream, display, length);
                xs = new int[items.Count][];
                for (int i = 0; i < items.Count; i++)
                {
                    if (items[i] is not List<object?> seq) throw new DatasetFormatException(display, $"sequence {i} is not a list of word indices.");
                    var row = new int[seq.Count];
                    for (int j = 0; j < seq.Count; j++)
                        row[j] = seq[j] is long w && w >= 0 && w <= int.MaxValue - 1024
                            ? (int)w
                            : throw new DatasetFormatException(display, $"sequence {i}, position {j} is {seq[j] ?? "None"}, not a word index.");
                    xs[i] = row;
                }
            }
            else
            {
                var array = Npy.Read(stream, display, length);
                if (array.Shape.Length != 1) throw new DatasetFormatException(display, $"the labels have shape ({string.Join(", ", array.Shape)}); expected one dimension.");
                ys = array.Data switch
                {
                    long[] l => l,
                    int[] i => i.Select(v => (long)v).ToArray(),
                    byte[] b => b.Select(v => (long)v).ToArray(),
                    bool[] b => b.Select(v => v ? 1L : 0L).ToArray(),
                    _ => throw new DatasetFormatException(display, "the labels are not integers."),
                };
            }
        });
        if (xs is null || ys is null) throw new DatasetFormatException(path, $"the archive lacks the array '{(xs is null ? xName : yName)}'.");
        if (xs.Length != ys.Length) throw new DatasetFormatException(path, $"'{xName}' has {xs.Length} sequences but '{yName}' has {ys.Length} labels.");
        return (xs, ys);
    }

    /// <summary>Reorders by a permutation.</summary>
    public static (int[][] X, long[] Y) Permute((int[][] X, long[] Y) data, int[] order) =>
        (order.Select(i => data.X[i]).ToArray(), order.Select(i => data.Y[i]).ToArray());

    /// <summary>Start character and index offset, as Keras's loaders apply them.</summary>
    public static int[][] Offset(int[][] xs, int? startChar, int indexFrom) =>
        startChar is int s ? xs.Select(x => x.Select(w => w + indexFrom).Prepend(s).ToArray()).ToArray()
        : indexFrom != 0 ? xs.Select(x => x.Select(w => w + indexFrom).ToArray()).ToArray()
        : xs.Select(x => x.ToArray()).ToArray();

    /// <summary>Keeps the sequences shorter than <paramref name="maxlen"/> (Keras's remove_long_seq).</summary>
    public static (int[][] X, long[] Y) RemoveLong(int maxlen, int[][] xs, long[] ys)
    {
        var keep = Enumerable.Range(0, xs.Length).Where(i => xs[i].Length < maxlen).ToArray();
        return (keep.Select(i => xs[i]).ToArray(), keep.Select(i => ys[i]).ToArray());
    }

    /// <summary>Words outside [skipTop, numWords) become <paramref name="oovChar"/>, or are dropped when it is null.</summary>
    public static int[][] Limit(int[][] xs, int numWords, int skipTop, int? oovChar) =>
        oovChar is int oov
            ? xs.Select(x => x.Select(w => skipTop <= w && w < numWords ? w : oov).ToArray()).ToArray()
            : xs.Select(x => x.Where(w => skipTop <= w && w < numWords).ToArray()).ToArray();

    public static int MaxWord(IEnumerable<int[]> xs) => xs.Where(x => x.Length > 0).Select(x => x.Max()).DefaultIfEmpty(0).Max();

    /// <summary>Reads a word index JSON object ({"word": index, ...}), as a hostile file.</summary>
    public static Dictionary<string, int> ReadWordIndex(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            var result = JsonSerializer.Deserialize<Dictionary<string, int>>(stream, new JsonSerializerOptions { MaxDepth = 4 });
            return result ?? throw new DatasetFormatException(path, "the word index is null.");
        }
        catch (JsonException e)
        {
            throw new DatasetFormatException(path, $"not a word index (a JSON object of word: integer): {e.Message}", e);
        }
    }

    public static Tensor Labels(long[] y) => Tensor.FromArray(y);
}

/// <summary>IMDB movie reviews (Maas et al.): 25,000 training and 25,000 test reviews as word-index sequences, labelled positive (1) or negative (0).</summary>
public static class Imdb
{
    internal static readonly KnownFile File = new("imdb.npz", null,
        "69664113be75683a8fe16e3ed0ab59fda8886cb3cd7ada244f7d9544e4676b9f", [HousingArchive.Mirror + "imdb.npz"], MaxSize: 64 << 20);

    // Keras publishes only an MD5 for the word index: the download is held to its size limit and the JSON reader's checks.
    internal static readonly KnownFile WordIndexFile = new("imdb_word_index.json", null, null, [HousingArchive.Mirror + "imdb_word_index.json"], MaxSize: 8 << 20);

    /// <summary>
    /// Loads ((xTrain, yTrain), (xTest, yTest)) with Keras's arguments and results: reviews as word-index sequences
    /// (words ranked by frequency, offset by <paramref name="indexFrom"/>, each starting with <paramref name="startChar"/>),
    /// shuffled by <paramref name="seed"/> exactly as Keras shuffles them; words outside [<paramref name="skipTop"/>,
    /// <paramref name="numWords"/>) become <paramref name="oovChar"/> (dropped when it is null); reviews of
    /// <paramref name="maxlen"/> words or more are left out. Labels are int64 tensors. Pad the sequences with
    /// <see cref="Utils.PadSequences"/>. The archive comes from <c>$KERASSHARP_HOME/datasets/imdb/</c> or is downloaded
    /// there and checked (SHA-256); <c>KERASSHARP_OFFLINE=1</c> switches downloads off.
    /// </summary>
    public static ((int[][] X, Tensor Y) Train, (int[][] X, Tensor Y) Test) Load(int? numWords = null, int skipTop = 0, int? maxlen = null,
        int seed = 113, int? startChar = 1, int? oovChar = 2, int indexFrom = 3) =>
        FromFile(KerasDatasetFile.Locate("imdb", File), numWords, skipTop, maxlen, seed, startChar, oovChar, indexFrom);

    internal static ((int[][] X, Tensor Y) Train, (int[][] X, Tensor Y) Test) FromFile(string path, int? numWords = null, int skipTop = 0,
        int? maxlen = null, int seed = 113, int? startChar = 1, int? oovChar = 2, int indexFrom = 3)
    {
        var train = TextSequences.ReadPair(path, "x_train", "y_train");
        var test = TextSequences.ReadPair(path, "x_test", "y_test");
        var rng = new NumpyRandomState((uint)seed);
        train = TextSequences.Permute(train, rng.Permutation(train.X.Length));
        test = TextSequences.Permute(test, rng.Permutation(test.X.Length));
        var xTrain = TextSequences.Offset(train.X, startChar, indexFrom);
        var xTest = TextSequences.Offset(test.X, startChar, indexFrom);
        long[] yTrain = train.Y, yTest = test.Y;
        if (maxlen is int m)
        {
            (xTrain, yTrain) = TextSequences.RemoveLong(m, xTrain, yTrain);
            (xTest, yTest) = TextSequences.RemoveLong(m, xTest, yTest);
            if (xTrain.Length == 0 || xTest.Length == 0)
                throw new ArgumentException($"Imdb: after leaving out sequences of maxlen={m} words or more, none was kept; increase maxlen.");
        }
        int words = numWords is int n && n > 0 ? n : TextSequences.MaxWord(xTrain.Concat(xTest));
        xTrain = TextSequences.Limit(xTrain, words, skipTop, oovChar);
        xTest = TextSequences.Limit(xTest, words, skipTop, oovChar);
        return ((xTrain, TextSequences.Labels(yTrain)), (xTest, TextSequences.Labels(yTest)));
    }

    /// <summary>The word index: word to its frequency rank (add <c>indexFrom</c> to match the sequences).</summary>
    public static Dictionary<string, int> GetWordIndex() => TextSequences.ReadWordIndex(KerasDatasetFile.Locate("imdb", WordIndexFile));
}

/// <summary>Reuters newswires: 11,228 newswires as word-index sequences, labelled with 46 topics.</summary>
public static class Reuters
{
    internal static readonly KnownFile File = new("reuters.npz", null,
        "d6586e694ee56d7a4e65172e12b3e987c03096cb01eab99753921ef915959916", [HousingArchive.Mirror + "reuters.npz"], MaxSize: 32 << 20);

    internal static readonly KnownFile WordIndexFile = new("reuters_word_index.json", null, null, [HousingArchive.Mirror + "reuters_word_index.json"], MaxSize: 8 << 20);

    /// <summary>The topic names, by label.</summary>
    public static readonly IReadOnlyList<string> LabelNames =
    [
        "cocoa", "grain", "veg-oil", "earn", "acq", "wheat", "copper", "housing", "money-supply", "coffee", "sugar", "trade",
        "reserves", "ship", "cotton", "carcass", "crude", "nat-gas", "cpi", "money-fx", "interest", "gnp", "meal-feed", "alum",
        "oilseed", "gold", "tin", "strategic-metal", "livestock", "retail", "ipi", "iron-steel", "rubber", "heat", "jobs", "lei",
        "bop", "zinc", "orange", "pet-chem", "dlr", "gas", "silver", "wpi", "hog", "lead",
    ];

    /// <summary>
    /// Loads ((xTrain, yTrain), (xTest, yTest)) as Keras does: all newswires shuffled by <paramref name="seed"/>, processed
    /// as <see cref="Imdb.Load"/> describes, then split with <paramref name="testSplit"/> of them for testing.
    /// </summary>
    public static ((int[][] X, Tensor Y) Train, (int[][] X, Tensor Y) Test) Load(int? numWords = null, int skipTop = 0, int? maxlen = null,
        double testSplit = 0.2, int seed = 113, int? startChar = 1, int? oovChar = 2, int indexFrom = 3) =>
        FromFile(KerasDatasetFile.Locate("reuters", File), numWords, skipTop, maxlen, testSplit, seed, startChar, oovChar, indexFrom);

    internal static ((int[][] X, Tensor Y) Train, (int[][] X, Tensor Y) Test) FromFile(string path, int? numWords = null, int skipTop = 0,
        int? maxlen = null, double testSplit = 0.2, int seed = 113, int? startChar = 1, int? oovChar = 2, int indexFrom = 3)
    {
        if (!(testSplit >= 0 && testSplit <= 1)) throw new ArgumentOutOfRangeException(nameof(testSplit), $"Reuters: testSplit must be in [0, 1], got {testSplit}.");
        var data = TextSequences.ReadPair(path, "x", "y");
        data = TextSequences.Permute(data, new NumpyRandomState((uint)seed).Permutation(data.X.Length));
        var xs = TextSequences.Offset(data.X, startChar, indexFrom);
        var ys = data.Y;
        if (maxlen is int m) (xs, ys) = TextSequences.RemoveLong(m, xs, ys);
        int words = numWords is int n && n > 0 ? n : TextSequences.MaxWord(xs);
        xs = TextSequences.Limit(xs, words, skipTop, oovChar);
        int idx = (int)(xs.Length * (1 - testSplit));
        return ((xs[..idx], TextSequences.Labels(ys[..idx])), (xs[idx..], TextSequences.Labels(ys[idx..])));
    }

    /// <summary>The word index: word to its frequency rank (add <c>indexFrom</c> to match the sequences).</summary>
    public static Dictionary<string, int> GetWordIndex() => TextSequences.ReadWordIndex(KerasDatasetFile.Locate("reuters", WordIndexFile));
}
