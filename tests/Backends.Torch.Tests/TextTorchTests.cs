using KerasSharp.Layers;
using KerasSharp.Models;

namespace KerasSharp.Backends.Torch.Tests;

/// <summary>
/// The text layers with torch as the current backend: their outputs are torch tensors equal to native's, and a
/// TextVectorization model trains, predicts and round-trips through .keras (vocabulary asset included) on torch.
/// </summary>
[TestClass]
[DoNotParallelize] // switches the process-wide backend
public sealed class TextTorchTests
{
    [TestCleanup]
    public void RestoreBackend() => Backend.Set("native");

    private static readonly string[] Reviews = ["a great film", "dull and long", "great fun", "boring and dull", "loved it", "too long"];

    private static List<float[]> Outputs(string backend)
    {
        Backend.Set(backend);
        var strings = Tensor.FromStrings(["great fun", "dull film zz", "a"]);
        var tv = new TextVectorization(outputMode: "tf_idf");
        tv.Adapt(Reviews);
        var results = new List<float[]>();
        foreach (var layer in new Layer[] { tv, new TextVectorization(outputSequenceLength: 4, vocabulary: ["great", "film", "dull"]),
                                            new StringLookup(vocabulary: ["a", "great fun"], outputMode: "count"), new Hashing(5, salt: [3]) })
        {
            var y = layer.Apply(strings);
            Assert.AreEqual(backend, y.Backend.Name, layer.GetType().Name);
            results.Add(y.ToArray<float>());
        }
        var ints = new IntegerLookup(vocabulary: [4, 9], outputMode: "multi_hot").Apply(Tensor.FromArray(new long[] { 9, 4, 7, 9 }, 2, 2));
        Assert.AreEqual(backend, ints.Backend.Name);
        results.Add(ints.ToArray<float>());
        return results;
    }

    [TestMethod]
    public void TextLayersGiveTheSameOutputsOnBothBackends()
    {
        var native = Outputs("native");
        var torch = Outputs("torch");
        for (int i = 0; i < native.Count; i++) CollectionAssert.AreEqual(native[i], torch[i], $"output {i}");
    }

    [TestMethod]
    public void ATextModelTrainsAndRoundTripsOnTorch()
    {
        Backend.Set("torch");
        LayerNames.Reset();
        Config.SetSeed(5);
        var vectorize = new TextVectorization(outputSequenceLength: 4);
        vectorize.Adapt(Reviews);
        var input = new Input([], dtype: DType.String);
        var h = new GlobalAveragePooling1D().Apply(new Embedding(vectorize.VocabularySize(), 4).Apply(vectorize.Apply(input)));
        var model = new Model(input, new Dense(1, activation: "sigmoid").Apply(h));
        model.Compile(optimizer: "adam", loss: "binary_crossentropy");
        model.Fit(Reviews, new float[] { 1, 0, 1, 0, 1, 0 }, batchSize: 3, epochs: 2, verbose: 0);
        using var p = model.Predict(new[] { "great film", "dull" });
        Assert.AreEqual("torch", p.Backend.Name);
        var path = Path.Combine(Path.GetTempPath(), $"text-torch-{Guid.NewGuid():N}.keras");
        try
        {
            model.Save(path);
            var loaded = Model.Load(path);
            CollectionAssert.AreEqual(vectorize.GetVocabulary(), ((TextVectorization)loaded.Layers.First(l => l is TextVectorization)).GetVocabulary());
            using var again = loaded.Predict(new[] { "great film", "dull" });
            CollectionAssert.AreEqual(p.ToArray<float>(), again.ToArray<float>());
        }
        finally { File.Delete(path); }
    }
}
