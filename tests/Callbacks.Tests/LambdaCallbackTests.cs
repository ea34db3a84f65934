using KerasSharp.Layers;

namespace KerasSharp.Callbacks.Tests;

/// <summary>LambdaCallback calls each delegate from its hook, in Fit, Evaluate and Predict.</summary>
[TestClass]
public sealed class LambdaCallbackTests
{
    [TestMethod]
    public void EveryHookReachesItsDelegate()
    {
        LayerNames.Reset();
        var (x, y) = Tiny.TwoClasses(24, seed: 15);
        var model = Tiny.Classifier();
        var events = new List<string>();
        var lambda = new LambdaCallback(
            onTrainBegin: _ => events.Add("train_begin"),
            onEpochBegin: (e, _) => events.Add($"epoch_begin {e}"),
            onTrainBatchEnd: (b, logs) => events.Add($"batch_end {b} {logs.ContainsKey("loss")}"),
            onEpochEnd: (e, logs) => events.Add($"epoch_end {e} {logs.ContainsKey("val_loss")}"),
            onTestBegin: _ => events.Add("test_begin"),
            onTrainEnd: _ => events.Add("train_end"),
            onPredictBatchEnd: (b, _) => events.Add($"predict_batch_end {b}"));
        model.Fit(x, y, batchSize: 16, epochs: 1, validationSplit: 0.25, verbose: 0, callbacks: [lambda]);
        model.Predict(x, batchSize: 16, verbose: 0, callbacks: [lambda]);
        CollectionAssert.AreEqual(new[]
        {
            "train_begin", "epoch_begin 0", "batch_end 0 True", "batch_end 1 True", "test_begin", "epoch_end 0 True", "train_end",
            "predict_batch_end 0", "predict_batch_end 1",
        }, events);
    }
}
