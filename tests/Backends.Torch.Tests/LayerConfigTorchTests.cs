using KerasSharp.Layers;
using KerasSharp.Layers.Tests.Saving;

namespace KerasSharp.Backends.Torch.Tests;

/// <summary>
/// On the torch backend, every sample layer rebuilt from its config with the weights copied gives bit-identical outputs
/// (inference and training) to the layer it was saved from, as on the native backend (Layers.Tests).
/// </summary>
[TestClass]
public sealed class LayerConfigTorchTests
{
    public static IEnumerable<object[]> LayerIds => LayerSamples.All.Select(s => new object[] { s.Id });

    [TestCleanup]
    public void RestoreBackend() => Backend.Set("native");

    [TestMethod]
    [DynamicData(nameof(LayerIds))]
    public void RebuiltLayer_GivesTheSameOutputsOnTorch(string id)
    {
        Backend.Set("torch");
        LayerRoundTrip.AssertSameOutputs(LayerSamples.Get(id));
    }

    [TestMethod]
    public void TheSamplesRunOnTorch()
    {
        // The inputs and the layer's weights live on the backend that was current when they were made.
        Backend.Set("torch");
        var sample = LayerSamples.Get("dense");
        var layer = sample.Make();
        var inputs = LayerSamples.Inputs(sample);
        using var y = layer.Apply(inputs[0]);
        Assert.AreEqual("torch", y.Backend.Name);
        Assert.AreEqual("torch", layer.Weights[0].Backend.Name);
    }
}
