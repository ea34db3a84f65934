using System.Buffers.Binary;
using System.Text;
using KerasSharp.Saving;

namespace KerasSharp.Models.Tests.Saving.Formats;

/// <summary>Crafted safetensors files: each is refused on open with a <see cref="ModelFileException"/> that says why.</summary>
[TestClass]
public sealed class SafeTensorsHostileTests
{
    private static byte[] Craft(byte[] header, int dataBytes, ulong? claimedLength = null)
    {
        var file = new byte[8 + header.Length + dataBytes];
        BinaryPrimitives.WriteUInt64LittleEndian(file, claimedLength ?? (ulong)header.Length);
        header.CopyTo(file, 8);
        return file;
    }

    private static byte[] Craft(string header, int dataBytes, ulong? claimedLength = null) =>
        Craft(Encoding.UTF8.GetBytes(header), dataBytes, claimedLength);

    private static ModelFileException Refused(byte[] content)
    {
        using var dir = new TempFolder();
        var path = dir.File("bad.safetensors");
        File.WriteAllBytes(path, content);
        var e = Assert.ThrowsExactly<ModelFileException>(() =>
        {
            using var file = SafeTensors.Open(path);
            foreach (var entry in file.Entries) file.Read(entry.Name);
        });
        Assert.AreEqual(path, e.FilePath);
        return e;
    }

    private static void AssertRefused(byte[] content, string? entry, string fragment)
    {
        var e = Refused(content);
        Assert.AreEqual(entry, e.Entry, e.Message);
        StringAssert.Contains(e.Message, fragment);
    }

    [TestMethod]
    public void TooShortForAHeader() => AssertRefused([1, 2, 3], null, "too short");

    [TestMethod]
    public void HeaderLengthLargerThanTheFile() => AssertRefused(Craft("{}", 0, claimedLength: 1_000_000), null, "larger than the file");

    [TestMethod]
    public void HeaderLengthNearULongMax() => AssertRefused(Craft("{}", 0, claimedLength: ulong.MaxValue - 3), null, "larger than the file");

    [TestMethod]
    public void HeaderIsNotJson() => AssertRefused(Craft("{\"a\": {\"dtype\": ", 0), null, "not valid JSON");

    [TestMethod]
    public void HeaderDoesNotStartWithABrace() => AssertRefused(Craft("[1, 2]", 0), null, "does not start with '{'");

    [TestMethod]
    public void ContentAfterTheObject() => AssertRefused(Craft("{} {}", 0), null, "not valid JSON");

    [TestMethod]
    public void InvalidUtf8InAName() =>
        AssertRefused(Craft([(byte)'{', (byte)'"', 0xff, 0xfe, (byte)'"', (byte)':', (byte)'{', (byte)'}', (byte)'}'], 0), null, "not valid JSON");

    [TestMethod]
    public void DuplicateNames() =>
        AssertRefused(Craft("""{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}""", 8), "a", "appears twice");

    [TestMethod]
    public void DuplicateFieldInAnEntry() =>
        AssertRefused(Craft("""{"a":{"dtype":"F32","dtype":"F64","shape":[1],"data_offsets":[0,4]}}""", 4), "a", "'dtype' appears twice");

    [TestMethod]
    public void OverlappingOffsets() =>
        AssertRefused(Craft("""{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}""", 12), "b", "overlaps");

    [TestMethod]
    public void OffsetsPastTheData() =>
        AssertRefused(Craft("""{"a":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}}""", 8), "a", "run past the data");

    [TestMethod]
    public void HoleBetweenTensors() =>
        AssertRefused(Craft("""{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"b":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}}""", 12), "b", "hole");

    [TestMethod]
    public void DataNotCoveredAtTheEnd() =>
        AssertRefused(Craft("""{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}""", 8), null, "cover 4");

    [TestMethod]
    public void ShapeAndSizeDisagree() =>
        AssertRefused(Craft("""{"a":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}""", 8), "a", "needs 12 bytes");

    [TestMethod]
    public void OffsetsBackwards() =>
        AssertRefused(Craft("""{"a":{"dtype":"U8","shape":[0],"data_offsets":[4,0]}}""", 4), "a", "begin <= end");

    [TestMethod]
    [DataRow("F8_E4M3")]
    [DataRow("C64")]
    [DataRow("float32")]
    public void UnknownDtype(string dtype) =>
        AssertRefused(Craft($$$"""{"a":{"dtype":"{{{dtype}}}","shape":[1],"data_offsets":[0,4]}}""", 4), "a", $"dtype '{dtype}'");

    [TestMethod]
    public void NegativeDimension() =>
        AssertRefused(Craft("""{"a":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}}""", 4), "a", "non-negative integers");

    [TestMethod]
    public void FractionalOffset() =>
        AssertRefused(Craft("""{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4.0]}}""", 4), "a", "non-negative integers");

    [TestMethod]
    public void ShapeTooLargeForATensor() =>
        AssertRefused(Craft("""{"a":{"dtype":"U8","shape":[2147483648],"data_offsets":[0,2147483648]}}""", 0), "a", "too large");

    [TestMethod]
    public void ShapeProductOverflows() =>
        AssertRefused(Craft("""{"a":{"dtype":"U8","shape":[65536,65536],"data_offsets":[0,0]}}""", 0), "a", "more elements");

    [TestMethod]
    public void MissingField() =>
        AssertRefused(Craft("""{"a":{"dtype":"F32","data_offsets":[0,4]}}""", 4), "a", "needs 'dtype', 'shape' and 'data_offsets'");

    [TestMethod]
    public void MetadataValueNotAString() =>
        AssertRefused(Craft("""{"__metadata__":{"epochs":3}}""", 0), "__metadata__", "not a string");

    [TestMethod]
    public void Uint64ThatInt64CannotHold()
    {
        var file = Craft("""{"a":{"dtype":"U64","shape":[1],"data_offsets":[0,8]}}""", 8);
        BinaryPrimitives.WriteUInt64LittleEndian(file.AsSpan(file.Length - 8), ulong.MaxValue);
        AssertRefused(file, "a", "does not fit int64");
    }

    [TestMethod]
    public void WellFormedCraftedFileReads()
    {
        // The same builder with a valid header: shows the refusals above come from the defects, not the builder.
        var file = Craft("""{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"U8","shape":[0],"data_offsets":[8,8]}}""", 8);
        BinaryPrimitives.WriteSingleLittleEndian(file.AsSpan(file.Length - 8), 1.5f);
        using var dir = new TempFolder();
        var path = dir.File("ok.safetensors");
        File.WriteAllBytes(path, file);
        using var st = SafeTensors.Open(path);
        CollectionAssert.AreEqual(new[] { 1.5f, 0f }, (float[])st.Read("a"));
        Assert.AreEqual(0, st.Read("b").Length);
    }
}
