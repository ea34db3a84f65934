using KerasSharp.Saving;

namespace KerasSharp.Models.Tests.Saving.Formats;

/// <summary>
/// Damaged files (truncated at many offsets, random bytes flipped; fixed seeds): reading everything in them either
/// works or fails with <see cref="ModelFileException"/>; no other exception, no crash, no hang, no large allocation.
/// </summary>
[TestClass]
public sealed class FormatFuzzTests
{
    // The files are a few KiB: a reader that allocates more believed a size the file merely claims.
    private const long AllocationLimit = 64L << 20;

    private static void ReadAllH5(H5Reader h5, string group)
    {
        h5.ReadAttribute(group, "name");
        foreach (var d in h5.ListDatasets(group))
        {
            var path = group == "/" ? d : group + "/" + d;
            h5.GetDatasetInfo(path);
            h5.ReadDataset(path);
            h5.ReadAttribute(path, "dtype");
        }
        foreach (var g in h5.ListGroups(group)) ReadAllH5(h5, group == "/" ? g : group + "/" + g);
    }

    private static void ReadH5File(string path)
    {
        using var h5 = H5Reader.Open(path);
        ReadAllH5(h5, "/");
    }

    private static void ReadSafeTensors(string path)
    {
        using var file = SafeTensors.Open(path);
        foreach (var e in file.Entries) file.Read(e.Name);
    }

    private static void ReadKeras(string path)
    {
        using var archive = KerasArchive.Open(path);
        foreach (var e in archive.Entries.Where(e => e.Name.EndsWith(".json", StringComparison.Ordinal))) archive.ReadText(e.Name);
        using var h5 = archive.OpenWeights();
        ReadAllH5(h5, "/");
    }

    private static void Fuzz(byte[] original, string fileName, Action<string> readAll, int truncations, int flips, int seed)
    {
        using var dir = new TempFolder();
        DamagedFiles.AssertRefusedCleanly(original, dir.File(fileName), readAll, truncations, flips, seed, AllocationLimit);
    }

    [TestMethod]
    public void DamagedH5pyFiles()
    {
        using var dir = new TempFolder();
        var path = dir.File("h5py.h5");
        Python.Run("""
            import sys, h5py, numpy as np
            with h5py.File(sys.argv[1], "w") as f:
                f["layers/dense/vars/0"] = np.arange(24, dtype=np.float32).reshape(4, 6)
                f["layers/dense/vars/1"] = np.arange(6, dtype=np.float16)
                d = f.create_dataset("layers/bf/vars/0", data=np.arange(4, dtype=np.uint16))
                d.attrs["dtype"] = "bfloat16"
                f["layers/flags/vars/0"] = np.array([True, False])
                f["optimizer/vars/0"] = np.int64(3)
                f.create_dataset("layers/gz/vars/0", data=np.arange(200, dtype=np.float64), chunks=(50,), compression="gzip")
                f["layers/dense"].attrs["name"] = "dense"
                f.create_group("vars")
            """, needsH5py: true, path);
        Fuzz(File.ReadAllBytes(path), "fuzz.h5", ReadH5File, truncations: 200, flips: 400, seed: 11);
    }

    [TestMethod]
    public void DamagedH5FilesOfOurs()
    {
        using var stream = new MemoryStream();
        var writer = new H5Writer();
        writer.AddDataset("layers/dense/vars/0", Enumerable.Range(0, 24).Select(i => (float)i).ToArray(), DType.Float32, new Shape(4, 6));
        writer.AddDataset("layers/dense/vars/1", new[] { true, false }, DType.Bool, new Shape(2));
        writer.AddDataset("optimizer/vars/0", new long[] { 3 }, DType.Int64, Shape.Scalar);
        writer.SetAttribute("layers/dense", "name", "dense");
        writer.CreateGroup("vars");
        writer.Save(stream);
        Fuzz(stream.ToArray(), "fuzz.h5", ReadH5File, truncations: 150, flips: 300, seed: 12);
    }

    [TestMethod]
    public void DamagedSafeTensorsFiles()
    {
        using var dir = new TempFolder();
        var path = dir.File("base.safetensors");
        var tensors = new Dictionary<string, Tensor>
        {
            ["a"] = Tensor.FromArray(Enumerable.Range(0, 24).Select(i => (float)i).ToArray(), 4, 6),
            ["b"] = Tensor.FromArray(new long[] { 1, 2, 3 }),
            ["c"] = Tensor.FromArray(new[] { true, false }),
        };
        SafeTensors.Save(path, tensors, new Dictionary<string, string> { ["format"] = "pt" });
        foreach (var t in tensors.Values) t.Dispose();
        Fuzz(File.ReadAllBytes(path), "fuzz.safetensors", ReadSafeTensors, truncations: 150, flips: 300, seed: 13);
    }

    [TestMethod]
    public void DamagedKerasArchives()
    {
        using var dir = new TempFolder();
        var path = dir.File("base.keras");
        var weights = new H5Writer();
        weights.AddDataset("layers/dense/vars/0", Enumerable.Range(0, 24).Select(i => (float)i).ToArray(), DType.Float32, new Shape(4, 6));
        weights.AddDataset("layers/dense/vars/1", new float[6], DType.Float32, new Shape(6));
        weights.CreateGroup("vars");
        KerasArchive.Write(path, """{"keras_version": "3.5.0"}""", """{"class_name": "Sequential"}""", weights.Save);
        Fuzz(File.ReadAllBytes(path), "fuzz.keras", ReadKeras, truncations: 150, flips: 300, seed: 14);
    }
}
