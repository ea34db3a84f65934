using KerasSharp.Layers;

namespace KerasSharp.Models.Tests.Training;

/// <summary>What Fit makes for itself (validationSplit copies, classWeight sample weights) is freed when it returns.</summary>
[TestClass]
public sealed class FitMemoryTests
{
    [TestInitialize]
    public void Reset()
    {
        LayerNames.Reset();
        Config.SetSeed(121);
    }

    [TestMethod]
    public void RepeatedFitsWithASplitAndClassWeightsLeaveNoTensorsBehind()
    {
        var (x, y) = TinyData.TwoClasses(100, seed: 122);
        var model = new Sequential([new Input(shape: [2]), new Dense(4, activation: "relu"), new Dense(2, activation: "softmax")]);
        model.Compile(optimizer: "adam", loss: "sparse_categorical_crossentropy", metrics: ["accuracy"]);
        var weights = new Dictionary<int, double> { [0] = 1.0, [1] = 2.0 };
        model.Fit(x, y, batchSize: 20, epochs: 1, verbose: 0, validationSplit: 0.2, classWeight: weights);
        long after1 = Tensor.LiveCount;
        model.Fit(x, y, batchSize: 20, epochs: 1, verbose: 0, validationSplit: 0.2, classWeight: weights);
        long after2 = Tensor.LiveCount;
        model.Fit(x, y, batchSize: 20, epochs: 1, verbose: 0, validationSplit: 0.2, classWeight: weights);
        Assert.AreEqual(after1, after2, "a second Fit keeps no more tensors alive than the first");
        Assert.AreEqual(after2, Tensor.LiveCount, "nor does a third");
        x.ToArray<float>();
        y.ToArray<long>();
    }
}
