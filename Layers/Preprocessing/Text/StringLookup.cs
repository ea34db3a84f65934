using System.Text;

namespace KerasSharp.Layers;

/// <summary>
/// Maps strings to integer indices (Keras's StringLookup): index 0 is the mask token when one is set ("int" output
/// only), then <see cref="IndexLookup{T}.NumOovIndices"/> buckets for unknown strings (several buckets: FarmHash
/// Fingerprint64 of the UTF-8 bytes picks one, as Keras does), then the vocabulary. Takes string tensors
/// (<see cref="DType.String"/>); with <c>invert</c>, maps indices back to strings.
/// </summary>
/// <example><code>
/// var lookup = new StringLookup(vocabulary: ["a", "b", "c", "d"]);
/// lookup.Apply(Tensor.FromStrings(["a", "c", "d", "d", "z", "b"], 2, 3));   // [[1, 3, 4], [4, 0, 2]]
/// </code></example>
public sealed class StringLookup : IndexLookup<string>
{
    /// <summary>Creates the layer; give <paramref name="vocabulary"/> or call Adapt.</summary>
    public StringLookup(int? maxTokens = null, int numOovIndices = 1, string? maskToken = null, string oovToken = "[UNK]", string[]? vocabulary = null,
        double[]? idfWeights = null, bool invert = false, string outputMode = "int", bool padToMaxTokens = false, bool sparse = false,
        string encoding = "utf-8", string? name = null)
        : base("StringLookup", maxTokens, numOovIndices, maskToken is not null, maskToken ?? "", oovToken ?? throw new ArgumentNullException(nameof(oovToken)),
               vocabulary, idfWeights, invert, outputMode, padToMaxTokens, sparse,
               (t, n) => (long)(FarmHash.Fingerprint64(Encoding.UTF8.GetBytes(t)) % (ulong)n), TokenIndex<string>.Utf8Order, name)
    {
        if (!string.Equals(encoding, "utf-8", StringComparison.OrdinalIgnoreCase))
            throw new ArgumentException($"StringLookup: only the \"utf-8\" encoding is supported, got \"{encoding}\".");
        MaskToken = maskToken;
    }

    /// <summary>The string that maps to index 0 in "int" output (padding), or null for none.</summary>
    public string? MaskToken { get; }

    /// <summary>Learns the vocabulary from strings, each one a document.</summary>
    public void Adapt(string[] data) => Adapt(Tensor.FromStrings(data));

    private protected override string[] Read(Tensor inputs) => inputs.DType == DType.String ? inputs.ToStrings()
        : throw new ArgumentException($"Layer '{Name}': StringLookup takes string tensors (Tensor.FromStrings, Input(dtype: DType.String)), received {inputs.DType.Name()}.");

    private protected override Tensor Tokens(string[] tokens, int[] shape) => Tensor.FromStrings(tokens, shape);

    private protected override string Format(string token) => token;

    private protected override string Parse(string text) => text;

    private protected override DType InvertedDType => DType.String;

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var c = base.GetConfig();
        c["encoding"] = "utf-8";
        return c;
    }
}
