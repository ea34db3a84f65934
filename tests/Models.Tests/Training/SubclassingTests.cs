using KerasSharp.Layers;

namespace KerasSharp.Models.Tests.Training;

/// <summary>Custom layers (Build/Call), subclassed models (layers in fields) and overridden TrainStep, trained by Fit.</summary>
[TestClass]
public sealed class SubclassingTests
{
    [TestInitialize]
    public void Reset()
    {
        LayerNames.Reset();
        Config.SetSeed(21);
    }

    [TestMethod]
    public void ACustomLayerTrainsInsideSequential()
    {
        var (x, y) = TinyData.TwoClasses(256, seed: 31);
        var hidden = new MyDense(8, relu: true);
        var model = new Sequential([new Input(shape: [2]), hidden, new MyDense(2), new Softmax()]);
        Assert.AreEqual(1, hidden.BuildCalls, "built once, from the Input's shape");
        CollectionAssert.AreEqual(new[] { "my_dense/kernel", "my_dense/bias" }, hidden.Weights.Select(w => w.Name).ToArray());
        Assert.AreEqual(2L * 8 + 8 + 8 * 2 + 2, model.CountParams());
        var before = hidden.Weights[0].ToArray<float>();
        model.Compile(optimizer: new KerasSharp.Optimizers.Adam(learningRate: 0.02), loss: "sparse_categorical_crossentropy", metrics: ["accuracy"]);
        var history = model.Fit(x, y, batchSize: 32, epochs: 15, verbose: 0);
        CollectionAssert.AreNotEqual(before, hidden.Weights[0].ToArray<float>(), "the custom layer's weights were trained");
        Assert.IsLessThan(history["loss"][0] * 0.5, history["loss"][^1], "the loss at least halves");
        Assert.IsGreaterThan(0.9, history["accuracy"][^1]);
        Assert.AreEqual(1, hidden.BuildCalls);
    }

    [TestMethod]
    public void ASubclassedModelTracksTheLayersInItsFields()
    {
        var (x, y) = TinyData.TwoClasses(256, seed: 32);
        var model = new TwoLayerNet();
        Assert.AreEqual(0L, model.CountParams(), "not built before the first batch");
        model.Compile(optimizer: new KerasSharp.Optimizers.Adam(learningRate: 0.02), loss: "sparse_categorical_crossentropy", metrics: ["accuracy"]);
        var history = model.Fit(x, y, batchSize: 32, epochs: 15, verbose: 0);
        Assert.AreEqual(2L * 8 + 8 + 8 * 2 + 2, model.CountParams());
        Assert.HasCount(4, model.TrainableWeights);
        Assert.HasCount(2, model.Layers);
        Assert.IsLessThan(history["loss"][0] * 0.5, history["loss"][^1], $"losses {string.Join(", ", history["loss"])}");
        var (xt, yt) = TinyData.TwoClasses(128, seed: 33);
        Assert.IsGreaterThan(0.9, model.Evaluate(xt, yt)["accuracy"]);
        using var p = model.Predict(xt);
        CollectionAssert.AreEqual(new[] { 128, 2 }, p.Shape.ToArray());
    }

    [TestMethod]
    public void AnOverriddenTrainStepIsWhatFitRuns()
    {
        var (x, y) = TinyData.TwoClasses(40, seed: 34);
        var model = new CountingSequential([new Input(shape: [2]), new Dense(4, activation: "relu"), new Dense(2, activation: "softmax")]);
        model.Compile(optimizer: "sgd", loss: "sparse_categorical_crossentropy");
        model.Fit(x, y, batchSize: 10, epochs: 3, verbose: 0);
        Assert.AreEqual(12, model.TrainSteps, "4 batches x 3 epochs");
        Assert.AreEqual(12, model.Optimizer!.Iterations, "the base step still updated the weights");
        model.TrainOnBatch(x, y);
        Assert.AreEqual(13, model.TrainSteps, "TrainOnBatch runs the same step");
    }

    [TestMethod]
    public void ACustomTrainStepWithItsOwnTapeTrains()
    {
        var (x, y) = TinyData.Linear(128, seed: 35);
        var input = new Input(shape: [2]);
        var model = new HandStepModel(input, new Dense(1).Apply(input));
        model.Compile(optimizer: new KerasSharp.Optimizers.SGD(learningRate: 0.1), loss: "mse");
        var history = model.Fit(x, y, batchSize: 16, epochs: 20, verbose: 0);
        Assert.AreEqual(8.0 * 20, history["custom_steps"][^1], "the custom logs reach the history");
        Assert.IsLessThan(1e-3, history["loss"][^1], $"final loss {history["loss"][^1]}");
        Assert.IsLessThan(history["loss"][0], history["loss"][^1]);
        var kernel = model.Weights[0].ToArray<float>();
        Assert.AreEqual(3f, kernel[0], 0.05f);
        Assert.AreEqual(-2f, kernel[1], 0.05f);
    }
}
