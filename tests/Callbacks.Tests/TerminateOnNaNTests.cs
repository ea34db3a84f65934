using KerasSharp.Layers;
using KerasSharp.Models;

namespace KerasSharp.Callbacks.Tests;

/// <summary>TerminateOnNaN stops at the first batch whose loss is not finite.</summary>
[TestClass]
public sealed class TerminateOnNaNTests
{
    [TestMethod]
    public void StopsAtTheBatchWithANaNLoss()
    {
        LayerNames.Reset();
        Config.SetSeed(10);
        var (x, y) = Tiny.TwoClasses(32, seed: 11);
        var values = x.ToArray<float>();
        values[2 * 21] = float.NaN;                       // sample 21 is in batch 2 (batches of 8, no shuffling)
        using var poisoned = Tensor.FromArray(values, 32, 2);
        var model = Tiny.Classifier();
        int batches = 0;
        var output = new StringWriter();
        var stop = new TerminateOnNaN { Output = output };
        var history = model.Fit(poisoned, y, batchSize: 8, epochs: 3, shuffle: false, verbose: 0,
                                callbacks: [new LambdaCallback(onTrainBatchEnd: (_, _) => batches++), stop]);
        Assert.AreEqual((0, 2), stop.StoppedAt);
        Assert.AreEqual(3, batches, "batches 0, 1 and 2 ran; then training stopped");
        Assert.HasCount(1, history.Epochs);
        Assert.AreEqual("Batch 2: Invalid loss, terminating training" + Environment.NewLine, output.ToString());
    }

    [TestMethod]
    public void FiniteLossesTrainToTheEnd()
    {
        LayerNames.Reset();
        var (x, y) = Tiny.TwoClasses(32, seed: 11);
        var stop = new TerminateOnNaN();
        var history = Tiny.Classifier().Fit(x, y, batchSize: 8, epochs: 2, verbose: 0, callbacks: [stop]);
        Assert.IsNull(stop.StoppedAt);
        Assert.HasCount(2, history.Epochs);
    }
}
