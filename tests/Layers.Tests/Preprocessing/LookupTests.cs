namespace KerasSharp.Layers.Tests.Preprocessing;

/// <summary>StringLookup and IntegerLookup on Keras's documented examples, adapt's order, OOV buckets, invert and bad input.</summary>
[TestClass]
public sealed class LookupTests
{
    private static readonly string[] Vocab = ["a", "b", "c", "d"];
    private static Tensor Data => Tensor.FromStrings(["a", "c", "d", "d", "z", "b"], 2, 3);

    [TestMethod]
    public void StringLookupKerasExamples()
    {
        CollectionAssert.AreEqual(new long[] { 1, 3, 4, 4, 0, 2 }, new StringLookup(vocabulary: Vocab).Apply(Data).ToArray<long>(), "int");
        var adapted = new StringLookup();
        adapted.Adapt(Data);
        CollectionAssert.AreEqual(new[] { "[UNK]", "d", "z", "c", "b", "a" }, adapted.GetVocabulary(), "adapt: by count, then by token descending");
        var masked = new StringLookup(vocabulary: Vocab, maskToken: "");
        CollectionAssert.AreEqual(new[] { "", "[UNK]", "a", "b", "c", "d" }, masked.GetVocabulary());
        CollectionAssert.AreEqual(new long[] { 2, 4, 5, 5, 0, 3 },
            masked.Apply(Tensor.FromStrings(["a", "c", "d", "d", "", "b"], 2, 3)).ToArray<long>(), "mask");
        CollectionAssert.AreEqual(new float[] { 0, 1, 0, 1, 1, 1, 0, 1, 0, 1 },
            new StringLookup(vocabulary: Vocab, outputMode: "multi_hot").Apply(Tensor.FromStrings(["a", "c", "d", "d", "d", "z", "b", "z"], 2, 4)).ToArray<float>(), "multi_hot");
        CollectionAssert.AreEqual(new float[] { 0, 1, 0, 1, 2, 2, 0, 1, 0, 1 },
            new StringLookup(vocabulary: Vocab, outputMode: "count").Apply(Tensor.FromStrings(["a", "c", "d", "d", "d", "z", "b", "z"], 2, 4)).ToArray<float>(), "count");
        var tfidf = new StringLookup(vocabulary: Vocab, outputMode: "tf_idf", idfWeights: [0.25, 0.75, 0.6, 0.4])
            .Apply(Tensor.FromStrings(["a", "c", "d", "d", "d", "z", "b", "z"], 2, 4)).ToArray<float>();
        float[] expected = [0, 0.25f, 0, 0.6f, 0.8f, 1.0f, 0, 0.75f, 0, 0.4f];
        for (int i = 0; i < expected.Length; i++) Assert.AreEqual(expected[i], tfidf[i], 1e-6, $"tf_idf {i}");
        var inverse = new StringLookup(vocabulary: Vocab, invert: true).Apply(Tensor.FromArray(new long[] { 1, 3, 4, 4, 0, 2 }, 2, 3));
        Assert.AreEqual(DType.String, inverse.DType);
        CollectionAssert.AreEqual(new[] { "a", "c", "d", "d", "[UNK]", "b" }, inverse.ToStrings(), "invert");
    }

    [TestMethod]
    public void AdaptWithTfIdfMaxTokensAndOovBuckets()
    {
        var layer = new StringLookup(outputMode: "tf_idf", maxTokens: 3);
        layer.Adapt(["x", "x", "y", "x", "z"]);   // five one-token documents: x in 3, y in 1, z in 1
        CollectionAssert.AreEqual(new[] { "[UNK]", "x", "z" }, layer.GetVocabulary(), "max 3 entries: ties broken by token descending");
        var y = layer.Apply(Tensor.FromStrings(["x", "z", "q"], 3, 1)).ToArray<float>();
        double idfX = Math.Log(1 + 5 / 4.0), idfZ = Math.Log(1 + 5 / 2.0);
        float[] expected = [0, (float)idfX, 0, 0, 0, (float)idfZ, (float)((idfX + idfZ) / 2), 0, 0];
        for (int i = 0; i < 9; i++) Assert.AreEqual(expected[i], y[i], 1e-6, $"element {i}");
        var buckets = new StringLookup(vocabulary: Vocab, numOovIndices: 3);
        var idx = buckets.Apply(Tensor.FromStrings(["zz", "a", "qq"])).ToArray<long>();
        Assert.AreEqual((long)(FarmHash.Fingerprint64("zz"u8) % 3), idx[0]);
        Assert.AreEqual(3, idx[1], "tokens start after 3 OOV buckets");
        Assert.AreEqual((long)(FarmHash.Fingerprint64("qq"u8) % 3), idx[2]);
    }

    [TestMethod]
    public void IntegerLookupKerasExamples()
    {
        long[] vocab = [12, 36, 1138, 42];
        var data = Tensor.FromArray(new long[] { 12, 1138, 42, 42, 1000, 36 }, 2, 3);
        CollectionAssert.AreEqual(new long[] { 1, 3, 4, 4, 0, 2 }, new IntegerLookup(vocabulary: vocab).Apply(data).ToArray<long>());
        var adapted = new IntegerLookup();
        adapted.Adapt(data);
        CollectionAssert.AreEqual(new long[] { -1, 42, 1138, 1000, 36, 12 }, adapted.GetVocabulary());
        var masked = new IntegerLookup(vocabulary: vocab, maskToken: 0);
        CollectionAssert.AreEqual(new long[] { 0, -1, 12, 36, 1138, 42 }, masked.GetVocabulary());
        CollectionAssert.AreEqual(new long[] { 2, 4, 0, 5, 1, 3 }, masked.Apply(Tensor.FromArray(new int[] { 12, 1138, 0, 42, 1000, 36 }, 2, 3)).ToArray<long>());
        var inverse = new IntegerLookup(vocabulary: vocab, invert: true).Apply(Tensor.FromArray(new long[] { 1, 3, 4, 4, 0, 2 }, 2, 3));
        CollectionAssert.AreEqual(new long[] { 12, 1138, 42, 42, -1, 36 }, inverse.ToArray<long>());
        var buckets = new IntegerLookup(vocabulary: vocab, numOovIndices: 2).Apply(Tensor.FromArray(new long[] { 7, -3, 12 })).ToArray<long>();
        CollectionAssert.AreEqual(new long[] { 1, 1, 2 }, buckets, "OOV bucket = value mod 2 (floor mod)");
    }

    [TestMethod]
    public void BadVocabulariesAndInputsAreNamed()
    {
        var e = Assert.ThrowsExactly<ArgumentException>(() => new StringLookup(vocabulary: ["a", "b", "a"]));
        Assert.AreEqual("StringLookup: the vocabulary has the token \"a\" twice.", e.Message);
        e = Assert.ThrowsExactly<ArgumentException>(() => new StringLookup(vocabulary: ["a", "[UNK]"]));
        Assert.AreEqual("StringLookup: the OOV token \"[UNK]\" is in the vocabulary at position 1; it may only come at the start.", e.Message);
        e = Assert.ThrowsExactly<ArgumentException>(() => new StringLookup(vocabulary: Vocab, name: "lk").Apply(Ops.Zeros([2])));
        Assert.AreEqual("Layer 'lk': StringLookup takes string tensors (Tensor.FromStrings, Input(dtype: DType.String)), received float32.", e.Message);
        e = Assert.ThrowsExactly<ArgumentException>(() => new StringLookup(vocabulary: Vocab, numOovIndices: 0).Apply(Tensor.FromStrings(["q"])));
        Assert.AreEqual("StringLookup: \"q\" is not in the vocabulary and numOovIndices is 0.", e.Message);
        var none = Assert.ThrowsExactly<InvalidOperationException>(() => new StringLookup(name: "empty").Apply(Tensor.FromStrings(["q"])));
        Assert.AreEqual("Layer 'empty': no vocabulary; pass one to the constructor or call Adapt first.", none.Message);
        e = Assert.ThrowsExactly<ArgumentException>(() => new StringLookup(vocabulary: Vocab, outputMode: "tf_idf"));
        StringAssert.Contains(e.Message, "needs idfWeights");
    }

    [TestMethod]
    public void AssetsRoundTripTheAdaptedVocabulary()
    {
        var layer = new StringLookup(outputMode: "tf_idf");
        layer.Adapt(["b a", "a"]);
        var files = layer.SaveAssets();
        Assert.AreEqual("[UNK]\nb a\na", files["vocabulary.txt"]);
        var restored = new StringLookup(outputMode: "tf_idf");
        restored.LoadAssets(files);
        CollectionAssert.AreEqual(layer.GetVocabulary(), restored.GetVocabulary());
        var x = Tensor.FromStrings(["a", "b a", "zz"], 3, 1);
        CollectionAssert.AreEqual(layer.Apply(x).ToArray<float>(), restored.Apply(x).ToArray<float>());
        Assert.IsEmpty(new StringLookup(vocabulary: Vocab).SaveAssets(), "a given vocabulary lives in the config");
    }
}
