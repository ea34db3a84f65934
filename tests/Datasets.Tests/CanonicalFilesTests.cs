namespace KerasSharp.Datasets.Tests;

[TestClass]
public sealed class CanonicalFilesTests
{
    private static readonly string[] Names =
        ["train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"];

    [TestMethod]
    public void EveryFileHasTwoMirrorsASizeAndASha256()
    {
        foreach (var table in new[] { CanonicalFiles.FashionMnist, CanonicalFiles.Mnist })
        {
            CollectionAssert.AreEqual(Names, table.Select(f => f.Name).ToArray());
            foreach (var file in table)
            {
                Assert.MatchesRegex("^[0-9a-f]{64}$", file.Sha256, file.Name);
                Assert.HasCount(2, file.Urls);
                foreach (var url in file.Urls)
                {
                    StringAssert.EndsWith(url, "/" + file.Name);
                    StringAssert.StartsWith(url, "http");
                }
            }
        }
    }

    [TestMethod]
    public void SizesFitTheImageCounts()
    {
        // The .gz files must be smaller than the IDX data they hold and not absurdly small.
        foreach (var table in new[] { CanonicalFiles.FashionMnist, CanonicalFiles.Mnist })
        {
            long[] unpacked = [16 + 60000L * 784, 8 + 60000, 16 + 10000L * 784, 8 + 10000];
            for (int i = 0; i < 4; i++)
                Assert.IsTrue(table[i].Size > unpacked[i] / 20 && table[i].Size < unpacked[i], table[i].Name);
        }
    }
}
