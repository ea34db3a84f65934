using KerasSharp.Callbacks;
using KerasSharp.Layers;
using KerasSharp.Metrics;
using KerasSharp.Optimizers;

namespace KerasSharp.Models.Tests.Training;

/// <summary>
/// A training step does not read back to the host (a GPU would wait at each read): the loss and metrics stay on the
/// device and are read only when something looks at the logs.
/// </summary>
[TestClass]
public sealed class HostReadTests
{
    [TestInitialize]
    public void Reset()
    {
        LayerNames.Reset();
        Config.SetSeed(5);
    }

    private static Sequential Classifier(Optimizer optimizer)
    {
        var model = new Sequential([new Input(shape: [2]), new Dense(8, activation: "relu"), new Dense(2, activation: "softmax")]);
        model.Compile(optimizer: optimizer, loss: "sparse_categorical_crossentropy", metrics: [new SparseCategoricalAccuracy(), new Mean()]);
        return model;
    }

    // Every kind of metric state: weighted means, confusion counts at thresholds, per-class and per-output sums.
    private static Sequential BinaryClassifier(Optimizer optimizer)
    {
        var model = new Sequential([new Input(shape: [2]), new Dense(8, activation: "relu"), new Dense(1, activation: "sigmoid")]);
        model.Compile(optimizer: optimizer, loss: "binary_crossentropy",
                      metrics: [new BinaryAccuracy(), new AUC(), new Precision(), new Recall(), new F1Score(threshold: 0.5), new R2Score(),
                                new MeanSquaredError(), new RootMeanSquaredError()]);
        return model;
    }

    private static long ReadsOfFit(int samples, int batchSize, Optimizer optimizer)
    {
        static (Tensor, Tensor) Data(int n, int seed)
        {
            var (x, labels) = TinyData.TwoClasses(n, seed);
            return (x, Ops.Cast(Ops.Reshape(labels, n, 1), DType.Float32));
        }
        var (x, y) = Data(samples, 6);
        var (vx, vy) = Data(40, 7);
        var model = BinaryClassifier(optimizer);
        long before = Tensor.HostReads;
        var history = model.Fit(x, y, batchSize: batchSize, epochs: 2, verbose: 0, validationData: (vx, vy), sampleWeight: Ops.Full([samples], 1.0));
        long reads = Tensor.HostReads - before;
        Assert.IsTrue(history["auc"][^1] is > 0 and <= 1 && history["val_precision"][^1] is >= 0 and <= 1, "the metrics were computed");
        return reads;
    }

    [TestMethod]
    public void FitReadsTheDeviceAPerEpochNumberOfTimesWhateverTheNumberOfSteps()
    {
        long fewSteps = ReadsOfFit(40, batchSize: 20, new Adam());
        long manySteps = ReadsOfFit(400, batchSize: 10, new Adam());
        Assert.AreEqual(fewSteps, manySteps, "2 steps or 40 steps per epoch: the same reads (the epochs' logs), none per step");
    }

    private static long ReadsOfCnnFit(int samples)
    {
        LayerNames.Reset();
        var x = Ops.RandomUniform([samples, 8, 8, 1], seed: 11);
        var y = Ops.Cast(Ops.Greater(Ops.Mean(x, [1, 2, 3]), Ops.Full([], 0.5)), DType.Int64);
        var model = new Sequential([
            new Input(shape: [8, 8, 1]), new Conv2D(4, 3, padding: "same"), new BatchNormalization(), new Activation("relu"),
            new MaxPooling2D(2), new Dropout(0.25), new Flatten(), new Dense(2, activation: "softmax")]);
        model.Compile(optimizer: new Adam(), loss: "sparse_categorical_crossentropy", metrics: ["accuracy"]);
        long before = Tensor.HostReads;
        model.Fit(x, y, batchSize: 8, epochs: 1, verbose: 0);
        return Tensor.HostReads - before;
    }

    [TestMethod]
    public void ConvolutionBatchNormAndDropoutReadNothingPerStep() =>
        Assert.AreEqual(ReadsOfCnnFit(16), ReadsOfCnnFit(80), "2 steps or 10: the same reads");

    [TestMethod]
    public void GlobalNormClippingReadsNothingPerStep()
    {
        long fewSteps = ReadsOfFit(40, batchSize: 20, new SGD(0.1, globalClipnorm: 0.01));
        long manySteps = ReadsOfFit(400, batchSize: 10, new SGD(0.1, globalClipnorm: 0.01));
        Assert.AreEqual(fewSteps, manySteps);
    }

    [TestMethod]
    public void GlobalNormClippingScalesOnTheDeviceAsOnTheHost()
    {
        // Gradients (3, 4) and (12): global norm 13; clipped to 6.5 they halve. Under the limit they are untouched.
        using var w1 = new Variable(Tensor.FromArray(new float[] { 1, 1 }, 2));
        using var w2 = new Variable(Tensor.FromArray(new float[] { 1 }, 1));
        var opt = new SGD(learningRate: 1.0, globalClipnorm: 6.5);
        opt.ApplyGradients([Tensor.FromArray(new float[] { 3, 4 }, 2), Tensor.FromArray(new float[] { 12 }, 1)], [w1, w2]);
        CollectionAssert.AreEqual(new float[] { -0.5f, -1f }, w1.ToArray<float>());
        CollectionAssert.AreEqual(new float[] { -5f }, w2.ToArray<float>());
        var loose = new SGD(learningRate: 1.0, globalClipnorm: 100);
        loose.ApplyGradients([Tensor.FromArray(new float[] { 3, 4 }, 2), Tensor.FromArray(new float[] { 12 }, 1)], [w1, w2]);
        CollectionAssert.AreEqual(new float[] { -3.5f, -5f }, w1.ToArray<float>());
        CollectionAssert.AreEqual(new float[] { -17f }, w2.ToArray<float>());
    }

    private sealed class KeepsBatchLogs : Callback
    {
        public readonly List<IReadOnlyDictionary<string, double>> Kept = [];
        public readonly List<Dictionary<string, double>> Copied = [];
        public override void OnTrainBatchEnd(int batch, IReadOnlyDictionary<string, double> logs)
        {
            Kept.Add(logs);
            if (batch == 1) Copied.Add(new Dictionary<string, double>(logs));
        }
    }

    [TestMethod]
    public void BatchLogsKeptUnreadPastTheNextStepFailLoudlyAndCopiesKeepTheirValues()
    {
        var (x, y) = TinyData.TwoClasses(60, seed: 8);
        var model = Classifier(new Adam());
        var keeper = new KeepsBatchLogs();
        var history = model.Fit(x, y, batchSize: 20, epochs: 1, verbose: 0, callbacks: [keeper]);
        var e = Assert.ThrowsExactly<InvalidOperationException>(() => _ = keeper.Kept[0]["loss"]);
        StringAssert.Contains(e.Message, "new Dictionary<string, double>(logs)");
        // Batch 1's copy was read in its own step; the last batch's logs are the epoch's.
        Assert.IsTrue(keeper.Copied[0]["loss"] > 0);
        Assert.AreEqual(history["loss"][0], keeper.Kept[2]["loss"], 1e-12);
        Assert.AreEqual(history["sparse_categorical_accuracy"][0], keeper.Kept[2]["sparse_categorical_accuracy"], 1e-12);
    }

    [TestMethod]
    public void TrainOnBatchReturnsTheBatchValuesReadOnce()
    {
        var (x, y) = TinyData.TwoClasses(20, seed: 9);
        var model = Classifier(new SGD(0.0));
        var logs = model.TrainOnBatch(x, y);
        var test = model.TestOnBatch(x, y);
        Assert.AreEqual(test["loss"], logs["loss"], 1e-6, "a learning rate of 0 leaves the weights as they were");
        Assert.AreEqual(test["sparse_categorical_accuracy"], logs["sparse_categorical_accuracy"], 1e-12);
    }
}
