using System.Text.Json;
using KerasSharp.Saving;

namespace KerasSharp.Models.Tests.Saving.Formats;

/// <summary>Our safetensors files against a reader and a writer written in Python from the format's description.</summary>
[TestClass]
public sealed class SafeTensorsInteropTests
{
    // A reader from the spec alone: struct for the length, json for the header, numpy.frombuffer for the data.
    private const string ReadScript = """
        import sys, json, struct, numpy as np
        data = open(sys.argv[1], "rb").read()
        (n,) = struct.unpack("<Q", data[:8])
        raw = data[8:8 + n]
        assert raw[:1] == b"{", "header must start with {"
        header = json.loads(raw.decode("utf-8"))
        buf = data[8 + n:]
        types = {"BOOL": "?", "U8": "u1", "I32": "<i4", "I64": "<i8", "F32": "<f4", "F64": "<f8"}
        meta = header.pop("__metadata__", None)
        spans = sorted(tuple(v["data_offsets"]) for v in header.values())
        pos = 0
        for b, e in spans:
            assert b == pos, "hole or overlap"
            pos = e
        assert pos == len(buf), "buffer not covered"
        out = {"metadata": meta, "order": list(header.keys()), "aligned": (8 + n) % 8 == 0, "tensors": {}}
        for name, info in header.items():
            b, e = info["data_offsets"]
            a = np.frombuffer(buf[b:e], dtype=types[info["dtype"]]).reshape(info["shape"])
            out["tensors"][name] = {"dtype": info["dtype"], "shape": list(a.shape), "values": a.ravel().tolist()}
        print(json.dumps(out))
        """;

    [TestMethod]
    public void PythonReadsWhatWeWrite()
    {
        using var dir = new TempFolder();
        var path = dir.File("ours.safetensors");
        var tensors = new List<KeyValuePair<string, Tensor>>
        {
            new("dense.kernel", Tensor.FromArray(new[] { 1.5f, -2.25f, 3e-8f, 1e30f, 0f, -7f }, 2, 3)),
            new("dense.bias", Tensor.FromArray(new[] { 0.1f, 0.2f, 0.3f })),
            new("step", Tensor.Scalar(7L)),
            new("mask", Tensor.FromArray(new[] { true, false, true })),
            new("ids", Tensor.FromArray(new[] { int.MinValue, 0, int.MaxValue })),
            new("pixels", Tensor.FromArray(new byte[] { 0, 128, 255 })),
            new("precise", Tensor.FromArray(new[] { Math.PI, -1e-300 })),
            new("empty", Tensor.FromArray(Array.Empty<float>(), 0, 3)),
        };
        SafeTensors.Save(path, tensors, new Dictionary<string, string> { ["format"] = "keras-sharp", ["note"] = "héllo" });

        using var doc = JsonDocument.Parse(Python.Run(ReadScript, needsH5py: false, path));
        var root = doc.RootElement;
        Assert.IsTrue(root.GetProperty("aligned").GetBoolean(), "the data should start 8-byte aligned");
        Assert.AreEqual("keras-sharp", root.GetProperty("metadata").GetProperty("format").GetString());
        Assert.AreEqual("héllo", root.GetProperty("metadata").GetProperty("note").GetString());
        CollectionAssert.AreEqual(tensors.Select(t => t.Key).ToArray(), root.GetProperty("order").EnumerateArray().Select(e => e.GetString()).ToArray());

        var t = root.GetProperty("tensors");
        void Check(string name, string dtype, int[] shape, params double[] values)
        {
            var e = t.GetProperty(name);
            Assert.AreEqual(dtype, e.GetProperty("dtype").GetString(), name);
            CollectionAssert.AreEqual(shape, e.GetProperty("shape").EnumerateArray().Select(x => x.GetInt32()).ToArray(), name);
            var actual = e.GetProperty("values").EnumerateArray()
                .Select(x => x.ValueKind switch { JsonValueKind.True => 1.0, JsonValueKind.False => 0.0, _ => x.GetDouble() }).ToArray();
            CollectionAssert.AreEqual(values, actual, name);
        }
        Check("dense.kernel", "F32", [2, 3], 1.5, -2.25, (double)3e-8f, (double)1e30f, 0, -7);
        Check("dense.bias", "F32", [3], (double)0.1f, (double)0.2f, (double)0.3f);
        Check("step", "I64", [], 7);
        Check("mask", "BOOL", [3], 1, 0, 1);
        Check("ids", "I32", [3], int.MinValue, 0, int.MaxValue);
        Check("pixels", "U8", [3], 0, 128, 255);
        Check("precise", "F64", [2], Math.PI, -1e-300);
        Check("empty", "F32", [0, 3]);
        foreach (var (_, tensor) in tensors) tensor.Dispose();
    }

    // A writer from the spec alone; the header's key order differs from the data order on purpose.
    private const string WriteScript = """
        import sys, json, struct, numpy as np
        bf16 = (np.array([1.0, -2.5, 3.140625], np.float32).view(np.uint32) >> 16).astype("<u2")
        arrays = [
            ("w.f16", "F16", np.array([[1.5, -2], [65504, 6.1035156e-05]], "<f2")),
            ("w.bf16", "BF16", bf16),
            ("w.f32", "F32", np.array([0.5, -1], "<f4")),
            ("w.f64", "F64", np.array([np.pi], "<f8")),
            ("i8", "I8", np.array([-128, 127], "i1")),
            ("i16", "I16", np.array([-32768, 7], "<i2")),
            ("i32", "I32", np.array([-5], "<i4")),
            ("i64", "I64", np.array([-(2**63)], "<i8")),
            ("u8", "U8", np.array([255], "u1")),
            ("u16", "U16", np.array([65535], "<u2")),
            ("u32", "U32", np.array([4000000000], "<u4")),
            ("u64", "U64", np.array([2**62], "<u8")),
            ("flags", "BOOL", np.array([True, False])),
            ("scalar", "F32", np.array(2.5, "<f4")),
            ("nothing", "F32", np.zeros((0, 3), "<f4")),
        ]
        header, blobs, offset = {}, [], 0
        for name, dtype, a in reversed(arrays):
            b = a.tobytes()
            header[name] = {"dtype": dtype, "shape": list(a.shape), "data_offsets": [offset, offset + len(b)]}
            blobs.append(b)
            offset += len(b)
        header = {k: header[k] for k, _, _ in arrays}
        header["__metadata__"] = {"source": "python"}
        text = json.dumps(header).encode("utf-8")
        text += b" " * (-(8 + len(text)) % 8)
        with open(sys.argv[1], "wb") as f:
            f.write(struct.pack("<Q", len(text)))
            f.write(text)
            for b in blobs:
                f.write(b)
        """;

    [TestMethod]
    public void WeReadWhatPythonWrites()
    {
        using var dir = new TempFolder();
        var path = dir.File("python.safetensors");
        Python.Run(WriteScript, needsH5py: false, path);

        using (var file = SafeTensors.Open(path))
        {
            CollectionAssert.AreEqual(
                new[] { "w.f16", "w.bf16", "w.f32", "w.f64", "i8", "i16", "i32", "i64", "u8", "u16", "u32", "u64", "flags", "scalar", "nothing" },
                file.Entries.Select(e => e.Name).ToArray());
            Assert.AreEqual("python", file.Metadata["source"]);
            var f16 = file.Entries[0];
            Assert.AreEqual(DType.Float32, f16.DType);
            Assert.AreEqual("F16", f16.StoredType);
            Assert.AreEqual(new Shape(2, 2), f16.Shape);
            CollectionAssert.AreEqual(new[] { 1.5f, -2f, 65504f, 6.1035156e-05f }, (float[])file.Read("w.f16"));
            CollectionAssert.AreEqual(new[] { 1.0f, -2.5f, 3.140625f }, (float[])file.Read("w.bf16"));
            CollectionAssert.AreEqual(new[] { 0.5f, -1f }, (float[])file.Read("w.f32"));
            CollectionAssert.AreEqual(new[] { Math.PI }, (double[])file.Read("w.f64"));
            CollectionAssert.AreEqual(new[] { -128, 127 }, (int[])file.Read("i8"));
            CollectionAssert.AreEqual(new[] { -32768, 7 }, (int[])file.Read("i16"));
            CollectionAssert.AreEqual(new[] { -5 }, (int[])file.Read("i32"));
            CollectionAssert.AreEqual(new[] { long.MinValue }, (long[])file.Read("i64"));
            CollectionAssert.AreEqual(new byte[] { 255 }, (byte[])file.Read("u8"));
            CollectionAssert.AreEqual(new[] { 65535 }, (int[])file.Read("u16"));
            CollectionAssert.AreEqual(new[] { 4000000000L }, (long[])file.Read("u32"));
            CollectionAssert.AreEqual(new[] { 1L << 62 }, (long[])file.Read("u64"));
            CollectionAssert.AreEqual(new[] { true, false }, (bool[])file.Read("flags"));
            Assert.AreEqual(0, file.Entries.Single(e => e.Name == "scalar").Shape.Rank);
            Assert.AreEqual(0, file.Read("nothing").Length);
            var missing = Assert.ThrowsExactly<ModelFileException>(() => file.Read("absent"));
            Assert.AreEqual("absent", missing.Entry);
        }

        var all = SafeTensors.Load(path);
        Assert.AreEqual("w.f16", all.GetAt(0).Key);
        Assert.AreEqual(2.5f, all["scalar"].Item<float>());
        Assert.AreEqual(DType.Int64, all["u32"].DType);
        foreach (var tensor in all.Values) tensor.Dispose();
    }

    [TestMethod]
    public void LoadAllocatesAboutTheWeightsOnce()
    {
        using var dir = new TempFolder();
        var path = dir.File("big.safetensors");
        var random = new Random(3);
        var tensors = Enumerable.Range(0, 8)
            .Select(i => new KeyValuePair<string, Tensor>($"t{i}", Tensor.FromArray(Enumerable.Range(0, 256 * 1024).Select(_ => random.NextSingle()).ToArray())))
            .ToList();
        SafeTensors.Save(path, tensors);
        long weights = 8L * 256 * 1024 * sizeof(float);

        SafeTensors.Load(path).Values.ToList().ForEach(t => t.Dispose());   // warm up code paths
        long before = GC.GetAllocatedBytesForCurrentThread();
        var loaded = SafeTensors.Load(path);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        // The result arrays plus the header and bookkeeping: no whole-file buffer, no second copy.
        Assert.IsLessThan((long)(weights * 1.05), allocated, $"Load allocated {allocated} bytes for {weights} bytes of weights");
        CollectionAssert.AreEqual(tensors[5].Value.ToArray<float>(), loaded["t5"].ToArray<float>());
        foreach (var t in loaded.Values.Concat(tensors.Select(p => p.Value))) t.Dispose();
    }
}
