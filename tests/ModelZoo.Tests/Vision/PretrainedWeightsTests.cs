using KerasSharp.Datasets;
using KerasSharp.Datasets.Tests;
using KerasSharp.ModelZoo.Tests.Support;

namespace KerasSharp.ModelZoo.Tests.Vision;

/// <summary>
/// The applications' <c>weights</c> argument: PyTorch files by path (zip and legacy formats), torchvision's published
/// files from the cache, a checked download through a mirror, the offline switch, and what fails loudly.
/// </summary>
[TestClass]
[DoNotParallelize] // the tests set process-wide environment variables
public sealed class PretrainedWeightsTests
{
    private string _home = "";
    private readonly Dictionary<string, string?> _saved = [];

    [TestInitialize]
    public void Start()
    {
        _home = Path.Combine(Path.GetTempPath(), "ks-zoo-home-" + Guid.NewGuid().ToString("N"));
        Set("KERASSHARP_HOME", _home);
        Set("KERASSHARP_OFFLINE", null);
        Set(PretrainedWeights.MirrorVariable, null);
    }

    [TestCleanup]
    public void Stop()
    {
        foreach (var (k, v) in _saved) Environment.SetEnvironmentVariable(k, v);
        if (Directory.Exists(_home)) Directory.Delete(_home, recursive: true);
    }

    private void Set(string name, string? value)
    {
        _saved.TryAdd(name, Environment.GetEnvironmentVariable(name));
        Environment.SetEnvironmentVariable(name, value);
    }

    [TestMethod]
    [DataRow("resnet18", 64, "zip")]
    [DataRow("resnet18", 64, "legacy")]
    [DataRow("alexnet", 224, "legacy")]
    public void APyTorchFile_LoadsByPath(string architecture, int size, string format)
    {
        var fixture = TorchVisionFixtures.Get(architecture, size, torchFiles: true);
        var model = TorchVisionParityTests.Build(architecture, size, "channels_last", weights: format == "zip" ? fixture.TorchZip : fixture.TorchLegacy);
        using var x = TorchVisionParityTests.Input(fixture, "channels_last");
        TorchVisionParityTests.AssertClose(fixture.Logits, model.Predict(x).ToArray<float>(), $"{architecture} {format}");
    }

    [TestMethod]
    public void ImageNet_UsesTheCachedPublishedFile_AndWithoutTheTopIgnoresTheClassifier()
    {
        var fixture = TorchVisionFixtures.Get("resnet18", 64, torchFiles: true);
        Directory.CreateDirectory(PretrainedWeights.CacheFolder);
        File.Copy(fixture.TorchZip, Path.Combine(PretrainedWeights.CacheFolder, "resnet18-f37072fd.pth"));
        Set("KERASSHARP_OFFLINE", "1");

        var full = Applications.ResNet18(weights: "imagenet", inputShape: [64, 64, 3], classifierActivation: null);
        using var x = TorchVisionParityTests.Input(fixture, "channels_last");
        TorchVisionParityTests.AssertClose(fixture.Logits, full.Predict(x).ToArray<float>(), "resnet18 imagenet from the cache");

        var backbone = Applications.ResNet18(weights: "imagenet", includeTop: false, pooling: "avg", inputShape: [64, 64, 3]);
        Assert.AreEqual(512, backbone.Outputs[0].Shape[^1]);
        CollectionAssert.AreEqual(full.GetLayer("layer4.1.conv2").Weights[0].ToArray<float>(), backbone.GetLayer("layer4.1.conv2").Weights[0].ToArray<float>());
    }

    [TestMethod]
    public void ImageNet_Offline_WithoutTheFile_SaysWhereToPutIt()
    {
        Set("KERASSHARP_OFFLINE", "1");
        var e = Assert.ThrowsExactly<DatasetDownloadException>(() => Applications.ResNet50(weights: "imagenet_v2"));
        StringAssert.Contains(e.Message, "resnet50-11ad3fa6.pth");
        StringAssert.Contains(e.Message, "https://download.pytorch.org/models/resnet50-11ad3fa6.pth");
        StringAssert.Contains(e.Message, PretrainedWeights.CacheFolder);
    }

    [TestMethod]
    public void ImageNet_FromAMirror_IsCheckedByTheHashInItsName()
    {
        using var server = new LocalHttpServer();
        server.Serve("resnet18-f37072fd.pth", File.ReadAllBytes(TorchVisionFixtures.Get("resnet18", 64, torchFiles: true).TorchZip));
        Set(PretrainedWeights.MirrorVariable, server.BaseUrl);
        var e = Assert.ThrowsExactly<DatasetDownloadException>(() => Applications.ResNet18(weights: "imagenet", inputShape: [64, 64, 3]));
        StringAssert.Contains(e.Message, "SHA-256 mismatch: expected f37072fd...");
        StringAssert.Contains(e.Message, server.BaseUrl + "resnet18-f37072fd.pth");
        Assert.AreEqual(1, server.Hits("resnet18-f37072fd.pth"));
        Assert.IsFalse(Directory.Exists(PretrainedWeights.CacheFolder) && Directory.EnumerateFiles(PretrainedWeights.CacheFolder).Any(), "nothing is left in the cache");
    }

    [TestMethod]
    public void Misuse_FailsSayingWhy()
    {
        var resnet34 = TorchVisionFixtures.Get("resnet18", 64, torchFiles: true);
        var wrong = Assert.ThrowsExactly<ArgumentException>(() => Applications.ResNet34(weights: resnet34.TorchZip, inputShape: [64, 64, 3]));
        StringAssert.Contains(wrong.Message, "missing keys");
        StringAssert.Contains(wrong.Message, "layer1.2.conv1.weight");

        var classes = Assert.ThrowsExactly<ArgumentException>(() => Applications.ResNet50(weights: "imagenet", classes: 10));
        StringAssert.Contains(classes.Message, "1000 classes");
        var missing = Assert.ThrowsExactly<ArgumentException>(() => Applications.AlexNet(weights: "no/such/file.pth"));
        StringAssert.Contains(missing.Message, "no such file");
        var pooling = Assert.ThrowsExactly<ArgumentException>(() => Applications.ResNet18(weights: null, includeTop: false, pooling: "mean"));
        StringAssert.Contains(pooling.Message, "\"avg\", \"max\" or null");
        var depth = Assert.ThrowsExactly<ArgumentException>(() => ResNet.Build(ResNetBlock.Basic, [1, 1, 1, 1], weights: "imagenet"));
        StringAssert.Contains(depth.Message, "ResNet-18/34/50/101/152 and AlexNet");
    }
}
