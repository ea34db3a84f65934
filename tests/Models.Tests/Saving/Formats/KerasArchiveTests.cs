using System.Text.Json;
using KerasSharp.Saving;

namespace KerasSharp.Models.Tests.Saving.Formats;

/// <summary>.keras archives: our round trip, Python's zipfile and h5py on ours, and ours on Python's.</summary>
[TestClass]
public sealed class KerasArchiveTests
{
    private const string Metadata = """{"keras_version": "3.5.0", "date_saved": "2025-01-01@00:00:00", "note": "π ✓"}""";
    private const string Config = """{"module": "keras", "class_name": "Sequential", "config": {"name": "sequential"}}""";

    private static void WriteSample(string path)
    {
        var weights = new H5Writer();
        weights.AddDataset("layers/dense/vars/0", new float[] { 1, 2, 3, 4, 5, 6 }, DType.Float32, new Shape(2, 3));
        weights.AddDataset("layers/dense/vars/1", new float[] { 0.5f, -0.5f, 0 }, DType.Float32, new Shape(3));
        weights.CreateGroup("optimizer/vars");
        weights.CreateGroup("vars");
        KerasArchive.Write(path, Metadata, Config, weights.Save);
    }

    [TestMethod]
    public void RoundTrip()
    {
        using var dir = new TempFolder();
        var path = dir.File("model.keras");
        WriteSample(path);

        using var archive = KerasArchive.Open(path);
        CollectionAssert.AreEqual(new[] { "metadata.json", "config.json", "model.weights.h5" }, archive.Entries.Select(e => e.Name).ToArray());
        Assert.IsTrue(archive.Entries.All(e => e.IsStored));
        Assert.AreEqual(Metadata, archive.ReadText(KerasArchive.MetadataEntry));
        Assert.AreEqual(Config, archive.ReadText(KerasArchive.ConfigEntry));
        using var h5 = archive.OpenWeights();
        CollectionAssert.AreEqual(new float[] { 1, 2, 3, 4, 5, 6 }, (float[])h5.ReadDataset("layers/dense/vars/0"));
        Assert.IsTrue(h5.GroupExists("optimizer/vars"));
        var e = Assert.ThrowsExactly<ModelFileException>(() => h5.ReadDataset("layers/dense/vars/7"));
        Assert.AreEqual(path, e.FilePath);
        Assert.AreEqual("model.weights.h5:/layers/dense/vars/7", e.Entry);
        var missing = Assert.ThrowsExactly<ModelFileException>(() => archive.ReadText("assets/vocab.txt"));
        Assert.AreEqual("assets/vocab.txt", missing.Entry);
    }

    [TestMethod]
    public void WeightsStreamIsAWindowOverTheArchive()
    {
        using var dir = new TempFolder();
        var path = dir.File("model.keras");
        WriteSample(path);
        var archive = KerasArchive.Open(path);
        var entry = archive.Entries.Single(e => e.Name == KerasArchive.WeightsEntry);
        using var stream = archive.OpenSeekable(KerasArchive.WeightsEntry);
        // The stream keeps reading the archive it came from: after the reader is gone and the path names another file.
        archive.Dispose();
        AtomicFile.WriteAllBytes(path, new byte[100]);
        Assert.IsTrue(stream.CanSeek);
        Assert.AreEqual(entry.Size, stream.Length);
        // The window starts at the HDF5 signature and ends where the entry does.
        var head = new byte[8];
        stream.ReadExactly(head);
        CollectionAssert.AreEqual(new byte[] { 0x89, (byte)'H', (byte)'D', (byte)'F', 0x0d, 0x0a, 0x1a, 0x0a }, head);
        stream.Position = stream.Length - 1;
        Assert.AreEqual(1, stream.Read(new byte[10]));
        Assert.AreEqual(0, stream.Read(new byte[10]));
    }

    private const string PythonReadsScript = """
        import sys, io, json, zipfile, h5py, numpy as np
        with zipfile.ZipFile(sys.argv[1]) as z:
            assert z.testzip() is None, "bad CRC"
            infos = z.infolist()
            weights = io.BytesIO(z.read("model.weights.h5"))
            with h5py.File(weights, "r") as f:
                kernel = f["layers/dense/vars/0"][()]
                groups = sorted(k for k in f["optimizer"].keys())
            print(json.dumps({
                "names": [i.filename for i in infos],
                "stored": [i.compress_type == zipfile.ZIP_STORED for i in infos],
                "metadata": json.loads(z.read("metadata.json").decode("utf-8")),
                "config": json.loads(z.read("config.json").decode("utf-8")),
                "kernel": kernel.ravel().tolist(), "shape": list(kernel.shape), "optimizer": groups}))
        """;

    [TestMethod]
    public void PythonZipfileAndH5pyReadOurs()
    {
        using var dir = new TempFolder();
        var path = dir.File("model.keras");
        WriteSample(path);
        using var doc = JsonDocument.Parse(Python.Run(PythonReadsScript, needsH5py: true, path));
        var r = doc.RootElement;
        CollectionAssert.AreEqual(new[] { "metadata.json", "config.json", "model.weights.h5" }, r.GetProperty("names").EnumerateArray().Select(e => e.GetString()).ToArray());
        Assert.IsTrue(r.GetProperty("stored").EnumerateArray().All(e => e.GetBoolean()));
        Assert.AreEqual("π ✓", r.GetProperty("metadata").GetProperty("note").GetString());
        Assert.AreEqual("Sequential", r.GetProperty("config").GetProperty("class_name").GetString());
        CollectionAssert.AreEqual(new double[] { 1, 2, 3, 4, 5, 6 }, r.GetProperty("kernel").EnumerateArray().Select(e => e.GetDouble()).ToArray());
        CollectionAssert.AreEqual(new[] { 2, 3 }, r.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()).ToArray());
        CollectionAssert.AreEqual(new[] { "vars" }, r.GetProperty("optimizer").EnumerateArray().Select(e => e.GetString()).ToArray());
    }

    // Written the way Keras 3 does (zipfile, the weights streamed into a force_zip64 entry), with a deflated config
    // and an assets folder; and a second archive whose weights are deflated.
    private const string PythonWritesScript = """
        import sys, io, json, zipfile, h5py, numpy as np
        def weights():
            b = io.BytesIO()
            with h5py.File(b, "w") as f:
                f["layers/dense/vars/0"] = np.arange(12, dtype=np.float32).reshape(3, 4)
                f.create_group("vars")
            return b.getvalue()
        with zipfile.ZipFile(sys.argv[1], "w") as z:
            z.writestr("metadata.json", json.dumps({"keras_version": "3.5.0"}))
            z.writestr(zipfile.ZipInfo("config.json"), json.dumps({"class_name": "Functional", "pad": "x" * 5000}), compress_type=zipfile.ZIP_DEFLATED)
            with z.open("model.weights.h5", "w", force_zip64=True) as f:
                f.write(weights())
            z.writestr("assets/", "")
        with zipfile.ZipFile(sys.argv[2], "w", compression=zipfile.ZIP_DEFLATED) as z:
            z.writestr("metadata.json", "{}")
            z.writestr("config.json", "{}")
            z.writestr("model.weights.h5", weights())
        """;

    [TestMethod]
    public void WeReadPythonWrittenArchives()
    {
        using var dir = new TempFolder();
        var keras = dir.File("python.keras");
        var deflated = dir.File("deflated.keras");
        Python.Run(PythonWritesScript, needsH5py: true, keras, deflated);

        using (var archive = KerasArchive.Open(keras))
        {
            CollectionAssert.AreEqual(new[] { "metadata.json", "config.json", "model.weights.h5", "assets/" }, archive.Entries.Select(e => e.Name).ToArray());
            Assert.IsFalse(archive.Entries[1].IsStored);
            using var config = JsonDocument.Parse(archive.ReadText(KerasArchive.ConfigEntry));
            Assert.AreEqual(5000, config.RootElement.GetProperty("pad").GetString()!.Length);
            using var h5 = archive.OpenWeights();
            CollectionAssert.AreEqual(Enumerable.Range(0, 12).Select(i => (float)i).ToArray(), (float[])h5.ReadDataset("layers/dense/vars/0"));
        }
        using (var archive = KerasArchive.Open(deflated))
        {
            Assert.IsFalse(archive.Entries.Single(e => e.Name == KerasArchive.WeightsEntry).IsStored);
            using var h5 = archive.OpenWeights();
            Assert.AreEqual(new Shape(3, 4), h5.GetDatasetInfo("layers/dense/vars/0").Shape);
            CollectionAssert.AreEqual(Enumerable.Range(0, 12).Select(i => (float)i).ToArray(), (float[])h5.ReadDataset("layers/dense/vars/0"));
        }
    }

    [TestMethod]
    public void FailedWriteLeavesTheOldArchive()
    {
        using var dir = new TempFolder();
        var path = dir.File("model.keras");
        WriteSample(path);
        var before = File.ReadAllBytes(path);
        Assert.ThrowsExactly<InvalidOperationException>(() =>
            KerasArchive.Write(path, "{}", "{}", _ => throw new InvalidOperationException("weights failed")));
        CollectionAssert.AreEqual(before, File.ReadAllBytes(path));
        CollectionAssert.AreEqual(new[] { "model.keras" }, Directory.GetFiles(dir.Path).Select(Path.GetFileName).ToArray());
    }
}
