using System.Globalization;

namespace KerasSharp.Layers;

/// <summary>
/// Maps integers to indices (Keras's IntegerLookup): index 0 is the mask token when one is set ("int" output only),
/// then <see cref="IndexLookup{T}.NumOovIndices"/> buckets for unknown values (several buckets: the value modulo their
/// number), then the vocabulary. With <c>invert</c>, maps indices back to the values.
/// </summary>
/// <example><code>
/// var lookup = new IntegerLookup(vocabulary: [12, 36, 1138, 42]);
/// lookup.Apply(Tensor.FromArray(new long[] { 12, 1138, 42, 42, 1000, 36 }, 2, 3));   // [[1, 3, 4], [4, 0, 2]]
/// </code></example>
public sealed class IntegerLookup : IndexLookup<long>
{
    /// <summary>Creates the layer; give <paramref name="vocabulary"/> or call Adapt.</summary>
    public IntegerLookup(int? maxTokens = null, int numOovIndices = 1, long? maskToken = null, long oovToken = -1, long[]? vocabulary = null,
        string vocabularyDtype = "int64", double[]? idfWeights = null, bool invert = false, string outputMode = "int", bool sparse = false,
        bool padToMaxTokens = false, string? name = null)
        : base("IntegerLookup", maxTokens, numOovIndices, maskToken is not null, maskToken ?? 0, oovToken, vocabulary, idfWeights, invert,
               outputMode, padToMaxTokens, sparse, (t, n) => ((t % n) + n) % n, (a, b) => a.CompareTo(b), name)
    {
        if (vocabularyDtype is not ("int64" or "int32"))
            throw new ArgumentException($"IntegerLookup: vocabularyDtype must be \"int64\" or \"int32\", got \"{vocabularyDtype}\".");
        VocabularyDtype = vocabularyDtype;
        MaskToken = maskToken;
    }

    /// <summary>The value that maps to index 0 in "int" output, or null for none.</summary>
    public long? MaskToken { get; }

    /// <summary>"int64" or "int32": the dtype of inverted outputs.</summary>
    public string VocabularyDtype { get; }

    private protected override long[] Read(Tensor inputs) => inputs.DType.IsInteger() ? inputs.ToArray<long>()
        : throw new ArgumentException($"Layer '{Name}': IntegerLookup takes integer tensors, received {inputs.DType.Name()}.");

    private protected override Tensor Tokens(long[] tokens, int[] shape)
    {
        var t = Backend.Current.FromHost(tokens, new Shape(shape), DType.Int64, Device.Default);
        return VocabularyDtype == "int32" ? Ops.Cast(t, DType.Int32) : t;
    }

    private protected override string Format(long token) => token.ToString(CultureInfo.InvariantCulture);

    private protected override long Parse(string text) => long.Parse(text, CultureInfo.InvariantCulture);

    private protected override DType InvertedDType => VocabularyDtype == "int32" ? DType.Int32 : DType.Int64;

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var c = base.GetConfig();
        c["vocabulary_dtype"] = VocabularyDtype;
        return c;
    }
}
