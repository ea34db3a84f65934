using KerasSharp.Saving;

namespace KerasSharp.Layers.Tests.Preprocessing;

/// <summary>TextVectorization on Keras's documented examples and hand-computed standardize, split, n-grams and outputs.</summary>
[TestClass]
public sealed class TextVectorizationTests
{
    [TestMethod]
    public void KerasAdaptExample()
    {
        var layer = new TextVectorization(maxTokens: 5000, outputSequenceLength: 4);
        layer.Adapt(["foo bar", "bar baz", "baz bada boom"]);
        CollectionAssert.AreEqual(new[] { "", "[UNK]", "baz", "bar", "foo", "boom", "bada" }, layer.GetVocabulary());
        using var y = layer.Apply(Tensor.FromStrings(["foo qux bar", "qux baz"]));
        Assert.AreEqual(DType.Int64, y.DType);
        CollectionAssert.AreEqual(new[] { 2, 4 }, y.Shape.ToArray());
        CollectionAssert.AreEqual(new long[] { 4, 1, 3, 0, 1, 2, 0, 0 }, y.ToArray<long>());
    }

    [TestMethod]
    public void KerasVocabularyExample()
    {
        var layer = new TextVectorization(maxTokens: 5000, outputSequenceLength: 4, vocabulary: ["earth", "wind", "and", "fire"]);
        CollectionAssert.AreEqual(new[] { "", "[UNK]", "earth", "wind", "and", "fire" }, layer.GetVocabulary());
        CollectionAssert.AreEqual(new long[] { 2, 3, 4, 1 }, layer.Apply(Tensor.FromStrings(["earth wind and also fire"], 1, 1)).ToArray<long>());
    }

    [TestMethod]
    public void StandardizeSplitAndNgrams()
    {
        Assert.AreEqual("hello world its a test", string.Join(" ", new TextVectorization().Tokenize("Hello, World! It's a   TEST.")));
        CollectionAssert.AreEqual(new[] { "Hello,", "World!" }, new TextVectorization(standardize: null).Tokenize("Hello,  World!"));
        CollectionAssert.AreEqual(new[] { "a bc" }, new TextVectorization(split: null, standardize: "strip_punctuation").Tokenize("a b.c"));
        CollectionAssert.AreEqual(new[] { "h", "é", "!" }, new TextVectorization(standardize: "lower", split: "character").Tokenize("Hé!"));
        CollectionAssert.AreEqual(new[] { "a", "b", "c", "a b", "b c" }, new TextVectorization(ngrams: [2]).Tokenize("a b c"));
        CollectionAssert.AreEqual(new[] { "a b", "b c", "a b c" }, new TextVectorization(ngrams: [2, 3]).Tokenize("a b c"));
        CollectionAssert.AreEqual(new[] { "A", "B" }, new TextVectorization(standardizeFunction: s => s.ToUpperInvariant(), splitFunction: s => s.Split('-')).Tokenize("a-b"));
    }

    [TestMethod]
    public void BagOfWordsOutputs()
    {
        var data = Tensor.FromStrings(["the cat the hat", "a dog"], 2, 1);
        var multi = new TextVectorization(outputMode: "multi_hot", vocabulary: ["the", "cat", "hat"]);
        CollectionAssert.AreEqual(new[] { "[UNK]", "the", "cat", "hat" }, multi.GetVocabulary(), "no mask entry outside int output");
        CollectionAssert.AreEqual(new float[] { 0, 1, 1, 1, 1, 0, 0, 0 }, multi.Apply(data).ToArray<float>());
        var count = new TextVectorization(outputMode: "count", vocabulary: ["the", "cat", "hat"], maxTokens: 6, padToMaxTokens: true);
        CollectionAssert.AreEqual(new float[] { 0, 2, 1, 1, 0, 0, 2, 0, 0, 0, 0, 0 }, count.Apply(data).ToArray<float>());
        var tfidf = new TextVectorization(outputMode: "tf_idf");
        tfidf.Adapt(["the cat", "the hat", "a dog"]);    // 3 documents: "the" in 2, the others in 1
        CollectionAssert.AreEqual(new[] { "[UNK]", "the", "hat", "dog", "cat", "a" }, tfidf.GetVocabulary());
        var y = tfidf.Apply(Tensor.FromStrings(["the the cat zebra"])).ToArray<float>();
        double idfThe = Math.Log(1 + 3 / 3.0), idfOne = Math.Log(1 + 3 / 2.0), oov = (idfThe + 4 * idfOne) / 5;
        float[] expected = [(float)oov, (float)(2 * idfThe), 0, 0, (float)idfOne, 0];
        for (int i = 0; i < expected.Length; i++) Assert.AreEqual(expected[i], y[i], 1e-6, $"column {i}");
    }

    [TestMethod]
    public void PadsToTheLongestRowAndTruncates()
    {
        var layer = new TextVectorization(vocabulary: ["a", "b"]);
        using var y = layer.Apply(Tensor.FromStrings(["a b a", "b", ""]));
        CollectionAssert.AreEqual(new[] { 3, 3 }, y.Shape.ToArray());
        CollectionAssert.AreEqual(new long[] { 2, 3, 2, 3, 0, 0, 0, 0, 0 }, y.ToArray<long>());
        var cut = new TextVectorization(vocabulary: ["a", "b"], outputSequenceLength: 2).Apply(Tensor.FromStrings(["a b a"]));
        CollectionAssert.AreEqual(new long[] { 2, 3 }, cut.ToArray<long>());
    }

    [TestMethod]
    public void AdaptsFromAStringTensorAndKeepsMaxTokens()
    {
        var layer = new TextVectorization(maxTokens: 4);
        layer.Adapt(Tensor.FromStrings(["b b c", "a c c", "d"]));
        CollectionAssert.AreEqual(new[] { "", "[UNK]", "c", "b" }, layer.GetVocabulary(), "4 entries: padding, OOV, the two most frequent");
        var files = layer.SaveAssets();
        Assert.AreEqual("\n[UNK]\nc\nb", files["vocabulary.txt"]);
        var restored = new TextVectorization(maxTokens: 4);
        restored.LoadAssets(files);
        CollectionAssert.AreEqual(layer.GetVocabulary(), restored.GetVocabulary());
    }

    [TestMethod]
    public void BadArgumentsAndInputsAreNamed()
    {
        var e = Assert.ThrowsExactly<ArgumentException>(() => new TextVectorization(outputMode: "one_hot"));
        Assert.AreEqual("TextVectorization: outputMode must be \"int\", \"multi_hot\", \"count\" or \"tf_idf\", got \"one_hot\".", e.Message);
        e = Assert.ThrowsExactly<ArgumentException>(() => new TextVectorization(outputMode: "count", outputSequenceLength: 3));
        Assert.AreEqual("TextVectorization: outputSequenceLength is only for outputMode \"int\", got \"count\".", e.Message);
        e = Assert.ThrowsExactly<ArgumentException>(() => new TextVectorization(vocabulary: ["a"], name: "tv").Apply(Tensor.FromStrings(["a", "b", "c", "d"], 2, 2)));
        Assert.AreEqual("Layer 'tv': TextVectorization takes one string per sample, shape (batch,) or (batch, 1), received shape (2, 2).", e.Message);
        e = Assert.ThrowsExactly<ArgumentException>(() => new TextVectorization(vocabulary: ["a"], name: "tv").Apply(Ops.Zeros([2])));
        StringAssert.StartsWith(e.Message, "Layer 'tv': TextVectorization takes string tensors");
        var save = Assert.ThrowsExactly<InvalidOperationException>(() => KerasObjects.Serialize(new TextVectorization(vocabulary: ["a"], splitFunction: s => [s], name: "custom")));
        StringAssert.StartsWith(save.Message, "Layer 'custom': a TextVectorization with a C# standardize or split function cannot be saved");
    }
}
