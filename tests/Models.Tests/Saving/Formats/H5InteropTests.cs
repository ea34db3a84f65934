using System.Text.Json;
using KerasSharp.Saving;

namespace KerasSharp.Models.Tests.Saving.Formats;

/// <summary>Our HDF5 files against h5py: h5py reads what we write, we read what h5py writes.</summary>
[TestClass]
public sealed class H5InteropTests
{
    // Prints every group (with attributes) and dataset (shape, dtype, flat values, attributes) as JSON.
    private const string DumpScript = """
        import sys, json, h5py, numpy as np
        def attrs(o):
            return {k: (v.decode() if isinstance(v, bytes) else str(v)) for k, v in o.attrs.items()}
        out = {"groups": {}, "datasets": {}}
        with h5py.File(sys.argv[1], "r") as f:
            out["groups"]["/"] = attrs(f)
            def visit(name, obj):
                if isinstance(obj, h5py.Group):
                    out["groups"]["/" + name] = attrs(obj)
                else:
                    out["datasets"]["/" + name] = {"shape": list(obj.shape), "dtype": str(obj.dtype),
                        "values": np.asarray(obj[()]).ravel().tolist(), "attrs": attrs(obj)}
            f.visititems(visit)
        print(json.dumps(out))
        """;

    [TestMethod]
    public void H5pyReadsWhatWeWrite()
    {
        using var dir = new TempFolder();
        var path = dir.File("ours.weights.h5");
        var h5 = new H5Writer();
        h5.AddDataset("layers/dense/vars/0", new float[] { 1.5f, -2.25f, 3e-8f, 1e30f, 0f, -7f }, DType.Float32, new Shape(2, 3));
        h5.AddDataset("layers/dense/vars/1", new float[] { 0.1f, 0.2f, 0.3f }, DType.Float32, new Shape(3));
        h5.AddDataset("layers/dense/vars/2", Array.Empty<float>(), DType.Float32, new Shape(0, 3));
        h5.AddDataset("layers/flag/vars/0", new[] { true, false, true, true }, DType.Bool, new Shape(4));
        h5.AddDataset("layers/ints/vars/0", new[] { int.MinValue, -1, 0, int.MaxValue }, DType.Int32, new Shape(2, 2));
        h5.AddDataset("layers/longs/vars/0", new[] { long.MinValue, 5L, long.MaxValue }, DType.Int64, new Shape(3));
        h5.AddDataset("layers/bytes/vars/0", new byte[] { 0, 128, 255 }, DType.UInt8, new Shape(3));
        h5.AddDataset("layers/doubles/vars/0", new[] { Math.PI, -1e-300 }, DType.Float64, new Shape(2));
        h5.AddDataset("optimizer/vars/0", new long[] { 7 }, DType.Int64, Shape.Scalar);
        h5.AddDataset("optimizer/vars/1", new float[] { 0.5f }, DType.Float32, Shape.Scalar);
        h5.AddDataset("optimizer/vars/2", new[] { true }, DType.Bool, Shape.Scalar);
        h5.CreateGroup("vars");
        h5.CreateGroup("layers/dropout/vars");
        h5.SetAttribute("layers/dense", "name", "dense");
        h5.SetAttribute("layers/dense/vars/0", "note", "héllo ✓");
        h5.Save(path);

        using var doc = JsonDocument.Parse(Python.Run(DumpScript, needsH5py: true, path));
        var groups = doc.RootElement.GetProperty("groups");
        var datasets = doc.RootElement.GetProperty("datasets");
        CollectionAssert.AreEquivalent(
            new[] { "/", "/layers", "/layers/dense", "/layers/dense/vars", "/layers/flag", "/layers/flag/vars", "/layers/ints",
                    "/layers/ints/vars", "/layers/longs", "/layers/longs/vars", "/layers/bytes", "/layers/bytes/vars",
                    "/layers/doubles", "/layers/doubles/vars", "/optimizer", "/optimizer/vars", "/vars", "/layers/dropout",
                    "/layers/dropout/vars" },
            groups.EnumerateObject().Select(p => p.Name).ToArray());
        Assert.AreEqual("dense", groups.GetProperty("/layers/dense").GetProperty("name").GetString());

        void Check(string name, string dtype, int[] shape, params double[] values)
        {
            var d = datasets.GetProperty(name);
            Assert.AreEqual(dtype, d.GetProperty("dtype").GetString(), name);
            CollectionAssert.AreEqual(shape, d.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()).ToArray(), name);
            var actual = d.GetProperty("values").EnumerateArray().Select(e => e.ValueKind switch
            {
                JsonValueKind.True => 1.0,
                JsonValueKind.False => 0.0,
                _ => e.GetDouble(),
            }).ToArray();
            CollectionAssert.AreEqual(values, actual, name);
        }

        Check("/layers/dense/vars/0", "float32", [2, 3], 1.5, -2.25, (double)3e-8f, (double)1e30f, 0, -7);
        Check("/layers/dense/vars/1", "float32", [3], (double)0.1f, (double)0.2f, (double)0.3f);
        Check("/layers/dense/vars/2", "float32", [0, 3]);
        Check("/layers/flag/vars/0", "bool", [4], 1, 0, 1, 1);
        Check("/layers/ints/vars/0", "int32", [2, 2], int.MinValue, -1, 0, int.MaxValue);
        Check("/layers/bytes/vars/0", "uint8", [3], 0, 128, 255);
        Check("/layers/doubles/vars/0", "float64", [2], Math.PI, -1e-300);
        Check("/optimizer/vars/0", "int64", [], 7);
        Check("/optimizer/vars/1", "float32", [], 0.5);
        Check("/optimizer/vars/2", "bool", [], 1);
        // int64 extremes do not survive a double: compare them as integers.
        var longs = datasets.GetProperty("/layers/longs/vars/0");
        Assert.AreEqual("int64", longs.GetProperty("dtype").GetString());
        CollectionAssert.AreEqual(new[] { long.MinValue, 5L, long.MaxValue }, longs.GetProperty("values").EnumerateArray().Select(e => e.GetInt64()).ToArray());
        Assert.AreEqual("héllo ✓", datasets.GetProperty("/layers/dense/vars/0").GetProperty("attrs").GetProperty("note").GetString());
    }

    private const string WriteScript = """
        import sys, h5py, numpy as np
        with h5py.File(sys.argv[1], "w") as f:
            v = f.create_group("layers/dense/vars")
            v["0"] = np.array([[1.5, -2], [65504, 6.1035156e-05]], dtype=np.float16)
            # bfloat16 the way Keras stores it: the top 16 bits in a uint16 dataset tagged dtype="bfloat16".
            bits = (np.array([1.0, -2.5, 3.140625], dtype=np.float32).view(np.uint32) >> 16).astype(np.uint16)
            d = v.create_dataset("1", data=bits)
            d.attrs["dtype"] = "bfloat16"
            f["layers/dense"].attrs["name"] = "dense"
            f["layers/u32/vars/0"] = np.array([0, 4000000000], np.uint32)
            f["layers/u64/vars/0"] = np.array([1, 2**62], np.uint64)
            f["layers/u16/vars/0"] = np.array([65535, 1], np.uint16)
            f["layers/i8/vars/0"] = np.array([-128, 127], np.int8)
            f["layers/i16/vars/0"] = np.array([-32768, 5], np.int16)
            f["layers/b/vars/0"] = np.array([True, False, True])
            f["layers/b/vars/1"] = np.bool_(True)
            f["layers/e/vars/0"] = np.zeros((0, 4), np.float32)
            f["layers/be/vars/0"] = np.array([1.5, -3], dtype=">f4")
            f["layers/be/vars/1"] = np.array([1, -3], dtype=">i8")
            f.create_dataset("layers/gz/vars/0", data=np.arange(1000, dtype=np.float32).reshape(10, 100), chunks=(5, 50), compression="gzip")
            f["optimizer/vars/0"] = np.int64(42)
            f["optimizer/vars/1"] = np.float32(0.25)
            f["bad/vars/0"] = np.array([2**63], np.uint64)
            f.create_group("vars")
            f.create_group("layers/empty/vars")
        """;

    [TestMethod]
    public void WeReadWhatH5pyWrites()
    {
        using var dir = new TempFolder();
        var path = dir.File("h5py.weights.h5");
        Python.Run(WriteScript, needsH5py: true, path);
        using var h5 = H5Reader.Open(path);

        CollectionAssert.AreEquivalent(new[] { "layers", "optimizer", "bad", "vars" }, h5.ListGroups("/").ToArray());
        CollectionAssert.AreEquivalent(new[] { "dense", "u32", "u64", "u16", "i8", "i16", "b", "e", "be", "gz", "empty" }, h5.ListGroups("layers").ToArray());
        Assert.AreEqual(0, h5.ListGroups("vars").Count + h5.ListDatasets("vars").Count);
        Assert.AreEqual(0, h5.ListGroups("/layers/empty/vars").Count);
        CollectionAssert.AreEquivalent(new[] { "0", "1" }, h5.ListDatasets("layers/dense/vars").ToArray());
        Assert.IsTrue(h5.GroupExists("/layers/empty/vars"));
        Assert.IsTrue(h5.DatasetExists("layers/dense/vars/1"));
        Assert.IsFalse(h5.DatasetExists("layers/dense/vars/9"));
        Assert.IsFalse(h5.DatasetExists("layers/dense"));
        Assert.IsFalse(h5.GroupExists("layers/dense/vars/0"));
        Assert.AreEqual("dense", h5.ReadAttribute("layers/dense", "name"));
        Assert.AreEqual("bfloat16", h5.ReadAttribute("layers/dense/vars/1", "dtype"));
        Assert.IsNull(h5.ReadAttribute("layers/dense/vars/0", "dtype"));

        var f16 = h5.GetDatasetInfo("layers/dense/vars/0");
        Assert.AreEqual(DType.Float32, f16.DType);
        Assert.AreEqual("float16", f16.StoredType);
        Assert.AreEqual(new Shape(2, 2), f16.Shape);
        CollectionAssert.AreEqual(new[] { 1.5f, -2f, 65504f, 6.1035156e-05f }, (float[])h5.ReadDataset("layers/dense/vars/0"));

        Assert.AreEqual("bfloat16", h5.GetDatasetInfo("layers/dense/vars/1").StoredType);
        CollectionAssert.AreEqual(new[] { 1.0f, -2.5f, 3.140625f }, (float[])h5.ReadDataset("layers/dense/vars/1"));
        CollectionAssert.AreEqual(new[] { 0L, 4000000000L }, (long[])h5.ReadDataset("layers/u32/vars/0"));
        CollectionAssert.AreEqual(new[] { 1L, 1L << 62 }, (long[])h5.ReadDataset("layers/u64/vars/0"));
        CollectionAssert.AreEqual(new[] { 65535, 1 }, (int[])h5.ReadDataset("layers/u16/vars/0"));
        CollectionAssert.AreEqual(new[] { -128, 127 }, (int[])h5.ReadDataset("layers/i8/vars/0"));
        CollectionAssert.AreEqual(new[] { -32768, 5 }, (int[])h5.ReadDataset("layers/i16/vars/0"));
        CollectionAssert.AreEqual(new[] { true, false, true }, (bool[])h5.ReadDataset("layers/b/vars/0"));
        var scalarBool = h5.GetDatasetInfo("layers/b/vars/1");
        Assert.AreEqual(DType.Bool, scalarBool.DType);
        Assert.AreEqual(0, scalarBool.Shape.Rank);
        CollectionAssert.AreEqual(new[] { true }, (bool[])h5.ReadDataset("layers/b/vars/1"));
        Assert.AreEqual(new Shape(0, 4), h5.GetDatasetInfo("layers/e/vars/0").Shape);
        Assert.AreEqual(0, h5.ReadDataset("layers/e/vars/0").Length);
        // PureHDF 2.2.0 does not convert byte order: big-endian data (never written by h5py or Keras by default) is a clear error.
        var bigEndian = Assert.ThrowsExactly<ModelFileException>(() => h5.ReadDataset("layers/be/vars/0"));
        Assert.AreEqual("/layers/be/vars/0", bigEndian.Entry);
        StringAssert.Contains(bigEndian.Message, "Byte order");
        CollectionAssert.AreEqual(Enumerable.Range(0, 1000).Select(i => (float)i).ToArray(), (float[])h5.ReadDataset("layers/gz/vars/0"));

        var step = h5.ReadTensor("optimizer/vars/0");
        Assert.AreEqual(DType.Int64, step.DType);
        Assert.AreEqual(0, step.Rank);
        Assert.AreEqual(42L, step.Item<long>());
        Assert.AreEqual(0.25f, h5.ReadTensor("optimizer/vars/1").Item<float>());

        var tooBig = Assert.ThrowsExactly<ModelFileException>(() => h5.ReadDataset("bad/vars/0"));
        Assert.AreEqual(path, tooBig.FilePath);
        Assert.AreEqual("/bad/vars/0", tooBig.Entry);
        StringAssert.Contains(tooBig.Message, "does not fit int64");
    }
}
