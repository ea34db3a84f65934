using KerasSharp.ModelZoo.Tests.Support;
using KerasSharp.Models;

namespace KerasSharp.ModelZoo.Tests.Vision;

/// <summary>
/// Every architecture, built by the zoo with torchvision's seeded random weights loaded through the mapping table,
/// gives torchvision's logits for the same input (rtol 1e-4, atol 1e-4 of the largest logit) on both backends and in
/// both data formats. Small images where the depth makes 224x224 slow; 224x224 for ResNet-50 and AlexNet.
/// </summary>
[TestClass]
public sealed class TorchVisionParityTests
{
    [TestCleanup]
    public void RestoreBackend() => Backend.Set("native");

    [TestMethod]
    [DataRow("resnet18", 64, "channels_last", "native")]
    [DataRow("resnet18", 64, "channels_first", "native")]
    [DataRow("resnet18", 64, "channels_last", "torch")]
    [DataRow("resnet18", 64, "channels_first", "torch")]
    [DataRow("resnet34", 64, "channels_last", "native")]
    [DataRow("resnet34", 64, "channels_first", "torch")]
    [DataRow("resnet50", 224, "channels_last", "native")]
    [DataRow("resnet50", 224, "channels_first", "native")]
    [DataRow("resnet50", 224, "channels_last", "torch")]
    [DataRow("resnet50", 224, "channels_first", "torch")]
    [DataRow("resnet101", 64, "channels_last", "native")]
    [DataRow("resnet101", 64, "channels_first", "torch")]
    [DataRow("resnet152", 64, "channels_first", "native")]
    [DataRow("resnet152", 64, "channels_last", "torch")]
    [DataRow("alexnet", 224, "channels_last", "native")]
    [DataRow("alexnet", 224, "channels_first", "native")]
    [DataRow("alexnet", 224, "channels_last", "torch")]
    [DataRow("alexnet", 224, "channels_first", "torch")]
    public void MatchesTorchVision(string architecture, int size, string dataFormat, string backend)
    {
        var fixture = TorchVisionFixtures.Get(architecture, size);
        Backend.Set(backend);
        var model = Build(architecture, size, dataFormat);
        var state = KerasSharp.Saving.SafeTensors.Load(fixture.SafeTensors);
        TorchVisionWeights.Load(model, state);
        using var x = Input(fixture, dataFormat);
        var y = model.Predict(x).ToArray<float>();
        AssertClose(fixture.Logits, y, $"{architecture} {size} {dataFormat} {backend}");
    }

    [TestMethod]
    public void ParameterCountsAreTorchVisions()
    {
        // torchvision's published counts (models/*.py, "num_params"); BatchNorm's moving statistics are not parameters there.
        foreach (var (model, expected) in new[]
        {
            (Applications.ResNet18(weights: null), 11_689_512L), (Applications.ResNet34(weights: null), 21_797_672L),
            (Applications.ResNet50(weights: null), 25_557_032L), (Applications.ResNet101(weights: null), 44_549_160L),
            (Applications.ResNet152(weights: null), 60_192_808L), (Applications.AlexNet(weights: null), 61_100_840L),
        })
            Assert.AreEqual(expected, model.TrainableWeights.Sum(w => (long)w.Size), model.Name);
    }

    internal static Model Build(string architecture, int size, string dataFormat, string? weights = null, bool includeTop = true)
    {
        int?[] shape = dataFormat == "channels_first" ? [3, size, size] : [size, size, 3];
        return architecture switch
        {
            "resnet18" => Applications.ResNet18(weights, includeTop, shape, classifierActivation: null, dataFormat: dataFormat),
            "resnet34" => Applications.ResNet34(weights, includeTop, shape, classifierActivation: null, dataFormat: dataFormat),
            "resnet50" => Applications.ResNet50(weights, includeTop, shape, classifierActivation: null, dataFormat: dataFormat),
            "resnet101" => Applications.ResNet101(weights, includeTop, shape, classifierActivation: null, dataFormat: dataFormat),
            "resnet152" => Applications.ResNet152(weights, includeTop, shape, classifierActivation: null, dataFormat: dataFormat),
            "alexnet" => Applications.AlexNet(weights, includeTop, shape, classifierActivation: null, dataFormat: dataFormat),
            _ => throw new ArgumentException(architecture),
        };
    }

    /// <summary>The fixture's NCHW input in <paramref name="dataFormat"/>.</summary>
    internal static Tensor Input(TorchVisionFixtures.Fixture fixture, string dataFormat)
    {
        var nchw = Tensor.FromArray(fixture.Input, fixture.InputShape);
        return dataFormat == "channels_first" ? nchw : Ops.Transpose(nchw, [0, 2, 3, 1]);
    }

    internal static void AssertClose(float[] expected, float[] actual, string what)
    {
        Assert.HasCount(expected.Length, actual, what);
        double scale = expected.Max(v => Math.Abs(v));
        for (int i = 0; i < expected.Length; i++)
            Assert.AreEqual(expected[i], actual[i], 1e-4 * Math.Abs(expected[i]) + 1e-4 * scale, $"{what}: logit {i} (largest |logit| {scale:G4})");
    }
}
