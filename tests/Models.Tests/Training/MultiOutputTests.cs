using KerasSharp.Layers;

namespace KerasSharp.Models.Tests.Training;

/// <summary>A functional model with a classification head and a regression head, one loss (and weight) per output.</summary>
[TestClass]
public sealed class MultiOutputTests
{
    [TestInitialize]
    public void Reset()
    {
        LayerNames.Reset();
        Config.SetSeed(41);
    }

    private static Model TwoHeads()
    {
        var input = new Input(shape: [2], name: "features");
        var trunk = new Dense(16, activation: "relu").Apply(input);
        var cls = new Dense(2, activation: "softmax", name: "class").Apply(trunk);
        var value = new Dense(1, name: "value").Apply(trunk);
        return new Model(inputs: [input], outputs: [cls, value]);
    }

    /// <summary>Two-class labels and the regression target x0 - x1.</summary>
    private static (Tensor X, Tensor Class, Tensor Value) Data(int n, int seed)
    {
        var (x, y) = TinyData.TwoClasses(n, seed);
        var xs = x.ToArray<float>();
        var v = new float[n];
        for (int i = 0; i < n; i++) v[i] = xs[2 * i] - xs[2 * i + 1];
        return (x, y, Tensor.FromArray(v, n, 1));
    }

    [TestMethod]
    public void FitLogsTheTotalThePerOutputLossesAndPrefixedMetrics()
    {
        var (x, yc, yv) = Data(200, seed: 42);
        var model = TwoHeads();
        CollectionAssert.AreEqual(new[] { "class", "value" }, model.OutputNames.ToArray());
        model.Compile(optimizer: new KerasSharp.Optimizers.Adam(learningRate: 0.01), loss: ["sparse_categorical_crossentropy", "mse"],
                      metrics: ["accuracy"], lossWeights: [1.0, 0.5]);
        var history = model.Fit([x], [yc, yv], batchSize: 20, epochs: 15, verbose: 0, validationSplit: 0.2);
        foreach (var key in new[] { "loss", "class_loss", "value_loss", "class_accuracy", "val_loss", "val_class_loss", "val_value_loss", "val_class_accuracy" })
            Assert.IsTrue(history.Values.ContainsKey(key), $"'{key}' missing from {string.Join(", ", history.Values.Keys)}");
        Assert.IsLessThan(history["class_loss"][0], history["class_loss"][^1]);
        Assert.IsLessThan(history["value_loss"][0], history["value_loss"][^1]);
        Assert.IsGreaterThan(0.85, history["class_accuracy"][^1]);
        for (int e = 0; e < history.Epochs.Count; e++)
            Assert.AreEqual(history["class_loss"][e] + 0.5 * history["value_loss"][e], history["loss"][e], 1e-4 * history["loss"][e],
                            $"epoch {e}: the total is the weighted sum of the running means");
    }

    [TestMethod]
    public void TheTotalLossIsTheWeightedSumOfHandComputedLosses()
    {
        var (x, yc, yv) = Data(64, seed: 43);
        var model = TwoHeads();
        model.Compile(optimizer: "sgd", loss: ["sparse_categorical_crossentropy", "mse"], lossWeights: [0.3, 2.0]);
        model.Fit([x], [yc, yv], batchSize: 16, epochs: 2, verbose: 0);
        var predictions = model.PredictAll([x]);
        var probs = predictions[0].ToArray<float>();
        var values = predictions[1].ToArray<float>();
        var labels = yc.ToArray<long>();
        var targets = yv.ToArray<float>();
        double ce = 0, se = 0;
        for (int i = 0; i < 64; i++)
        {
            ce -= Math.Log(probs[2 * i + labels[i]]);
            se += (values[i] - targets[i]) * (double)(values[i] - targets[i]);
        }
        ce /= 64;
        se /= 64;
        var logs = model.TestOnBatch([x], [yc, yv]);
        Assert.AreEqual(ce, logs["class_loss"], 1e-5);
        Assert.AreEqual(se, logs["value_loss"], 1e-5);
        Assert.AreEqual(0.3 * ce + 2.0 * se, logs["loss"], 1e-5);
    }

    [TestMethod]
    public void OneLossPerOutputIsChecked()
    {
        var model = TwoHeads();
        var e = Assert.ThrowsExactly<ArgumentException>(() => model.Compile(optimizer: "sgd", loss: ["mse", "mse", "mse"]));
        StringAssert.Contains(e.Message, "has 2 outputs (class, value) but 3 losses were given");
    }
}
