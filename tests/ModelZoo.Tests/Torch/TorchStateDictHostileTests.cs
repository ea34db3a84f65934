using KerasSharp.Saving;

namespace KerasSharp.ModelZoo.Tests.Torch;

/// <summary>
/// Hostile and broken torch files: each is a <see cref="ModelFileException"/> naming the file, the entry or tensor and
/// the problem; nothing in the file runs, and nothing is allocated for sizes the file merely claims.
/// </summary>
[TestClass]
public sealed class TorchStateDictHostileTests
{
    private static readonly TensorSpec W = new("w", "FloatStorage", "0", 4, 0, [2, 2], [2, 1]);
    private string _dir = "";

    [TestInitialize]
    public void MakeFolder() => Directory.CreateDirectory(_dir = Path.Combine(Path.GetTempPath(), $"ks-torch-hostile-{Guid.NewGuid():N}"));

    [TestCleanup]
    public void DeleteFolder() => Directory.Delete(_dir, recursive: true);

    private string PathOf(string name) => Path.Combine(_dir, name);

    // Loads the file, expecting a refusal with exactly this message after the file's name.
    private static ModelFileException Refused(string path, string entryAndProblem, long allocationLimit = 16L << 20)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.ThrowsExactly<ModelFileException>(() => TorchStateDict.Load(path));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.AreEqual($"'{path}': {entryAndProblem}", error.Message);
        Assert.IsLessThan(allocationLimit, allocated, $"refusing the file allocated {allocated} bytes");
        return error;
    }

    private string Zip(byte[] pickle, params (string Key, byte[] Data)[] storages)
    {
        var path = PathOf("crafted.pth");
        TorchFileBuilder.WriteZip(path, pickle, storages);
        return path;
    }

    private string Legacy(byte[] pickle, params (string Key, long Numel, byte[] Data)[] storages)
    {
        var path = PathOf("crafted-legacy.pth");
        TorchFileBuilder.WriteLegacy(path, pickle, storages);
        return path;
    }

    [TestMethod]
    public void CraftedFiles_OfBothFormats_LoadWhenSound()
    {
        var data = TorchFileBuilder.Floats(1, 2, 3, 4);
        var zip = TorchStateDict.Load(Zip(PickleBuilder.StateDict(false, W with { Stride = [1, 2] }), ("0", data)));
        CollectionAssert.AreEqual(new float[] { 1, 3, 2, 4 }, zip["w"].ToArray<float>());
        var legacy = TorchStateDict.Load(Legacy(PickleBuilder.StateDict(true, W), ("0", 4, data)));
        CollectionAssert.AreEqual(new float[] { 1, 2, 3, 4 }, legacy["w"].ToArray<float>());
    }

    [TestMethod]
    [DataRow("evil.zip.pth", "evil.zip/data.pkl: ")]
    [DataRow("evil.legacy.pth", "")]
    public void ReducePayloadFromPython_IsRefusedNamingTheGlobal_AndNeverRuns(string file, string entry)
    {
        var path = TorchFixtures.File(file);
        // On Linux, pickle names os.system by its home module, posix.
        Refused(path, $"{entry}the pickle asks for global 'posix.system', which a state dict never holds; refusing to load.");
        Assert.IsFalse(File.Exists(TorchFixtures.Marker), "the payload ran");
    }

    [TestMethod]
    public void WholeModule_IsRefusedNamingItsClass() =>
        Refused(TorchFixtures.File("module.pth"),
            "module/data.pkl: the pickle asks for global 'torch.nn.modules.container.Sequential', which a state dict never holds; refusing to load.");

    [TestMethod]
    public void TorchScriptArchive_IsRefusedSayingWhatItIs() =>
        Refused(TorchFixtures.File("script.pt"),
            "this is a TorchScript archive (torch.jit.save), not a state dict; save model.state_dict() with torch.save instead.");

    [TestMethod]
    public void StackGlobal_OfAnotherGlobal_IsRefused()
    {
        var pickle = new PickleBuilder().Proto(4).Raw(0x8c, 2).Raw("os"u8.ToArray()).Raw(0x8c, 6).Raw("system"u8.ToArray())
            .Raw(0x93).Raw(0x8c, 2).Raw("ls"u8.ToArray()).Raw(0x85).Reduce().Stop().ToArray();
        Refused(Zip(pickle), "archive/data.pkl: the pickle asks for global 'os.system', which a state dict never holds; refusing to load.");
    }

    [TestMethod]
    public void KnownButUnsupportedTorchGlobal_SaysWhatItIs()
    {
        var pickle = new PickleBuilder().Proto().Global("torch._utils", "_rebuild_qtensor").Stop().ToArray();
        Refused(Zip(pickle), "archive/data.pkl: the pickle asks for global 'torch._utils._rebuild_qtensor' (quantized tensors), which this reader does not support.");
    }

    [TestMethod]
    public void CallingAStorageClass_IsRefused()
    {
        var pickle = new PickleBuilder().Proto().Global("torch", "FloatStorage").EmptyTuple().Reduce().Stop().ToArray();
        Refused(Zip(pickle), "archive/data.pkl: the pickle calls 'torch.FloatStorage' directly; storages may only come through persistent ids.");
    }

    [TestMethod]
    public void UnsupportedOpcode_IsRefusedNamingIt()
    {
        var pickle = new PickleBuilder().Proto().Op('i').Raw("os\nsystem\n"u8.ToArray()).Stop().ToArray();
        Refused(Zip(pickle), "archive/data.pkl: opcode 'i' (0x69) is not one a state dict needs, refusing to load (the opcode at byte 2).");
    }

    [TestMethod]
    public void StorageEntryShorterThanDeclared_IsRefused() =>
        Refused(Zip(PickleBuilder.StateDict(false, W with { Numel = 6, Size = [3, 2] }), ("0", TorchFileBuilder.Floats(1, 2))),
            "archive/data/0: the storage declares 6 float32 elements (24 bytes) but the entry holds 8 bytes.");

    [TestMethod]
    public void HugeDeclaredStorage_IsRefusedWithoutAllocatingIt() =>
        Refused(Zip(PickleBuilder.StateDict(false, W with { Numel = 1L << 50, Size = [1L << 25, 1L << 25], Stride = [1L << 25, 1] }), ("0", TorchFileBuilder.Floats(1))),
            "archive/data/0: the storage declares 1125899906842624 float32 elements (4503599627370496 bytes) but the entry holds 4 bytes.");

    [TestMethod]
    public void MissingStorageEntry_IsRefused() =>
        Refused(Zip(PickleBuilder.StateDict(false, W)), "archive/data/0: the pickle names this storage but the archive has no such entry.");

    [TestMethod]
    public void ViewPastTheStorage_IsRefusedNamingTheTensor() =>
        Refused(Zip(PickleBuilder.StateDict(false, W with { Offset = 1 }), ("0", TorchFileBuilder.Floats(1, 2, 3, 4))),
            "w: the view (offset 1, size [2,2], stride [2,1]) reaches element 4 of archive/data/0, which holds 4.");

    [TestMethod]
    public void NegativeStride_IsRefused() =>
        Refused(Zip(PickleBuilder.StateDict(false, W with { Stride = [-2, 1] }), ("0", TorchFileBuilder.Floats(1, 2, 3, 4))),
            "w: size [2,2] and stride [-2,1] must not be negative.");

    [TestMethod]
    public void SizeLargerThanATensor_IsRefused() =>
        Refused(Zip(PickleBuilder.StateDict(false, W with { Size = [1L << 40, 0], Stride = [0, 0] }), ("0", TorchFileBuilder.Floats(1, 2, 3, 4))),
            "w: axis 0 has 1099511627776 elements, more than a tensor can hold.");

    [TestMethod]
    public void StorageKeyClimbingOutOfTheArchiveFolder_IsRefused() =>
        Refused(Zip(PickleBuilder.StateDict(false, W with { Key = "../0" })), "archive/data.pkl: storage key '../0' is not a plain entry name.");

    [TestMethod]
    public void ValueThatIsNotATensor_IsRefusedNamingTheKey()
    {
        var pickle = new PickleBuilder().Proto().EmptyDict().Str("epoch").Int(3).Op('s').Stop().ToArray();
        Refused(Zip(pickle), "epoch: the value is an integer, not a tensor; only state dicts (name -> tensor) are read.");
    }

    [TestMethod]
    public void TopLevelThatIsNotADict_IsRefused() =>
        Refused(Zip(new PickleBuilder().Proto().EmptyList().Stop().ToArray()), "archive/data.pkl: the pickle holds a list, not a state dict (a dict of tensors).");

    [TestMethod]
    public void StringLongerThanTheData_IsRefusedBeforeAllocating()
    {
        var pickle = new PickleBuilder().Proto().Op('X').Int32(int.MaxValue).Raw("abc"u8.ToArray()).Stop().ToArray();
        Refused(Zip(pickle), "archive/data.pkl: a string declares 2147483647 bytes but only 4 are left (the opcode at byte 2).");
    }

    [TestMethod]
    public void HugeInteger_IsRefused()
    {
        var pickle = new PickleBuilder().Proto().Raw(0x8b).Int32(1 << 30).Stop().ToArray();
        Refused(Zip(pickle), "archive/data.pkl: an integer of 1073741824 bytes is longer than the 64 allowed (the opcode at byte 2).");
    }

    [TestMethod]
    public void MemoReadBeforeWritten_IsRefused() =>
        Refused(Zip(new PickleBuilder().Proto().Raw((byte)'h', 7).Stop().ToArray()), "archive/data.pkl: memo entry 7 is read before it is written (the opcode at byte 2).");

    [TestMethod]
    public void StackDeeperThanTheLimit_IsRefused()
    {
        var pickle = new PickleBuilder().Proto().Raw(Enumerable.Repeat((byte)']', 1_000_001).ToArray()).Stop().ToArray();
        Refused(Zip(pickle), "archive/data.pkl: the pickle's stack grows past 1000000 values (the opcode at byte 1000002).", 256L << 20);
    }

    [TestMethod]
    public void MoreValuesThanTheLimit_IsRefused()
    {
        // Marks cost one byte each and no stack: the value count is what stops them.
        var pickle = new PickleBuilder().Proto().Raw(Enumerable.Repeat((byte)'(', 4_000_001).ToArray()).Stop().ToArray();
        Refused(Zip(pickle), "archive/data.pkl: the pickle makes more than 4000000 values; refusing to go on (the opcode at byte 4000002).", 256L << 20);
    }

    [TestMethod]
    public void TruncatedPickle_IsRefused()
    {
        var pickle = PickleBuilder.StateDict(false, W);
        Refused(Zip(pickle[..^5], ("0", TorchFileBuilder.Floats(1, 2, 3, 4))), $"archive/data.pkl: the pickle is cut off: 1 bytes needed at byte {pickle.Length - 5}, 0 left.");
    }

    [TestMethod]
    public void SameStorageKeyWithAnotherType_IsRefused() =>
        Refused(Zip(PickleBuilder.StateDict(false, W, W with { Name = "v", StorageType = "LongStorage" }), ("0", TorchFileBuilder.Floats(1, 2, 3, 4))),
            "archive/data.pkl: storage '0' is named twice with different types or sizes.");

    [TestMethod]
    public void ZipWithoutDataPkl_OrWithTwo_IsRefused()
    {
        var path = PathOf("nopkl.pth");
        TorchFileBuilder.WriteZip(path, [], [], folder: "a/b");
        Refused(path, "the zip archive has no '<folder>/data.pkl' entry: it is not a file torch.save wrote.");
        TorchFileBuilder.WriteZip(path, PickleBuilder.StateDict(false), [], extra: [("other/data.pkl", [])]);
        Refused(path, "the zip archive has 2 data.pkl entries (archive, other/...); torch.save writes one.");
    }

    [TestMethod]
    public void BigEndianZip_IsRefused()
    {
        var path = PathOf("big.pth");
        TorchFileBuilder.WriteZip(path, PickleBuilder.StateDict(false), [], extra: [("archive/byteorder", "big"u8.ToArray())]);
        Refused(path, "archive/byteorder: the storages are big-endian, which this reader does not support.");
    }

    [TestMethod]
    public void LegacyStorageLongerThanTheFile_IsRefusedWithoutAllocatingIt() =>
        Refused(Legacy(PickleBuilder.StateDict(true, W with { Numel = 1L << 40 }), ("0", 1L << 40, TorchFileBuilder.Floats(1, 2))),
            $"storage '0': the storage needs 4398046511104 bytes at byte {LegacyDataStart(W with { Numel = 1L << 40 })} but the file has 8 left (truncated?).");

    [TestMethod]
    public void LegacyStorageCountDisagreeingWithThePickle_IsRefused() =>
        Refused(Legacy(PickleBuilder.StateDict(true, W), ("0", 3, TorchFileBuilder.Floats(1, 2, 3))),
            "storage '0': the file holds 3 elements where the pickle declares 4.");

    [TestMethod]
    public void LegacyStorageWithoutData_IsRefused() =>
        Refused(Legacy(PickleBuilder.StateDict(true, W)), "storage '0': a tensor uses this storage but the file holds no data for it.");

    [TestMethod]
    public void LegacyKeyListNamingAnUnknownStorage_IsRefused() =>
        Refused(Legacy(PickleBuilder.StateDict(true, W), ("0", 4, TorchFileBuilder.Floats(1, 2, 3, 4)), ("9", 1, TorchFileBuilder.Floats(1))),
            "storage '9': the storage list names a storage that no tensor uses.");

    [TestMethod]
    public void LegacyViewMetadataOutsideTheStorage_IsRefused()
    {
        var pickle = new PickleBuilder().Proto().EmptyDict().Str("w").Global("torch._utils", "_rebuild_tensor").Mark()
            .Mark().Str("storage").Global("torch", "FloatStorage").Str("0").Str("cpu").Int(4)
            .Mark().Str("1").Int(3).Int(2).Tuple().Tuple().BinPersId()
            .Int(0).Ints([2]).Ints([1]).Tuple().Reduce().Op('s').Stop().ToArray();
        Refused(Legacy(pickle, ("0", 4, TorchFileBuilder.Floats(1, 2, 3, 4))), "a view [3, 3 + 2) of storage '0' lies outside its 4 elements.");
    }

    [TestMethod]
    public void LegacyViewMetadata_SelectsTheSlice()
    {
        var pickle = new PickleBuilder().Proto().EmptyDict().Str("w").Global("torch._utils", "_rebuild_tensor").Mark()
            .Mark().Str("storage").Global("torch", "FloatStorage").Str("0").Str("cpu").Int(4)
            .Mark().Str("1").Int(1).Int(3).Tuple().Tuple().BinPersId()
            .Int(1).Ints([2]).Ints([1]).Tuple().Reduce().Op('s').Stop().ToArray();
        var loaded = TorchStateDict.Load(Legacy(pickle, ("0", 4, TorchFileBuilder.Floats(1, 2, 3, 4))));
        CollectionAssert.AreEqual(new float[] { 3, 4 }, loaded["w"].ToArray<float>());
    }

    [TestMethod]
    public void TruncatedRealFiles_AreRefused()
    {
        foreach (var name in new[] { "mixed.zip.pth", "mixed.legacy.pth" })
        {
            var bytes = File.ReadAllBytes(TorchFixtures.File(name));
            var path = PathOf(name);
            File.WriteAllBytes(path, bytes[..(bytes.Length - 100)]);
            Assert.ThrowsExactly<ModelFileException>(() => TorchStateDict.Load(path), name);
        }
    }

    [TestMethod]
    public void NotATorchFile_IsRefused()
    {
        var path = PathOf("text.pth");
        File.WriteAllText(path, "hello");
        Refused(path, "not a PyTorch file: neither a zip archive nor a legacy torch.save stream (reading its magic number: memo entry 101 is read before it is written (the opcode at byte 0)).");
        File.WriteAllBytes(path, []);
        Refused(path, "not a PyTorch file: neither a zip archive nor a legacy torch.save stream (reading its magic number: the pickle is cut off: 1 bytes needed at byte 0, 0 left).");
        var tar = new byte[1024];
        "ustar"u8.CopyTo(tar.AsSpan(257));
        File.WriteAllBytes(path, tar);
        Refused(path, "this is a tar archive, the format of torch before 0.1.10, which this reader does not support.");
    }

    [TestMethod]
    public void MissingFile_IsRefused() => Refused(PathOf("absent.pth"), "the file does not exist.");

    private static long LegacyDataStart(TensorSpec t)
    {
        // Header pickles (15 + 6 + system info) + the state dict pickle + the key list pickle + the 8-byte count.
        var sysInfo = new PickleBuilder().Proto().EmptyDict().Mark().Str("protocol_version").Int(1001).Str("little_endian").Raw(0x88).SetItems().Stop().ToArray();
        var keys = new PickleBuilder().Proto().EmptyList().Mark().Str(t.Key).Op('e').Stop().ToArray();
        return 15 + 6 + sysInfo.Length + PickleBuilder.StateDict(true, t).Length + keys.Length + 8;
    }
}
