namespace KerasSharp.Datasets.Tests;

[TestClass]
[DoNotParallelize] // sets process-wide environment variables
public sealed class FashionMnistTests
{
    [TestMethod]
    public void MissingFilesNameTheFileAndHowToGetIt()
    {
        var home = Path.Combine(Path.GetTempPath(), "ks-home-" + Guid.NewGuid().ToString("N"));
        // Offline, so that the test never reaches for the internet.
        using var env = new EnvironmentScope(("KERASSHARP_HOME", home), ("KERASSHARP_OFFLINE", "1"));
        var e = Assert.ThrowsExactly<FileNotFoundException>(() => Mnist.Load());
        StringAssert.Contains(e.Message, "train-images-idx3-ubyte.gz");
        StringAssert.Contains(e.Message, Path.Combine(home, "datasets", "mnist"));
        StringAssert.Contains(e.Message, "/usr/share/datasets/mnist");
        StringAssert.Contains(e.Message, "https://ossci-datasets.s3.amazonaws.com/mnist/train-images-idx3-ubyte.gz");
    }

    [TestMethod]
    public void LoadsTheDebianCopyWhenInstalled()
    {
        if (!File.Exists("/usr/share/datasets/fashion-mnist/t10k-labels-idx1-ubyte.gz"))
            Assert.Inconclusive("dataset-fashion-mnist is not installed (.ci/run installs it)");
        var ((xTrain, yTrain), (xTest, yTest)) = FashionMnist.Load();
        CollectionAssert.AreEqual(new[] { 60000, 28, 28 }, xTrain.Shape.ToArray());
        CollectionAssert.AreEqual(new[] { 10000 }, yTest.Shape.ToArray());
        Assert.AreEqual(DType.UInt8, xTest.DType);
        // Every class appears 6,000 times in the training labels and 1,000 times in the test labels.
        var counts = new int[10];
        foreach (var label in yTrain.ToArray<byte>()) counts[label]++;
        CollectionAssert.AreEqual(Enumerable.Repeat(6000, 10).ToArray(), counts);
        Assert.AreEqual(10000, xTest.Shape[0]);
    }
}
