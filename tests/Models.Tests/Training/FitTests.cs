using KerasSharp.Callbacks;
using KerasSharp.Layers;

namespace KerasSharp.Models.Tests.Training;

[TestClass]
public sealed class FitTests
{
    [TestInitialize]
    public void Reset()
    {
        LayerNames.Reset();
        Config.SetSeed(7);
    }

    private static Sequential Classifier() =>
        new([new Input(shape: [2]), new Dense(8, activation: "relu"), new Dense(2, activation: "softmax")]);

    [TestMethod]
    public void FitLearnsASeparableProblem()
    {
        var (x, y) = TinyData.TwoClasses(512, seed: 1);
        var model = Classifier();
        model.Compile(optimizer: new KerasSharp.Optimizers.Adam(learningRate: 0.02), loss: "sparse_categorical_crossentropy", metrics: ["accuracy"]);
        var history = model.Fit(x, y, batchSize: 32, epochs: 20, verbose: 0);
        Assert.AreEqual(20, history.Epochs.Count);
        Assert.IsLessThan(history["loss"][0], history["loss"][^1], "the loss falls");
        var (xt, yt) = TinyData.TwoClasses(256, seed: 2);
        var scores = model.Evaluate(xt, yt);
        Assert.IsGreaterThan(0.95, scores["accuracy"], $"test accuracy {scores["accuracy"]}");
    }

    [TestMethod]
    public void RegressionFitsALinearFunction()
    {
        var (x, y) = TinyData.Linear(256, seed: 3);
        var model = new Sequential([new Input(shape: [2]), new Dense(1)]);
        model.Compile(optimizer: new KerasSharp.Optimizers.SGD(learningRate: 0.1), loss: "mse", metrics: ["mae"]);
        model.Fit(x, y, batchSize: 16, epochs: 30, verbose: 0);
        var kernel = model.Weights[0].ToArray<float>();
        var bias = model.Weights[1].ToArray<float>();
        Assert.AreEqual(3f, kernel[0], 0.02f);
        Assert.AreEqual(-2f, kernel[1], 0.02f);
        Assert.AreEqual(0.5f, bias[0], 0.02f);
    }

    [TestMethod]
    public void ValidationSplitAddsValLogsAndUsesTheLastSamples()
    {
        var (x, y) = TinyData.TwoClasses(100, seed: 4);
        var model = Classifier();
        model.Compile(optimizer: "adam", loss: "sparse_categorical_crossentropy", metrics: ["accuracy"]);
        var seen = new StepCounter();
        var history = model.Fit(x, y, batchSize: 10, epochs: 2, validationSplit: 0.2, verbose: 0, callbacks: [seen]);
        CollectionAssert.AreEquivalent(new[] { "loss", "accuracy", "val_loss", "val_accuracy" }, history.Values.Keys.ToArray());
        Assert.AreEqual(8, seen.TrainBatchesPerEpoch, "80 training samples in batches of 10");
        Assert.AreEqual(2, seen.TestBatchesPerEpoch, "20 validation samples in batches of 10");
    }

    [TestMethod]
    public void CallbacksSeeEveryHookInKerasOrder()
    {
        var (x, y) = TinyData.TwoClasses(20, seed: 5);
        var model = Classifier();
        model.Compile(optimizer: "sgd", loss: "sparse_categorical_crossentropy");
        var log = new HookLog();
        model.Fit(x, y, batchSize: 10, epochs: 2, verbose: 0, validationData: (x, y), callbacks: [log]);
        var expected = new[]
        {
            "train_begin",
            "epoch_begin 0", "train_batch_begin 0", "train_batch_end 0", "train_batch_begin 1", "train_batch_end 1",
            "test_begin", "test_batch_begin 0", "test_batch_end 0", "test_batch_begin 1", "test_batch_end 1", "test_end", "epoch_end 0",
            "epoch_begin 1", "train_batch_begin 0", "train_batch_end 0", "train_batch_begin 1", "train_batch_end 1",
            "test_begin", "test_batch_begin 0", "test_batch_end 0", "test_batch_begin 1", "test_batch_end 1", "test_end", "epoch_end 1",
            "train_end",
        };
        CollectionAssert.AreEqual(expected, log.Events);
        log.Events.Clear();
        model.Predict(x, batchSize: 15, callbacks: [log]);
        CollectionAssert.AreEqual(new[] { "predict_begin", "predict_batch_begin 0", "predict_batch_end 0", "predict_batch_begin 1", "predict_batch_end 1", "predict_end" }, log.Events);
    }

    [TestMethod]
    public void EarlyStoppingStopsAndRestoresTheBestWeights()
    {
        var (x, y) = TinyData.TwoClasses(64, seed: 6);
        var model = Classifier();
        model.Compile(optimizer: "sgd", loss: "sparse_categorical_crossentropy");
        var script = new ScriptedMetric("val_score", [0.5, 0.4, 0.6, 0.7, 0.8, 0.9]);
        var stop = new EarlyStopping(monitor: "val_score", mode: "min", patience: 2, restoreBestWeights: true);
        var history = model.Fit(x, y, epochs: 6, verbose: 0, callbacks: [script, stop]);
        Assert.AreEqual(3, stop.StoppedEpoch, "best at epoch 1, two epochs without improvement");
        Assert.AreEqual(1, stop.BestEpoch);
        Assert.AreEqual(4, history.Epochs.Count);
        CollectionAssert.AreEqual(script.WeightsAtEpoch[1], model.Weights[0].ToArray<float>(), "the weights of the best epoch are back");
    }

    [TestMethod]
    public void EarlyStoppingKeepsOneSetOfBestWeights()
    {
        var (x, y) = TinyData.TwoClasses(64, seed: 6);
        var model = Classifier();
        model.Compile(optimizer: "sgd", loss: "sparse_categorical_crossentropy");
        // Every epoch improves, so the best weights are replaced every epoch: the replaced ones must be freed.
        var script = new ScriptedMetric("val_score", [0.9, 0.8, 0.7, 0.6, 0.5, 0.4]);
        var live = new LiveTensorProbe();
        var stop = new EarlyStopping(monitor: "val_score", mode: "min", patience: 2, restoreBestWeights: true);
        model.Fit(x, y, epochs: 6, verbose: 0, callbacks: [script, stop, live]);
        Assert.AreEqual(live.AtEpochEnd[1], live.AtEpochEnd[5], $"live tensors after epochs 1..6: {string.Join(", ", live.AtEpochEnd)}");
    }

    [TestMethod]
    public void MemoryStaysFlatAcrossEpochs()
    {
        var (x, y) = TinyData.TwoClasses(256, seed: 8);
        var model = Classifier();
        model.Compile(optimizer: "adam", loss: "sparse_categorical_crossentropy", metrics: ["accuracy"]);
        var live = new LiveTensorProbe();
        model.Fit(x, y, batchSize: 32, epochs: 4, verbose: 0, callbacks: [live]);
        Assert.HasCount(4, live.AtEpochEnd);
        Assert.AreEqual(live.AtEpochEnd[1], live.AtEpochEnd[3], $"live tensors after epochs 1..4: {string.Join(", ", live.AtEpochEnd)}");
    }

    [TestMethod]
    public void ClassWeightChangesTheLoss()
    {
        var (x, y) = TinyData.TwoClasses(64, seed: 9);
        var model = Classifier();
        model.Compile(optimizer: "sgd", loss: "sparse_categorical_crossentropy");
        var plain = model.TestOnBatch(x, y)["loss"];
        var labels = y.ToArray<long>();
        var weights = Tensor.FromArray(labels.Select(l => l == 1 ? 3f : 1f).ToArray());
        var weighted = model.TestOnBatch(x, y, sampleWeight: weights)["loss"];
        Assert.AreNotEqual(plain, weighted, 1e-6);
        var e = Assert.ThrowsExactly<ArgumentException>(() => model.Fit(x, y, epochs: 1, verbose: 0, classWeight: new Dictionary<int, double> { [0] = 1 }));
        StringAssert.Contains(e.Message, "no entry for class 1");
    }

    [TestMethod]
    public void FitBeforeCompileSaysWhatToDo()
    {
        var model = Classifier();
        var e = Assert.ThrowsExactly<InvalidOperationException>(() => model.Fit(Ops.Ones([4, 2]), Ops.Zeros([4], DType.Int64)));
        StringAssert.Contains(e.Message, "must be compiled before Fit");
    }

    [TestMethod]
    public void MismatchedSampleCountsAreReported()
    {
        var model = Classifier();
        model.Compile(optimizer: "sgd", loss: "sparse_categorical_crossentropy");
        var e = Assert.ThrowsExactly<ArgumentException>(() => model.Fit(Ops.Ones([4, 2]), Ops.Zeros([5], DType.Int64), verbose: 0));
        StringAssert.Contains(e.Message, "target 0 has 5 samples");
    }

    [TestMethod]
    public void PredictMatchesTheForwardPassInBatches()
    {
        var (x, _) = TinyData.TwoClasses(50, seed: 10);
        var model = Classifier();
        var all = model.PredictOnBatch(x).ToArray<float>();
        var batched = model.Predict(x, batchSize: 7);
        CollectionAssert.AreEqual(new[] { 50, 2 }, batched.Shape.ToArray());
        var b = batched.ToArray<float>();
        for (int i = 0; i < all.Length; i++) Assert.AreEqual(all[i], b[i], 1e-6f);
    }

    [TestMethod]
    public void TrainOnBatchStepsOnce()
    {
        var (x, y) = TinyData.TwoClasses(16, seed: 11);
        var model = Classifier();
        model.Compile(optimizer: "sgd", loss: "sparse_categorical_crossentropy");
        var before = model.Weights[0].ToArray<float>();
        model.TrainOnBatch(x, y);
        Assert.AreEqual(1, model.Optimizer!.Iterations);
        CollectionAssert.AreNotEqual(before, model.Weights[0].ToArray<float>());
    }

    [TestMethod]
    public void StepsPerEpochCyclesTheData()
    {
        var (x, y) = TinyData.TwoClasses(20, seed: 12);
        var model = Classifier();
        model.Compile(optimizer: "sgd", loss: "sparse_categorical_crossentropy");
        var seen = new StepCounter();
        model.Fit(x, y, batchSize: 8, epochs: 1, stepsPerEpoch: 5, verbose: 0, callbacks: [seen]);
        Assert.AreEqual(5, seen.TrainBatchesPerEpoch);
        Assert.AreEqual(5, model.Optimizer!.Iterations);
    }

    [TestMethod]
    public void InitialEpochSkipsEpochs()
    {
        var (x, y) = TinyData.TwoClasses(16, seed: 13);
        var model = Classifier();
        model.Compile(optimizer: "sgd", loss: "sparse_categorical_crossentropy");
        var history = model.Fit(x, y, epochs: 5, initialEpoch: 3, verbose: 0);
        CollectionAssert.AreEqual(new[] { 3, 4 }, history.Epochs.ToArray());
    }

    [TestMethod]
    public void VerboseTwoPrintsOneLinePerEpoch()
    {
        var (x, y) = TinyData.TwoClasses(40, seed: 14);
        var model = Classifier();
        model.Compile(optimizer: "sgd", loss: "sparse_categorical_crossentropy", metrics: ["accuracy"]);
        var writer = new StringWriter();
        var bar = new ProgbarLogger(2, writer);
        model.Fit(x, y, batchSize: 10, epochs: 2, verbose: 0, callbacks: [bar]);
        var lines = writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.HasCount(4, lines);
        Assert.AreEqual("Epoch 1/2", lines[0].Trim());
        StringAssert.StartsWith(lines[1], "4/4 [==============================] - ");
        StringAssert.Contains(lines[1], "/step - loss: ");
        StringAssert.Contains(lines[1], " - accuracy: ");
    }
}
