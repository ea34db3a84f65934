using KerasSharp.Saving;

namespace KerasSharp.Models.Tests.Saving.Formats;

/// <summary>
/// HDF5 files that PureHDF alone would mishandle. Without the structure check, the self-referencing soft links
/// overflow the stack inside PureHDF and kill the test host; the external link makes it open another file.
/// </summary>
[TestClass]
public sealed class H5HostileTests
{
    private static string WriteWithH5py(TempFolder dir, string name, string body)
    {
        var path = dir.File(name);
        Python.Run("import sys, h5py, numpy as np\n" + body, needsH5py: true, path);
        return path;
    }

    private static ModelFileException OpenAndWalk(string path)
    {
        return Assert.ThrowsExactly<ModelFileException>(() =>
        {
            using var h5 = H5Reader.Open(path);
            foreach (var g in h5.ListGroups("/")) h5.ListDatasets(g);
        });
    }

    [TestMethod]
    [DataRow("earliest")]
    [DataRow("latest")]
    public void SelfReferencingSoftLinkIsRefused(string libver)
    {
        using var dir = new TempFolder();
        var path = WriteWithH5py(dir, "soft.h5", $"""
            with h5py.File(sys.argv[1], "w", libver="{libver}") as f:
                g = f.create_group("g")
                g["x"] = np.zeros(3, np.float32)
                g["a"] = h5py.SoftLink("a")
            """);
        var e = OpenAndWalk(path);
        Assert.AreEqual(path, e.FilePath);
        Assert.AreEqual("/g/a", e.Entry);
        StringAssert.Contains(e.Message, "soft links are not supported");
    }

    [TestMethod]
    public void ExternalLinkIsRefused()
    {
        using var dir = new TempFolder();
        var other = WriteWithH5py(dir, "other.h5", """
            with h5py.File(sys.argv[1], "w") as f:
                f["x"] = np.ones(2, np.float32)
            """);
        var path = WriteWithH5py(dir, "ext.h5", $"""
            with h5py.File(sys.argv[1], "w") as f:
                f.create_group("g")["e"] = h5py.ExternalLink("{other}", "/x")
            """);
        var e = OpenAndWalk(path);
        Assert.AreEqual("/g/e", e.Entry);
        StringAssert.Contains(e.Message, "external links are not supported");
    }

    [TestMethod]
    public void HardLinkCycleIsRefused()
    {
        using var dir = new TempFolder();
        var path = WriteWithH5py(dir, "cycle.h5", """
            with h5py.File(sys.argv[1], "w") as f:
                g = f.create_group("a/b")
                g["up"] = f["a"]
            """);
        var e = OpenAndWalk(path);
        StringAssert.Contains(e.Message, "linked from more than one place");
    }

    [TestMethod]
    public void DenseLinkStorageIsRefusedWithAReason()
    {
        using var dir = new TempFolder();
        var path = WriteWithH5py(dir, "dense.h5", """
            with h5py.File(sys.argv[1], "w", libver="latest") as f:
                g = f.create_group("vars")
                for i in range(20):
                    g[str(i)] = np.zeros(2, np.float32)
            """);
        var e = OpenAndWalk(path);
        Assert.AreEqual("/vars", e.Entry);
        StringAssert.Contains(e.Message, "dense storage");
    }

    [TestMethod]
    public void LatestFormatWithFewLinksReads()
    {
        using var dir = new TempFolder();
        var path = WriteWithH5py(dir, "latest.h5", """
            with h5py.File(sys.argv[1], "w", libver="latest") as f:
                f["layers/d/vars/0"] = np.arange(6, dtype=np.float32).reshape(2, 3)
            """);
        using var h5 = H5Reader.Open(path);
        CollectionAssert.AreEqual(new float[] { 0, 1, 2, 3, 4, 5 }, (float[])h5.ReadDataset("layers/d/vars/0"));
    }

    [TestMethod]
    public void NotHdf5AndTruncatedFilesAreErrors()
    {
        using var dir = new TempFolder();
        var text = dir.File("text.h5");
        File.WriteAllText(text, "this is not an HDF5 file at all");
        var notH5 = Assert.ThrowsExactly<ModelFileException>(() => H5Reader.Open(text));
        Assert.IsNull(notH5.Entry);
        Assert.AreEqual($"'{text}': not an HDF5 file (no HDF5 signature found).", notH5.Message);

        var good = dir.File("good.h5");
        var writer = new H5Writer();
        writer.AddDataset("layers/d/vars/0", new float[1000], DType.Float32, new Shape(10, 100));
        writer.Save(good);
        var bytes = File.ReadAllBytes(good);
        var cut = dir.File("cut.h5");
        File.WriteAllBytes(cut, bytes[..(bytes.Length / 2)]);
        Assert.ThrowsExactly<ModelFileException>(() =>
        {
            using var h5 = H5Reader.Open(cut);
            h5.ReadDataset("layers/d/vars/0");
        });

        var missing = Assert.ThrowsExactly<ModelFileException>(() => H5Reader.Open(dir.File("absent.h5")));
        StringAssert.Contains(missing.Message, "does not exist");
    }

    [TestMethod]
    public void MissingDatasetNamesTheFileAndPath()
    {
        using var dir = new TempFolder();
        var path = dir.File("w.h5");
        var writer = new H5Writer();
        writer.AddDataset("layers/d/vars/0", new float[] { 1 }, DType.Float32, new Shape(1));
        writer.Save(path);
        using var h5 = H5Reader.Open(path);
        var e = Assert.ThrowsExactly<ModelFileException>(() => h5.ReadDataset("layers/d/vars/1"));
        Assert.AreEqual($"'{path}': /layers/d/vars/1: no such dataset.", e.Message);
        Assert.ThrowsExactly<ModelFileException>(() => h5.ReadDataset("layers/d"));
        Assert.ThrowsExactly<ModelFileException>(() => h5.ListDatasets("layers/d/vars/0"));
        // Paths: a leading or trailing slash is fine; empty, "." and ".." segments are the caller's mistake.
        CollectionAssert.AreEqual(new float[] { 1 }, (float[])h5.ReadDataset("/layers/d/vars/0/"));
        Assert.ThrowsExactly<ArgumentException>(() => h5.ReadDataset("layers//d"));
        Assert.ThrowsExactly<ArgumentException>(() => h5.ReadDataset("layers/../d"));
    }
}
