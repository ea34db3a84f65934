using KerasSharp.Layers;
using KerasSharp.Saving;

namespace KerasSharp.Layers.Tests.Saving;

/// <summary>A sample of every built-in initializer, regularizer and constraint, with non-default arguments where it has any.</summary>
internal static class ConfigurableSamples
{
    /// <summary>The samples by id.</summary>
    public static IReadOnlyList<(string Id, Func<IKerasConfigurable> Make)> All { get; } =
    [
        ("constant", () => new Constant(0.3)),
        ("glorot_normal", () => new GlorotNormal(seed: 1)),
        ("glorot_uniform", () => new GlorotUniform(seed: 2)),
        ("he_normal", () => new HeNormal(seed: 3)),
        ("he_uniform", () => new HeUniform(seed: 4)),
        ("lecun_normal", () => new LecunNormal(seed: 5)),
        ("lecun_uniform", () => new LecunUniform(seed: 6)),
        ("ones", () => new Ones()),
        ("orthogonal", () => new Orthogonal(gain: 1.5, seed: 7)),
        ("random_normal", () => new RandomNormal(0.1, 0.2, seed: 8)),
        ("random_uniform", () => new RandomUniform(-0.2, 0.3, seed: 9)),
        ("truncated_normal", () => new TruncatedNormal(0.1, 0.3, seed: 10)),
        ("variance_scaling", () => new VarianceScaling(2.0, "fan_avg", "untruncated_normal", seed: 11)),
        ("zeros", () => new Zeros()),
        ("l1", () => new L1(0.02)),
        ("l2", () => new L2(0.03)),
        ("l1_l2", () => new L1L2(0.01, 0.02)),
        ("max_norm", () => new MaxNorm(1.5, [0, 1])),
        ("non_neg", () => new NonNeg()),
        // The string layers take string tensors, which the layer samples (random numeric inputs) cannot feed: their
        // configs round-trip here; outputs and saving are tested in LookupTests, TextVectorizationTests and TextModelTests.
        ("string_lookup", () => new StringLookup(maxTokens: 9, numOovIndices: 2, maskToken: "", oovToken: "?", vocabulary: ["x", "y"], outputMode: "tf_idf", idfWeights: [0.5, 1.5], padToMaxTokens: true)),
        ("string_lookup_invert", () => new StringLookup(vocabulary: ["x", "y"], invert: true)),
        ("text_vectorization", () => new TextVectorization(maxTokens: 20, standardize: "lower", split: "character", ngrams: [1, 3], outputMode: "count", padToMaxTokens: true, vocabulary: ["a", "b", "a b"])),
        ("text_vectorization_int", () => new TextVectorization(standardize: null, split: null, outputSequenceLength: 5, vocabulary: ["a"])),
        ("unit_norm", () => new UnitNorm(1)),
    ];

    /// <summary>The sample with <paramref name="id"/>.</summary>
    public static IKerasConfigurable Make(string id) => All.Single(s => s.Id == id).Make();
}
