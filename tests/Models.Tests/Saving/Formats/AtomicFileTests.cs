using KerasSharp.Saving;

namespace KerasSharp.Models.Tests.Saving.Formats;

[TestClass]
public sealed class AtomicFileTests
{
    [TestMethod]
    public void WritesThroughADotTmpFileInTheSameFolder()
    {
        using var dir = new TempFolder();
        var path = dir.File("weights.h5");
        string[] during = [];
        AtomicFile.Write(path, stream =>
        {
            Assert.IsTrue(stream.CanRead && stream.CanWrite && stream.CanSeek);
            stream.Write([1, 2, 3]);
            during = Directory.GetFiles(dir.Path).Select(Path.GetFileName).ToArray()!;
        });
        Assert.AreEqual(1, during.Length);
        StringAssert.StartsWith(during[0], ".weights.h5.");
        StringAssert.EndsWith(during[0], ".tmp");
        CollectionAssert.AreEqual(new byte[] { 1, 2, 3 }, File.ReadAllBytes(path));
        CollectionAssert.AreEqual(new[] { "weights.h5" }, Directory.GetFiles(dir.Path).Select(Path.GetFileName).ToArray());
    }

    [TestMethod]
    public void ReplacesAnExistingFile()
    {
        using var dir = new TempFolder();
        var path = dir.File("m.keras");
        File.WriteAllBytes(path, [9, 9, 9, 9, 9]);
        AtomicFile.WriteAllBytes(path, [7]);
        CollectionAssert.AreEqual(new byte[] { 7 }, File.ReadAllBytes(path));
    }

    [TestMethod]
    public void FailureLeavesTheOldFileAndNoTemporary()
    {
        using var dir = new TempFolder();
        var path = dir.File("m.keras");
        File.WriteAllBytes(path, [1, 2, 3]);
        var e = Assert.ThrowsExactly<InvalidOperationException>(() => AtomicFile.Write(path, stream =>
        {
            stream.Write(new byte[1000]);
            throw new InvalidOperationException("disk full, say");
        }));
        Assert.AreEqual("disk full, say", e.Message);
        CollectionAssert.AreEqual(new byte[] { 1, 2, 3 }, File.ReadAllBytes(path));
        CollectionAssert.AreEqual(new[] { "m.keras" }, Directory.GetFiles(dir.Path).Select(Path.GetFileName).ToArray());
    }

    [TestMethod]
    public void FailureWithNoOldFileLeavesNothing()
    {
        using var dir = new TempFolder();
        Assert.ThrowsExactly<IOException>(() => AtomicFile.Write(dir.File("new.bin"), _ => throw new IOException("boom")));
        Assert.AreEqual(0, Directory.GetFiles(dir.Path).Length);
    }

    [TestMethod]
    public void BareFileNameWritesInTheCurrentFolder()
    {
        using var dir = new TempFolder();
        var previous = Environment.CurrentDirectory;
        try
        {
            Environment.CurrentDirectory = dir.Path;
            AtomicFile.WriteAllBytes("bare.bin", [4, 2]);
        }
        finally { Environment.CurrentDirectory = previous; }
        CollectionAssert.AreEqual(new byte[] { 4, 2 }, File.ReadAllBytes(dir.File("bare.bin")));
    }
}
