using KerasSharp.Layers;

namespace KerasSharp.Models.Tests.Training;

/// <summary>Given Config.SetSeed, Fit repeats exactly (weights, dropout masks and, with shuffle, the order).</summary>
[TestClass]
public sealed class DeterminismTests
{
    private static (float[][] Weights, List<double> Losses) Train(long seed, bool shuffle)
    {
        LayerNames.Reset();
        Config.SetSeed(seed);
        var (x, y) = TinyData.TwoClasses(96, seed: 111);
        var model = new Sequential([new Input(shape: [2]), new Dense(16, activation: "relu"), new Dropout(0.2), new Dense(2, activation: "softmax")]);
        model.Compile(optimizer: "adam", loss: "sparse_categorical_crossentropy", metrics: ["accuracy"]);
        var history = model.Fit(x, y, batchSize: 16, epochs: 3, verbose: 0, shuffle: shuffle);
        return (model.Weights.Select(w => w.ToArray<float>()).ToArray(), history["loss"].ToList());
    }

    [TestMethod]
    public void FitWithoutShuffleRepeatsExactlyForASeed()
    {
        var a = Train(5, shuffle: false);
        var b = Train(5, shuffle: false);
        for (int i = 0; i < a.Weights.Length; i++) CollectionAssert.AreEqual(a.Weights[i], b.Weights[i], $"weight {i}");
        CollectionAssert.AreEqual(a.Losses, b.Losses);
        var c = Train(6, shuffle: false);
        CollectionAssert.AreNotEqual(a.Weights[0], c.Weights[0], "another seed gives another run");
    }

    [TestMethod]
    public void FitWithShuffleAlsoRepeatsForASeed()
    {
        var a = Train(9, shuffle: true);
        var b = Train(9, shuffle: true);
        for (int i = 0; i < a.Weights.Length; i++) CollectionAssert.AreEqual(a.Weights[i], b.Weights[i], $"weight {i}");
        CollectionAssert.AreEqual(a.Losses, b.Losses);
    }
}
