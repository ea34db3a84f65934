using KerasSharp.Layers;

namespace KerasSharp.Models.Tests.Training;

/// <summary>validationData as a tuple (single or multiple arrays) gives val_ logs equal to Evaluate on the same data.</summary>
[TestClass]
public sealed class ValidationDataTests
{
    [TestInitialize]
    public void Reset()
    {
        LayerNames.Reset();
        Config.SetSeed(101);
    }

    private static Sequential Classifier() =>
        new([new Input(shape: [2]), new Dense(8, activation: "relu"), new Dense(2, activation: "softmax")]);

    [TestMethod]
    public void ATupleOfTensorsIsValidatedEveryEpoch()
    {
        var (x, y) = TinyData.TwoClasses(80, seed: 102);
        var (xv, yv) = TinyData.TwoClasses(30, seed: 103);
        var model = Classifier();
        model.Compile(optimizer: "adam", loss: "sparse_categorical_crossentropy", metrics: ["accuracy"]);
        var seen = new StepCounter();
        var history = model.Fit(x, y, batchSize: 10, epochs: 3, verbose: 0, validationData: (xv, yv), callbacks: [seen]);
        Assert.HasCount(3, history["val_loss"]);
        Assert.AreEqual(8, seen.TrainBatchesPerEpoch, "all 80 samples train: validation data does not split them");
        Assert.AreEqual(3, seen.TestBatchesPerEpoch, "30 validation samples in batches of 10");
        var scores = model.Evaluate(xv, yv, batchSize: 10);
        Assert.AreEqual(scores["loss"], history["val_loss"][^1], 1e-6, "val_loss of the last epoch is the final model on the validation data");
        Assert.AreEqual(scores["accuracy"], history["val_accuracy"][^1], 1e-9);
    }

    [TestMethod]
    public void ATupleOfListsWorksForSeveralOutputs()
    {
        var input = new Input(shape: [2]);
        var model = new Model(inputs: [input], outputs: [new Dense(1, name: "a").Apply(input), new Dense(1, name: "b").Apply(input)]);
        model.Compile(optimizer: "sgd", loss: ["mse", "mae"]);
        var (x, y) = TinyData.Linear(32, seed: 104);
        var (xv, yv) = TinyData.Linear(16, seed: 105);
        var history = model.Fit([x], [y, y], batchSize: 8, epochs: 2, verbose: 0, validationData: ([xv], [yv, yv]));
        foreach (var key in new[] { "val_loss", "val_a_loss", "val_b_loss" })
            Assert.IsTrue(history.Values.ContainsKey(key), $"'{key}' missing from {string.Join(", ", history.Values.Keys)}");
        var scores = model.Evaluate([xv], [yv, yv], batchSize: 8);
        Assert.AreEqual(scores["loss"], history["val_loss"][^1], 1e-6);
    }

    [TestMethod]
    public void ValidationDataWithTheWrongTargetCountIsReported()
    {
        var model = Classifier();
        model.Compile(optimizer: "adam", loss: "sparse_categorical_crossentropy");
        var (x, y) = TinyData.TwoClasses(20, seed: 106);
        var e = Assert.ThrowsExactly<ArgumentException>(() => model.Fit([x], [y], verbose: 0, validationData: ([x], [y, y])));
        StringAssert.Contains(e.Message, "has 1 outputs (dense_1) but 2 validation target arrays were given");
        Assert.AreEqual(0, model.Optimizer!.Iterations, "checked before any training");
    }
}
