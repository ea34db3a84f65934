using KerasSharp.Data;

namespace KerasSharp.Layers;

/// <summary>
/// The shared part of <see cref="StringLookup"/> and <see cref="IntegerLookup"/> (Keras's IndexLookup): maps tokens to
/// indices in [mask token (int output only)] + [<see cref="NumOovIndices"/> OOV buckets] + the vocabulary, or back with
/// <see cref="Invert"/>, and encodes them as "int", "one_hot", "multi_hot", "count" or "tf_idf". The vocabulary is given
/// (kept in the config) or learned by <c>Adapt</c> (saved as the asset vocabulary.txt, as Keras does).
/// </summary>
public abstract class IndexLookup<T> : Layer, ILayerAssets where T : notnull
{
    private protected readonly TokenIndex<T> Index;
    private readonly T[]? _givenVocabulary;
    private readonly double[]? _givenIdf;

    private protected IndexLookup(string layer, int? maxTokens, int numOovIndices, bool hasMaskToken, T maskToken, T oovToken, T[]? vocabulary, double[]? idfWeights,
        bool invert, string outputMode, bool padToMaxTokens, bool sparse, Func<T, int, long> oovBucket, Comparison<T> order, string? name) : base(name)
    {
        if (sparse) throw new ArgumentException($"{layer}: sparse outputs are not supported; use sparse: false.");
        Index = new TokenIndex<T>(layer, maxTokens, numOovIndices, hasMaskToken, maskToken, oovToken, outputMode, padToMaxTokens, oovBucket, order);
        if (invert && outputMode != "int") throw new ArgumentException($"{layer}: invert needs outputMode \"int\", got \"{outputMode}\".");
        Invert = invert;
        _givenVocabulary = vocabulary?.ToArray();
        _givenIdf = idfWeights?.ToArray();
        if (vocabulary is not null) Index.Set(vocabulary, idfWeights);
        else if (idfWeights is not null) throw new ArgumentException($"{layer}: idfWeights need a vocabulary.");
    }

    /// <summary>Most entries of the index space (special tokens included), or null for no limit.</summary>
    public int? MaxTokens => Index.MaxTokens;

    /// <summary>OOV buckets (unknown tokens hash into them); 0 makes unknown tokens an error.</summary>
    public int NumOovIndices => Index.NumOovIndices;

    /// <summary>The token that <see cref="Invert"/> gives for OOV indices.</summary>
    public T OovToken => Index.OovToken;

    /// <summary>Maps indices back to tokens.</summary>
    public bool Invert { get; }

    /// <summary>"int", "one_hot", "multi_hot", "count" or "tf_idf".</summary>
    public string OutputMode => Index.OutputMode;

    /// <summary>Whether non-int outputs are <see cref="MaxTokens"/> wide whatever the vocabulary's size.</summary>
    public bool PadToMaxTokens => Index.PadToMaxTokens;

    /// <summary>The vocabulary given at construction (null when it is learned by Adapt).</summary>
    public T[]? GivenVocabulary => _givenVocabulary?.ToArray();

    /// <summary>The index space: the special tokens (unless <paramref name="includeSpecialTokens"/> is false), then the tokens.</summary>
    public T[] GetVocabulary(bool includeSpecialTokens = true) => [.. Index.Vocabulary(includeSpecialTokens)];

    /// <summary>Entries of the index space.</summary>
    public int VocabularySize() => Index.Size;

    /// <summary>Replaces the vocabulary (and the idf weights for "tf_idf"); the special tokens may lead it, as <see cref="GetVocabulary"/> lists them.</summary>
    public void SetVocabulary(T[] vocabulary, double[]? idfWeights = null) => Index.Set(vocabulary, idfWeights);

    /// <summary>Learns the vocabulary from a tensor: each row (each element of a 1-D tensor) is one document.</summary>
    public void Adapt(Tensor data) => Index.Adapt(Documents(data));

    /// <summary>Learns the vocabulary from the inputs of every batch of <paramref name="data"/> (a Dataset).</summary>
    public void Adapt(IBatchSource data)
    {
        ArgumentNullException.ThrowIfNull(data);
        Index.Adapt(FromBatches(data));
    }

    private IEnumerable<IEnumerable<T>> FromBatches(IBatchSource data)
    {
        using var batches = data.GetBatches();
        while (batches.MoveNext())
        {
            using var batch = batches.Current;
            foreach (var doc in Documents(batch.X[0])) yield return doc;
        }
    }

    private List<T[]> Documents(Tensor data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var tokens = Read(data);
        int rows = data.Rank == 0 ? 1 : data.Shape[0];
        int per = rows == 0 ? 0 : tokens.Length / rows;
        return [.. Enumerable.Range(0, rows).Select(r => tokens[(r * per)..((r + 1) * per)])];
    }

    /// <summary>The tokens of an input tensor, row-major (checks the dtype, naming the layer).</summary>
    private protected abstract T[] Read(Tensor inputs);

    /// <summary>A tensor of tokens (the inverse lookup's output).</summary>
    private protected abstract Tensor Tokens(T[] tokens, int[] shape);

    /// <summary>The token as vocabulary.txt writes it.</summary>
    private protected abstract string Format(T token);

    /// <summary>The token read back from vocabulary.txt.</summary>
    private protected abstract T Parse(string text);

    /// <inheritdoc/>
    public override Tensor Call(Tensor inputs, bool training)
    {
        if (!Index.HasVocabulary) throw new InvalidOperationException($"Layer '{Name}': no vocabulary; pass one to the constructor or call Adapt first.");
        var shape = inputs.Shape.ToArray();
        if (Invert)
        {
            if (!inputs.DType.IsInteger()) throw new ArgumentException($"Layer '{Name}': invert takes integer indices, received {inputs.DType.Name()}.");
            return Tokens([.. inputs.ToArray<long>().Select(Index.TokenAt)], shape);
        }
        var indices = Read(inputs).Select(Index.IndexOf).ToArray();
        return Index.Encode(indices, shape, Backend.Current);
    }

    /// <inheritdoc/>
    public override int?[] ComputeOutputShape(int?[] inputShape)
    {
        if (Invert || OutputMode == "int") return inputShape;
        int? depth = Index.HasVocabulary || PadToMaxTokens ? Index.Depth : null;
        if (OutputMode == "one_hot" && inputShape.Length > 1 && inputShape[^1] == 1) return [.. inputShape[..^1], depth];
        return inputShape.Length <= 1 ? [.. inputShape, depth] : [inputShape[0], depth];
    }

    /// <inheritdoc/>
    protected override DType ComputeOutputDType(IReadOnlyList<DType> inputDTypes) =>
        Invert ? InvertedDType : OutputMode == "int" ? DType.Int64 : DType.Float32;

    private protected abstract DType InvertedDType { get; }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var c = base.GetConfig();
        c["max_tokens"] = MaxTokens;
        c["num_oov_indices"] = NumOovIndices;
        c["mask_token"] = Index.HasMaskToken ? Index.MaskToken : null;
        c["oov_token"] = OovToken;
        c["vocabulary"] = _givenVocabulary;
        c["idf_weights"] = _givenIdf;
        c["invert"] = Invert;
        c["output_mode"] = OutputMode;
        c["pad_to_max_tokens"] = PadToMaxTokens;
        c["sparse"] = false;
        return c;
    }

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, string> SaveAssets()
    {
        if (_givenVocabulary is not null || !Index.HasVocabulary) return new Dictionary<string, string>();
        var files = new Dictionary<string, string> { ["vocabulary.txt"] = Index.VocabularyText(Format) };
        if (Index.IdfWeights is { } idf) files["idf_weights.txt"] = TokenIndex<T>.IdfText(idf);
        return files;
    }

    /// <inheritdoc/>
    public void LoadAssets(IReadOnlyDictionary<string, string> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        if (!files.TryGetValue("vocabulary.txt", out var text)) return;
        var idf = files.TryGetValue("idf_weights.txt", out var idfText)
            ? TokenIndex<T>.Lines(idfText).Select(l => double.Parse(l, System.Globalization.CultureInfo.InvariantCulture)).ToArray() : null;
        Index.Set([.. TokenIndex<T>.Lines(text).Select(Parse)], idf);
    }
}
