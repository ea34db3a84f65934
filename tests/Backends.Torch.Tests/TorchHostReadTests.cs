using KerasSharp.Layers;
using KerasSharp.Metrics;
using KerasSharp.Models;

namespace KerasSharp.Backends.Torch.Tests;

/// <summary>On the torch backend too, a training step reads nothing back, and the device-side metrics give native's values.</summary>
[TestClass]
[DoNotParallelize] // switches the process-wide backend
public sealed class TorchHostReadTests
{
    [TestCleanup]
    public void RestoreBackend() => Backend.Set("native");

    private static (long Reads, IReadOnlyDictionary<string, List<double>> History) FitOn(string backend, int samples)
    {
        // The same starting weights on both backends (each draws its own initial values).
        Backend.Set("native");
        LayerNames.Reset();
        Config.SetSeed(61);
        var start = NewModel().GetWeights().Select(w => w.ToArray<float>()).ToArray();
        Backend.Set(backend);
        var rng = new Random(62);
        var xa = new float[samples, 3];
        var ya = new long[samples];
        for (int i = 0; i < samples; i++)
        {
            for (int j = 0; j < 3; j++) xa[i, j] = (float)(rng.NextDouble() * 2 - 1);
            ya[i] = xa[i, 0] - xa[i, 1] > 0 ? 1 : 0;
        }
        using var x = Tensor.FromArray(xa);
        using var y = Tensor.FromArray(ya);
        var model = NewModel();
        model.SetWeights(model.Weights.Select((w, i) => Tensor.FromArray(start[i], w.Shape.ToArray())).ToArray());
        model.Compile(optimizer: new Optimizers.SGD(0.1, globalClipnorm: 1.0), loss: "sparse_categorical_crossentropy",
                      metrics: [new SparseCategoricalAccuracy(), new Mean()]);
        long before = Tensor.HostReads;
        var history = model.Fit(x, y, batchSize: 10, epochs: 2, verbose: 0, shuffle: false);
        return (Tensor.HostReads - before, history.Values);
    }

    private static Sequential NewModel() =>
        new([new Input(shape: [3]), new Dense(6, activation: "tanh"), new Dense(2, activation: "softmax")]);

    [TestMethod]
    public void TorchFitReadsPerEpochNotPerStepAndItsMetricsMatchNative()
    {
        var few = FitOn("torch", 20);
        var many = FitOn("torch", 200);
        Assert.AreEqual(few.Reads, many.Reads, "2 steps or 20 steps per epoch: the same reads");
        var native = FitOn("native", 200);
        foreach (var key in new[] { "loss", "sparse_categorical_accuracy", "mean" })
            for (int e = 0; e < 2; e++)
                Assert.AreEqual(native.History[key][e], many.History[key][e], 1e-5, $"{key}, epoch {e}");
    }
}
