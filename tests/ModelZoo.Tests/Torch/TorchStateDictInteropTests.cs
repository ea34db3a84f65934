using System.Runtime.InteropServices;
using System.Security.Cryptography;
using KerasSharp.Saving;

namespace KerasSharp.ModelZoo.Tests.Torch;

/// <summary>
/// State dicts written by Debian's PyTorch (torch.save, zip and legacy formats) read back exactly: every tensor's
/// name, order, dtype, shape and every value, against what Python printed.
/// </summary>
[TestClass]
[DoNotParallelize]
public sealed class TorchStateDictInteropTests
{
    [TestCleanup]
    public void RestoreBackend() => Backend.Set("native");

    [TestMethod]
    [DataRow("resnet18.zip.pth", TorchFileFormat.Zip)]
    [DataRow("resnet18.legacy.pth", TorchFileFormat.Legacy)]
    public void ResNet18_EveryTensorIsExact(string file, TorchFileFormat format) => AssertLoadsExactly(file, "resnet18", format);

    [TestMethod]
    [DataRow("alexnet.zip.pth", TorchFileFormat.Zip)]
    [DataRow("alexnet.legacy.pth", TorchFileFormat.Legacy)]
    public void AlexNet_EveryTensorIsExact(string file, TorchFileFormat format) => AssertLoadsExactly(file, "alexnet", format);

    [TestMethod]
    [DataRow("mixed.zip.pth", TorchFileFormat.Zip)]
    [DataRow("mixed.legacy.pth", TorchFileFormat.Legacy)]
    [DataRow("mixed.deflated.pth", TorchFileFormat.Zip)]
    [DataRow("mixed.protocol4.pth", TorchFileFormat.Zip)]
    public void EveryStorageTypeViewAndSharedStorage_IsExact(string file, TorchFileFormat format) => AssertLoadsExactly(file, "mixed", format);

    [TestMethod]
    public void Open_ListsNamesDTypesAndShapes_WithoutReadingTheData()
    {
        var expected = TorchFixtures.Expected("resnet18");
        var path = TorchFixtures.File("resnet18.zip.pth");
        long before = GC.GetAllocatedBytesForCurrentThread();
        using var file = TorchStateDict.Open(path);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.IsLessThan(4L << 20, allocated, $"Open allocated {allocated} bytes for a {new FileInfo(path).Length}-byte file: it read tensor data.");
        Assert.AreEqual(TorchFileFormat.Zip, file.Format);
        CollectionAssert.AreEqual(expected.Select(e => e.Name).ToArray(), file.Entries.Select(e => e.Name).ToArray());
        foreach (var (e, info) in expected.Zip(file.Entries))
        {
            CollectionAssert.AreEqual(e.Shape, info.Shape.ToArray(), e.Name);
            Assert.AreEqual(e.DType, info.StoredType, e.Name);
            Assert.AreEqual(TargetDType(e.DType), info.DType, e.Name);
        }
    }

    [TestMethod]
    [DataRow("mixed.zip.pth")]
    [DataRow("mixed.legacy.pth")]
    public void Entries_ReportTorchDTypesAndTheDTypesTheyReadAs(string fileName)
    {
        using var file = TorchStateDict.Open(TorchFixtures.File(fileName));
        var byName = file.Entries.ToDictionary(e => e.Name);
        Assert.AreEqual("float16", byName["zeta.f16"].StoredType);
        Assert.AreEqual(DType.Float32, byName["zeta.f16"].DType);
        Assert.AreEqual("bfloat16", byName["alpha.bf16"].StoredType);
        Assert.AreEqual(DType.Float32, byName["alpha.bf16"].DType);
        Assert.AreEqual(DType.Int32, byName["i16"].DType);
        Assert.AreEqual(DType.Int32, byName["i8"].DType);
        Assert.AreEqual(DType.Bool, byName["flags"].DType);
        Assert.AreEqual("int64", byName["bn.num_batches_tracked"].StoredType);
        Assert.AreEqual(0, byName["bn.num_batches_tracked"].Shape.Rank);
    }

    [TestMethod]
    public void Read_OneTensor_GivesItsViewOnly()
    {
        var expected = TorchFixtures.Expected("mixed").Single(e => e.Name == "base.col3");
        var values = ExpectedFloats("mixed", expected);
        using var file = TorchStateDict.Open(TorchFixtures.File("mixed.legacy.pth"));
        Assert.IsTrue(file.Contains("base.col3"));
        var data = (float[])file.Read("base.col3");
        CollectionAssert.AreEqual(values.Select(v => (float)v).ToArray(), data);
        using var tensor = file.ReadTensor("base.block");
        Assert.AreEqual(new Shape(2, 3), tensor.Shape);
        var error = Assert.ThrowsExactly<ModelFileException>(() => file.Read("nope"));
        Assert.AreEqual($"'{file.FilePath}': nope: no such tensor in the state dict.", error.Message);
    }

    [TestMethod]
    public void TensorsSharingAStorage_AreIndependentCopies()
    {
        var loaded = TorchStateDict.Load(TorchFixtures.File("mixed.zip.pth"));
        var tied = loaded["tied"].ToArray<float>();
        loaded["base"].Dispose();
        CollectionAssert.AreEqual(tied, loaded["tied"].ToArray<float>(), "disposing one tensor of a shared storage must not touch the other");
        var transposed = loaded["base.t"].ToArray<float>();
        Assert.AreEqual(tied[1 * 6 + 2], transposed[2 * 4 + 1], "base.t[2, 1] is base[1, 2]");
        foreach (var (name, t) in loaded) if (name != "base") t.Dispose();
    }

    [TestMethod]
    public void Load_PutsTensorsOnTheCurrentBackend()
    {
        Backend.Set("torch");
        var loaded = TorchStateDict.Load(TorchFixtures.File("mixed.legacy.pth"));
        var expected = TorchFixtures.Expected("mixed");
        foreach (var e in expected)
        {
            Assert.AreEqual("torch", loaded[e.Name].Backend.Name, e.Name);
            AssertSame(e, loaded[e.Name], File.ReadAllBytes(TorchFixtures.File("mixed.bin")));
        }
        foreach (var t in loaded.Values) t.Dispose();
    }

    private static void AssertLoadsExactly(string fileName, string model, TorchFileFormat format)
    {
        var expected = TorchFixtures.Expected(model);
        var binPath = TorchFixtures.File(model + ".bin");
        var bin = File.Exists(binPath) ? File.ReadAllBytes(binPath) : null;
        using (var file = TorchStateDict.Open(TorchFixtures.File(fileName))) Assert.AreEqual(format, file.Format);
        var loaded = TorchStateDict.Load(TorchFixtures.File(fileName));
        try
        {
            CollectionAssert.AreEqual(expected.Select(e => e.Name).ToArray(), loaded.Keys.ToArray(), "names in the state dict's order");
            foreach (var e in expected) AssertSame(e, loaded[e.Name], bin);
        }
        finally
        {
            foreach (var t in loaded.Values) t.Dispose();
        }
    }

    // Same dtype and shape; the same bits as Python's values (SHA-256 of the widened values; element by element
    // against the float64/int64 dump where there is one).
    private static void AssertSame(ExpectedTensor e, Tensor actual, byte[]? bin)
    {
        Assert.AreEqual(TargetDType(e.DType), actual.DType, e.Name);
        CollectionAssert.AreEqual(e.Shape, actual.Shape.ToArray(), e.Name);
        Array host = actual.DType switch
        {
            DType.Float32 => actual.ToArray<float>(),
            DType.Float64 => actual.ToArray<double>(),
            DType.Int32 => actual.ToArray<int>(),
            DType.Int64 => actual.ToArray<long>(),
            DType.UInt8 => actual.ToArray<byte>(),
            _ => actual.ToArray<bool>(),
        };
        Assert.AreEqual(e.Sha256, Convert.ToHexStringLower(SHA256.HashData(Bytes(host))), $"{e.Name}: values differ from Python's");
        if (bin is null) return;
        var span = bin.AsSpan((int)e.Offset, e.Count * 8);
        if (actual.DType.IsFloating())
        {
            var values = MemoryMarshal.Cast<byte, double>(span);
            Assert.AreEqual(values.Length, host.Length, e.Name);
            for (int i = 0; i < values.Length; i++)
            {
                double ours = host is float[] f ? f[i] : ((double[])host)[i];
                if (BitConverter.DoubleToInt64Bits(ours) != BitConverter.DoubleToInt64Bits(values[i]))
                    Assert.Fail($"{e.Name}[{i}]: Python has {values[i]:R}, we read {ours:R}.");
            }
        }
        else
        {
            var values = MemoryMarshal.Cast<byte, long>(span);
            Assert.AreEqual(values.Length, host.Length, e.Name);
            for (int i = 0; i < values.Length; i++)
            {
                long ours = host switch { int[] a => a[i], long[] a => a[i], byte[] a => a[i], bool[] a => a[i] ? 1 : 0, _ => long.MinValue };
                if (ours != values[i]) Assert.Fail($"{e.Name}[{i}]: Python has {values[i]}, we read {ours}.");
            }
        }
    }

    private static double[] ExpectedFloats(string model, ExpectedTensor e) =>
        MemoryMarshal.Cast<byte, double>(File.ReadAllBytes(TorchFixtures.File(model + ".bin")).AsSpan((int)e.Offset, e.Count * 8)).ToArray();

    private static ReadOnlySpan<byte> Bytes(Array a) => a switch
    {
        float[] x => MemoryMarshal.AsBytes(x.AsSpan()),
        double[] x => MemoryMarshal.AsBytes(x.AsSpan()),
        int[] x => MemoryMarshal.AsBytes(x.AsSpan()),
        long[] x => MemoryMarshal.AsBytes(x.AsSpan()),
        byte[] x => x,
        bool[] x => MemoryMarshal.AsBytes(x.AsSpan()),
        _ => throw new ArgumentException(a.GetType().Name),
    };

    private static DType TargetDType(string torchName) => torchName switch
    {
        "float16" or "bfloat16" or "float32" => DType.Float32,
        "float64" => DType.Float64,
        "int8" or "int16" or "int32" => DType.Int32,
        "int64" => DType.Int64,
        "uint8" => DType.UInt8,
        "bool" => DType.Bool,
        _ => throw new ArgumentException(torchName),
    };
}
