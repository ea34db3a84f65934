using KerasSharp.Datasets;
using KerasSharp.Layers;
using KerasSharp.Models;

namespace KerasSharp.Backends.Torch.Tests;

/// <summary>Dataset pipelines on the torch backend: worker threads make torch tensors, Fit frees them.</summary>
[TestClass]
[DoNotParallelize] // switches the process-wide backend
public sealed class DatasetTorchTests
{
    [TestCleanup]
    public void RestoreBackend() => Backend.Set("native");

    private static Sequential NewModel()
    {
        LayerNames.Reset();
        Config.SetSeed(51);
        var model = new Sequential([new Input(shape: [3]), new Dense(6, activation: "tanh"), new Dense(1)]);
        model.Compile(optimizer: "adam", loss: "mse");
        return model;
    }

    [TestMethod]
    public void FitFromAPipelineOnTorchMatchesFitFromTensorsAndFreesEveryBatch()
    {
        Backend.Set("torch");
        var rng = new Random(3);
        var xa = new float[64, 3];
        var ya = new float[64, 1];
        for (int i = 0; i < 64; i++)
        {
            for (int j = 0; j < 3; j++) xa[i, j] = (float)(rng.NextDouble() * 2 - 1);
            ya[i, 0] = xa[i, 0] - 2 * xa[i, 1] + 0.5f * xa[i, 2];
        }
        using var x = Tensor.FromArray(xa);
        using var y = Tensor.FromArray(ya);
        Assert.AreEqual("torch", x.Backend.Name);

        var reference = NewModel();
        reference.Fit(x, y, batchSize: 16, epochs: 2, verbose: 0, shuffle: false);
        var expected = reference.GetWeights().SelectMany(w => w.ToArray<float>()).ToArray();

        var model = NewModel();
        var pipeline = Dataset.FromTensorSlices(x, y).Map((u, v) => (Ops.MultiplyScalar(u, 1), v), numParallelCalls: 2).Batch(16).Prefetch(2);
        model.Fit(pipeline, epochs: 2, verbose: 0);
        CollectionAssert.AreEqual(expected, model.GetWeights().SelectMany(w => w.ToArray<float>()).ToArray());

        long live = Tensor.LiveCount;
        model.Fit(pipeline.Cache(), epochs: 2, verbose: 0, validationData: Dataset.FromTensorSlices(x, y).Batch(32));
        model.Fit(pipeline, epochs: 1, verbose: 0);
        Assert.AreEqual(live, Tensor.LiveCount, "every batch and intermediate was freed");
        using var p = model.Predict(Dataset.FromTensorSlices(x).Batch(10));
        Assert.AreEqual("torch", p.Backend.Name);
        CollectionAssert.AreEqual(new[] { 64, 1 }, p.Shape.ToArray());
    }
}
