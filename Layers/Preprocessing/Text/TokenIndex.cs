using System.Globalization;
using System.Text;

namespace KerasSharp.Layers;

/// <summary>
/// The vocabulary logic of Keras's IndexLookup, shared by StringLookup, IntegerLookup and TextVectorization: the
/// index space is [mask token (int output only)] + [OOV buckets] + learned or given tokens; adapting counts tokens and
/// orders them by count, then by token, both descending (Keras's order); tf-idf weights are
/// log(1 + documents / (1 + documents containing the token)), the OOV bucket's being their mean.
/// </summary>
internal sealed class TokenIndex<T> where T : notnull
{
    private readonly string _layer;
    private readonly Func<T, int, long> _oovBucket;
    private readonly Comparison<T> _order;
    private List<T> _tokens = [];
    private Dictionary<T, long> _index = [];
    private double[]? _idf;    // per learned token

    public TokenIndex(string layer, int? maxTokens, int numOovIndices, bool hasMaskToken, T maskToken, T oovToken, string outputMode, bool padToMaxTokens,
                      Func<T, int, long> oovBucket, Comparison<T> order)
    {
        _layer = layer;
        if (maxTokens is < 1) throw new ArgumentException($"{layer}: maxTokens must be at least 1 or null, got {maxTokens}.");
        if (numOovIndices < 0) throw new ArgumentException($"{layer}: numOovIndices must be >= 0, got {numOovIndices}.");
        if (outputMode is not ("int" or "one_hot" or "multi_hot" or "count" or "tf_idf"))
            throw new ArgumentException($"{layer}: outputMode must be \"int\", \"one_hot\", \"multi_hot\", \"count\" or \"tf_idf\", got \"{outputMode}\".");
        if (padToMaxTokens && maxTokens is null) throw new ArgumentException($"{layer}: padToMaxTokens needs maxTokens.");
        MaxTokens = maxTokens;
        NumOovIndices = numOovIndices;
        HasMaskToken = hasMaskToken;
        MaskToken = maskToken;
        OovToken = oovToken;
        OutputMode = outputMode;
        PadToMaxTokens = padToMaxTokens;
        _oovBucket = oovBucket;
        _order = order;
    }

    public int? MaxTokens { get; }
    public int NumOovIndices { get; }
    public bool HasMaskToken { get; }
    public T MaskToken { get; }
    public T OovToken { get; }
    public string OutputMode { get; }
    public bool PadToMaxTokens { get; }

    /// <summary>True once a vocabulary was set or adapted.</summary>
    public bool HasVocabulary { get; private set; }

    private bool HasMask => HasMaskToken && OutputMode == "int";

    /// <summary>Index of the first OOV bucket.</summary>
    public int OovStart => HasMask ? 1 : 0;

    /// <summary>Index of the first real token.</summary>
    public int TokenStart => OovStart + NumOovIndices;

    /// <summary>The whole index space: special tokens, then the tokens.</summary>
    public List<T> Vocabulary(bool includeSpecialTokens = true)
    {
        var v = new List<T>();
        if (includeSpecialTokens)
        {
            if (HasMask) v.Add(MaskToken);
            for (int i = 0; i < NumOovIndices; i++) v.Add(OovToken);
        }
        v.AddRange(_tokens);
        return v;
    }

    /// <summary>Entries of the index space (special tokens included).</summary>
    public int Size => TokenStart + _tokens.Count;

    /// <summary>Width of multi_hot/count/tf_idf/one_hot outputs.</summary>
    public int Depth => PadToMaxTokens ? MaxTokens!.Value : Size;

    /// <summary>
    /// Sets the vocabulary: the tokens, optionally preceded by the special tokens exactly as <see cref="Vocabulary"/>
    /// lists them (those are stripped); special tokens elsewhere, repeats, or more than maxTokens fail.
    /// </summary>
    public void Set(IReadOnlyList<T> vocabulary, double[]? idfWeights)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        var tokens = vocabulary.ToList();
        int skip = 0;
        if (HasMask && tokens.Count > 0 && Equals(tokens[0], MaskToken)) skip = 1;
        int oovs = 0;
        while (oovs < NumOovIndices && skip + oovs < tokens.Count && Equals(tokens[skip + oovs], OovToken)) oovs++;
        if (oovs == NumOovIndices) skip += oovs;
        else if (skip == 1) throw new ArgumentException($"{_layer}: the vocabulary starts with the mask token but not with the {NumOovIndices} OOV token(s) that follow it in the index space.");
        tokens = tokens.Skip(skip).ToList();
        var index = new Dictionary<T, long>();
        for (int i = 0; i < tokens.Count; i++)
        {
            var t = tokens[i];
            if (HasMask && Equals(t, MaskToken)) throw new ArgumentException($"{_layer}: the mask token {Show(t)} is in the vocabulary at position {i + skip}; it may only come first.");
            if (NumOovIndices > 0 && Equals(t, OovToken)) throw new ArgumentException($"{_layer}: the OOV token {Show(t)} is in the vocabulary at position {i + skip}; it may only come at the start.");
            if (!index.TryAdd(t, TokenStart + i)) throw new ArgumentException($"{_layer}: the vocabulary has the token {Show(t)} twice.");
        }
        if (MaxTokens is int max && TokenStart + tokens.Count > max)
            throw new ArgumentException($"{_layer}: the vocabulary has {TokenStart + tokens.Count} entries with the special tokens, more than maxTokens ({max}).");
        if (OutputMode == "tf_idf")
        {
            if (idfWeights is null) throw new ArgumentException($"{_layer}: outputMode \"tf_idf\" needs idfWeights with the vocabulary (or call Adapt).");
            // Weights may cover the special tokens too (as Keras's get-then-set does) or only the tokens.
            if (idfWeights.Length == tokens.Count + skip) idfWeights = idfWeights[skip..];
            if (idfWeights.Length != tokens.Count)
                throw new ArgumentException($"{_layer}: {idfWeights.Length} idf weights for {tokens.Count} tokens; give one per token.");
        }
        else if (idfWeights is not null) throw new ArgumentException($"{_layer}: idfWeights are only for outputMode \"tf_idf\".");
        _tokens = tokens;
        _index = index;
        _idf = idfWeights?.ToArray();
        HasVocabulary = true;
    }

    /// <summary>Learns the vocabulary from <paramref name="documents"/> (each a list of tokens).</summary>
    public void Adapt(IEnumerable<IEnumerable<T>> documents)
    {
        var counts = new Dictionary<T, long>();
        var docCounts = new Dictionary<T, long>();
        long docs = 0;
        foreach (var doc in documents)
        {
            docs++;
            var seen = new HashSet<T>();
            foreach (var t in doc)
            {
                if (HasMaskToken && Equals(t, MaskToken)) continue;
                if (NumOovIndices > 0 && Equals(t, OovToken)) continue;
                counts[t] = counts.GetValueOrDefault(t) + 1;
                if (seen.Add(t)) docCounts[t] = docCounts.GetValueOrDefault(t) + 1;
            }
        }
        var ordered = counts.Keys.ToList();
        ordered.Sort((a, b) => counts[a] != counts[b] ? counts[b].CompareTo(counts[a]) : _order(b, a));
        if (MaxTokens is int max) ordered = ordered.Take(Math.Max(0, max - TokenStart)).ToList();
        double[]? idf = OutputMode == "tf_idf" ? ordered.Select(t => Math.Log(1 + docs / (1.0 + docCounts[t]))).ToArray() : null;
        Set(ordered, idf);
    }

    /// <summary>The index of one token (OOV tokens hash into the buckets; with no buckets they fail).</summary>
    public long IndexOf(T token)
    {
        if (HasMask && Equals(token, MaskToken)) return 0;
        if (_index.TryGetValue(token, out var i)) return i;
        if (HasMaskToken && Equals(token, MaskToken)) return -1;   // non-int modes: the mask adds nothing
        if (NumOovIndices == 0) throw new ArgumentException($"{_layer}: {Show(token)} is not in the vocabulary and numOovIndices is 0.");
        return OovStart + (NumOovIndices == 1 ? 0 : _oovBucket(token, NumOovIndices));
    }

    /// <summary>The token at an index (out-of-range indices give the OOV token).</summary>
    public T TokenAt(long index)
    {
        if (HasMask && index == 0) return MaskToken;
        long t = index - TokenStart;
        return t >= 0 && t < _tokens.Count ? _tokens[(int)t] : OovToken;
    }

    /// <summary>The idf weight of each output column (tf_idf).</summary>
    public float[] IdfColumns()
    {
        var idf = _idf ?? throw new InvalidOperationException($"{_layer}: no idf weights.");
        var cols = new float[Depth];
        double oov = idf.Length == 0 ? 0 : idf.Average();
        for (int i = 0; i < NumOovIndices; i++) cols[OovStart + i] = (float)oov;
        for (int i = 0; i < idf.Length; i++) cols[TokenStart + i] = (float)idf[i];
        return cols;
    }

    /// <summary>The idf weights of the tokens, or null.</summary>
    public double[]? IdfWeights => _idf?.ToArray();

    /// <summary>
    /// Encodes index rows: "int" gives the indices as they are; "one_hot" needs one index per sample; the others sum
    /// (multi_hot: presence, count: occurrences, tf_idf: occurrences times idf) into [rows, depth] float32.
    /// </summary>
    public Tensor Encode(long[] indices, int[] shape, Backends.IBackend backend)
    {
        if (OutputMode == "int") return backend.FromHost(indices, new Shape(shape), DType.Int64, Device.Default);
        int rows = shape.Length == 0 ? 1 : shape[0];
        int per = rows == 0 ? 0 : indices.Length / rows;
        if (OutputMode == "one_hot" && shape.Length > 1 && shape[^1] != 1)
            throw new ArgumentException($"{_layer}: outputMode \"one_hot\" takes one token per sample (shape (batch,) or (batch, 1)), received shape ({string.Join(", ", shape)}); use \"multi_hot\" for several.");
        int depth = Depth;
        var result = new float[rows * depth];
        for (int r = 0; r < rows; r++)
            for (int k = 0; k < per; k++)
            {
                long i = indices[r * per + k];
                if (i < 0) continue;
                if (i >= depth) throw new ArgumentException($"{_layer}: index {i} is outside the output width {depth}.");
                int at = r * depth + (int)i;
                result[at] = OutputMode is "multi_hot" or "one_hot" ? 1 : result[at] + 1;
            }
        if (OutputMode == "tf_idf")
        {
            var cols = IdfColumns();
            for (int r = 0; r < rows; r++) for (int c = 0; c < depth; c++) result[r * depth + c] *= cols[c];
        }
        int[] outShape = shape.Length == 0 ? [depth] : [rows, depth];
        return backend.FromHost(result, new Shape(outShape), DType.Float32, Device.Default);
    }

    /// <summary>The vocabulary.txt text Keras writes: every entry, special tokens first, one per line.</summary>
    public string VocabularyText(Func<T, string> format) => string.Join("\n", Vocabulary().Select(format));

    /// <summary>Reads a vocabulary.txt (as written by <see cref="VocabularyText"/> or by Keras).</summary>
    public static List<string> Lines(string text) => text.Length == 0 ? [] : [.. text.Replace("\r\n", "\n").Split('\n')];

    /// <summary>idf weights as text, one per line (round-trip format).</summary>
    public static string IdfText(double[] idf) => string.Join("\n", idf.Select(v => v.ToString("R", CultureInfo.InvariantCulture)));

    private static string Show(T t) => t is string s ? $"\"{s}\"" : Convert.ToString(t, CultureInfo.InvariantCulture)!;

    /// <summary>Orders UTF-8 byte strings as NumPy sorts bytes (Keras's tie order).</summary>
    public static int Utf8Order(string a, string b) => Encoding.UTF8.GetBytes(a).AsSpan().SequenceCompareTo(Encoding.UTF8.GetBytes(b));
}
