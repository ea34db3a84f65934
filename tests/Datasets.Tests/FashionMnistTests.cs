namespace KerasSharp.Datasets.Tests;

[TestClass]
public sealed class FashionMnistTests
{
    [TestMethod]
    public void MissingFilesNameTheFileAndHowToGetIt()
    {
        var home = Path.Combine(Path.GetTempPath(), "ks-home-" + Guid.NewGuid().ToString("N"));
        var previous = Environment.GetEnvironmentVariable("KERASSHARP_HOME");
        try
        {
            Environment.SetEnvironmentVariable("KERASSHARP_HOME", home);
            var e = Assert.ThrowsExactly<FileNotFoundException>(() => Mnist.Load());
            StringAssert.Contains(e.Message, "train-images-idx3-ubyte.gz");
            StringAssert.Contains(e.Message, Path.Combine(home, "datasets", "mnist"));
        }
        finally
        {
            Environment.SetEnvironmentVariable("KERASSHARP_HOME", previous);
        }
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
