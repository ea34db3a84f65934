using System.Text;
using System.Text.RegularExpressions;
using KerasSharp.Data;

namespace KerasSharp.Layers;

/// <summary>
/// Turns strings into token indices or bag-of-words vectors (Keras's TextVectorization): each string is standardized
/// (<see cref="StandardizeMode"/>: "lower_and_strip_punctuation", "lower", "strip_punctuation", null, or a function), split
/// (<see cref="SplitMode"/>: "whitespace", "character", null, or a function), optionally extended with n-grams (joined by a
/// space), then looked up in a vocabulary whose index 0 is the padding "" (int output) and 1 the OOV "[UNK]".
/// "int" output is int64 [batch, length] (padded with 0 to <see cref="OutputSequenceLength"/> or to the longest string
/// of the batch, truncated past it); "multi_hot", "count" and "tf_idf" give float32 [batch, vocabulary size].
/// Takes string tensors of shape (batch,) or (batch, 1). The vocabulary is given or learned by <c>Adapt</c>, and is
/// saved as the vocabulary.txt asset (in the config when it was given).
/// </summary>
/// <example><code>
/// var vectorize = new TextVectorization(outputSequenceLength: 4);
/// vectorize.Adapt(["foo bar", "bar baz", "baz bada boom"]);
/// vectorize.Apply(Tensor.FromStrings(["foo qux bar", "qux baz"]));   // [[4, 1, 3, 0], [1, 2, 0, 0]]
/// </code></example>
public sealed class TextVectorization : Layer, ILayerAssets
{
    private static readonly Regex Punctuation = new("""[!"#$%&()\*\+,\-\./:;<=>?@\[\\\]^_`{|}~']""", RegexOptions.Compiled | RegexOptions.CultureInvariant);
    private readonly TokenIndex<string> _index;
    private readonly Func<string, string>? _standardizeFunction;
    private readonly Func<string, IEnumerable<string>>? _splitFunction;
    private readonly string[]? _givenVocabulary;
    private readonly double[]? _givenIdf;
    private readonly int[] _ngramWidths;

    /// <summary>Creates the layer; give <paramref name="vocabulary"/> or call Adapt.</summary>
    /// <param name="maxTokens">Most vocabulary entries, the padding and OOV entries included; null for no limit.</param>
    /// <param name="standardize">"lower_and_strip_punctuation", "lower", "strip_punctuation" or null (none).</param>
    /// <param name="split">"whitespace", "character" or null (the whole string is one token).</param>
    /// <param name="ngrams">Widths of the n-grams to add: [n] alone means 1..n, several mean those widths; null for tokens only.</param>
    /// <param name="outputMode">"int", "multi_hot", "count" or "tf_idf".</param>
    /// <param name="outputSequenceLength">Int output only: pad or truncate every row to this length.</param>
    /// <param name="padToMaxTokens">Non-int outputs are <paramref name="maxTokens"/> wide.</param>
    /// <param name="vocabulary">The vocabulary (the special tokens may lead it); kept in the config.</param>
    /// <param name="idfWeights">"tf_idf" with a given vocabulary: one weight per token.</param>
    /// <param name="sparse">Must be false.</param>
    /// <param name="ragged">Must be false.</param>
    /// <param name="encoding">Must be "utf-8".</param>
    /// <param name="standardizeFunction">A custom standardization (replaces <paramref name="standardize"/>; such a layer cannot be saved).</param>
    /// <param name="splitFunction">A custom split (replaces <paramref name="split"/>; such a layer cannot be saved).</param>
    /// <param name="name">The layer's name.</param>
    public TextVectorization(int? maxTokens = null, string? standardize = "lower_and_strip_punctuation", string? split = "whitespace", int[]? ngrams = null,
        string outputMode = "int", int? outputSequenceLength = null, bool padToMaxTokens = false, string[]? vocabulary = null, double[]? idfWeights = null,
        bool sparse = false, bool ragged = false, string encoding = "utf-8",
        Func<string, string>? standardizeFunction = null, Func<string, IEnumerable<string>>? splitFunction = null, string? name = null) : base(name)
    {
        if (standardize is not (null or "lower_and_strip_punctuation" or "lower" or "strip_punctuation"))
            throw new ArgumentException($"TextVectorization: standardize must be \"lower_and_strip_punctuation\", \"lower\", \"strip_punctuation\" or null (or pass standardizeFunction), got \"{standardize}\".");
        if (split is not (null or "whitespace" or "character"))
            throw new ArgumentException($"TextVectorization: split must be \"whitespace\", \"character\" or null (or pass splitFunction), got \"{split}\".");
        if (outputMode is not ("int" or "multi_hot" or "count" or "tf_idf"))
            throw new ArgumentException($"TextVectorization: outputMode must be \"int\", \"multi_hot\", \"count\" or \"tf_idf\", got \"{outputMode}\".");
        if (outputSequenceLength is not null && outputMode != "int")
            throw new ArgumentException($"TextVectorization: outputSequenceLength is only for outputMode \"int\", got \"{outputMode}\".");
        if (outputSequenceLength is < 1) throw new ArgumentException($"TextVectorization: outputSequenceLength must be positive, got {outputSequenceLength}.");
        if (ngrams is not null && (ngrams.Length == 0 || ngrams.Any(n => n < 1)))
            throw new ArgumentException($"TextVectorization: ngrams must be positive widths, got [{string.Join(", ", ngrams)}].");
        if (sparse || ragged) throw new ArgumentException("TextVectorization: sparse and ragged outputs are not supported; use sparse: false, ragged: false.");
        if (!string.Equals(encoding, "utf-8", StringComparison.OrdinalIgnoreCase))
            throw new ArgumentException($"TextVectorization: only the \"utf-8\" encoding is supported, got \"{encoding}\".");
        StandardizeMode = standardizeFunction is null ? standardize : null;
        SplitMode = splitFunction is null ? split : null;
        _standardizeFunction = standardizeFunction;
        _splitFunction = splitFunction;
        Ngrams = ngrams?.ToArray();
        _ngramWidths = ngrams is null ? [] : ngrams.Length == 1 ? [.. Enumerable.Range(1, ngrams[0])] : [.. ngrams];
        OutputSequenceLength = outputSequenceLength;
        _index = new TokenIndex<string>("TextVectorization", maxTokens, 1, true, "", "[UNK]", outputMode, padToMaxTokens,
            (t, n) => (long)(FarmHash.Fingerprint64(Encoding.UTF8.GetBytes(t)) % (ulong)n), TokenIndex<string>.Utf8Order);
        _givenVocabulary = vocabulary?.ToArray();
        _givenIdf = idfWeights?.ToArray();
        if (vocabulary is not null) _index.Set(vocabulary, idfWeights);
        else if (idfWeights is not null) throw new ArgumentException("TextVectorization: idfWeights need a vocabulary.");
    }

    /// <summary>Most vocabulary entries (special ones included), or null.</summary>
    public int? MaxTokens => _index.MaxTokens;

    /// <summary>The built-in standardization, or null (none, or a custom function).</summary>
    public string? StandardizeMode { get; }

    /// <summary>The built-in split, or null (none, or a custom function).</summary>
    public string? SplitMode { get; }

    /// <summary>The n-gram argument as given.</summary>
    public int[]? Ngrams { get; }

    /// <summary>"int", "multi_hot", "count" or "tf_idf".</summary>
    public string OutputMode => _index.OutputMode;

    /// <summary>The padded length of int output, or null for the longest row of each batch.</summary>
    public int? OutputSequenceLength { get; }

    /// <summary>Whether non-int outputs are <see cref="MaxTokens"/> wide.</summary>
    public bool PadToMaxTokens => _index.PadToMaxTokens;

    /// <summary>The vocabulary: "" and "[UNK]" first in int output ("[UNK]" first otherwise), unless <paramref name="includeSpecialTokens"/> is false.</summary>
    public string[] GetVocabulary(bool includeSpecialTokens = true) => [.. _index.Vocabulary(includeSpecialTokens)];

    /// <summary>Entries of the vocabulary, special ones included.</summary>
    public int VocabularySize() => _index.Size;

    /// <summary>Replaces the vocabulary (and the idf weights for "tf_idf").</summary>
    public void SetVocabulary(string[] vocabulary, double[]? idfWeights = null) => _index.Set(vocabulary, idfWeights);

    /// <summary>The tokens of one string after standardizing, splitting and n-grams.</summary>
    public string[] Tokenize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string s = _standardizeFunction is not null ? _standardizeFunction(text) : StandardizeMode switch
        {
            "lower_and_strip_punctuation" => Punctuation.Replace(text.ToLowerInvariant(), ""),
            "lower" => text.ToLowerInvariant(),
            "strip_punctuation" => Punctuation.Replace(text, ""),
            _ => text,
        };
        string[] tokens = _splitFunction is not null ? [.. _splitFunction(s)] : SplitMode switch
        {
            "whitespace" => s.Split([' ', '\t', '\n', '\r', '\v', '\f'], StringSplitOptions.RemoveEmptyEntries),
            "character" => [.. s.EnumerateRunes().Select(r => r.ToString())],
            _ => [s],
        };
        if (_ngramWidths.Length == 0) return tokens;
        var grams = new List<string>();
        foreach (int n in _ngramWidths)
            for (int i = 0; i + n <= tokens.Length; i++) grams.Add(string.Join(' ', tokens, i, n));
        return [.. grams];
    }

    /// <summary>Learns the vocabulary from strings (each one a document).</summary>
    public void Adapt(string[] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        _index.Adapt(data.Select(Tokenize));
    }

    /// <summary>Learns the vocabulary from a string tensor (each element one document).</summary>
    public void Adapt(Tensor data) => Adapt(Strings(data));

    /// <summary>Learns the vocabulary from the inputs of every batch of <paramref name="data"/> (a Dataset of strings).</summary>
    public void Adapt(IBatchSource data)
    {
        ArgumentNullException.ThrowIfNull(data);
        _index.Adapt(Documents(data));
    }

    private IEnumerable<string[]> Documents(IBatchSource data)
    {
        using var batches = data.GetBatches();
        while (batches.MoveNext())
        {
            using var batch = batches.Current;
            foreach (var s in Strings(batch.X[0])) yield return Tokenize(s);
        }
    }

    private string[] Strings(Tensor inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (inputs.DType != DType.String)
            throw new ArgumentException($"Layer '{Name}': TextVectorization takes string tensors (Tensor.FromStrings, Input(dtype: DType.String)), received {inputs.DType.Name()}.");
        if (inputs.Rank > 2 || (inputs.Rank == 2 && inputs.Shape[1] != 1))
            throw new ArgumentException($"Layer '{Name}': TextVectorization takes one string per sample, shape (batch,) or (batch, 1), received shape {ShapeText.Format(inputs.Shape)}.");
        return inputs.ToStrings();
    }

    /// <inheritdoc/>
    public override Tensor Call(Tensor inputs, bool training)
    {
        if (!_index.HasVocabulary) throw new InvalidOperationException($"Layer '{Name}': no vocabulary; pass one to the constructor or call Adapt first.");
        var texts = Strings(inputs);
        var rows = texts.Select(t => Tokenize(t).Select(_index.IndexOf).ToArray()).ToArray();
        if (OutputMode != "int")
        {
            // Rows of different lengths: encode each row, as the ragged tensor Keras encodes.
            int depth = _index.Depth;
            var all = new List<float>(rows.Length * depth);
            foreach (var r in rows)
            {
                using var one = _index.Encode(r, [1, r.Length], Backend.Current);
                all.AddRange(one.ToArray<float>());
            }
            return Backend.Current.FromHost(all.ToArray(), new Shape(rows.Length, depth), DType.Float32, Device.Default);
        }
        int length = OutputSequenceLength ?? (rows.Length == 0 ? 0 : rows.Max(r => r.Length));
        var padded = new long[rows.Length * length];
        for (int i = 0; i < rows.Length; i++) Array.Copy(rows[i], 0, padded, i * length, Math.Min(length, rows[i].Length));
        return Backend.Current.FromHost(padded, new Shape(rows.Length, length), DType.Int64, Device.Default);
    }

    /// <inheritdoc/>
    public override int?[] ComputeOutputShape(int?[] inputShape)
    {
        int? batch = inputShape.Length > 0 ? inputShape[0] : null;
        if (OutputMode == "int") return [batch, OutputSequenceLength];
        return [batch, _index.HasVocabulary || PadToMaxTokens ? _index.Depth : null];
    }

    /// <inheritdoc/>
    protected override DType ComputeOutputDType(IReadOnlyList<DType> inputDTypes) => OutputMode == "int" ? DType.Int64 : DType.Float32;

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        if (_standardizeFunction is not null || _splitFunction is not null)
            throw new InvalidOperationException($"Layer '{Name}': a TextVectorization with a C# standardize or split function cannot be saved; use the built-in modes, or rebuild the layer in code and load only its vocabulary (SetVocabulary).");
        var c = base.GetConfig();
        c["max_tokens"] = MaxTokens;
        c["standardize"] = StandardizeMode;
        c["split"] = SplitMode;
        c["ngrams"] = Ngrams;
        c["output_mode"] = OutputMode;
        c["output_sequence_length"] = OutputSequenceLength;
        c["pad_to_max_tokens"] = PadToMaxTokens;
        c["vocabulary"] = _givenVocabulary;
        c["idf_weights"] = _givenIdf;
        c["sparse"] = false;
        c["ragged"] = false;
        c["encoding"] = "utf-8";
        return c;
    }

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, string> SaveAssets()
    {
        if (_givenVocabulary is not null || !_index.HasVocabulary) return new Dictionary<string, string>();
        var files = new Dictionary<string, string> { ["vocabulary.txt"] = _index.VocabularyText(t => t) };
        if (_index.IdfWeights is { } idf) files["idf_weights.txt"] = TokenIndex<string>.IdfText(idf);
        return files;
    }

    /// <inheritdoc/>
    public void LoadAssets(IReadOnlyDictionary<string, string> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        if (!files.TryGetValue("vocabulary.txt", out var text)) return;
        var idf = files.TryGetValue("idf_weights.txt", out var idfText)
            ? TokenIndex<string>.Lines(idfText).Select(l => double.Parse(l, System.Globalization.CultureInfo.InvariantCulture)).ToArray() : null;
        _index.Set(TokenIndex<string>.Lines(text), idf);
    }
}
