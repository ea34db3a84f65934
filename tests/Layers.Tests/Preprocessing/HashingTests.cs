using System.Text;

namespace KerasSharp.Layers.Tests.Preprocessing;

/// <summary>
/// Hashing gives Keras's bins: FarmHash Fingerprint64 against published test vectors (every length class), then
/// Keras's documented Hashing examples (plain, with a mask, with salts), integers hashed as their decimal text.
/// </summary>
[TestClass]
public sealed class HashingTests
{
    [TestMethod]
    [DataRow("", 0x9ae16a3b2f90404fUL)]
    [DataRow("a", 0xb3454265b6df75e3UL)]
    [DataRow("abc", 0x24a5b3a074e7f369UL)]
    [DataRow("abcd", 0x1a5502de4a1f8101UL)]
    [DataRow("abcdefgh", 0xfee9d22990c82909UL)]
    [DataRow("test", 8581389452482819506UL)]
    [DataRow("Nepal premier won't resign.", 0x8eb3808d1ccfc779UL)]
    [DataRow("testtesttesttesttesttesttesttest", 14250503356343785354UL)]
    [DataRow("Discard medicine more than two years old.", 0xe8f89ab6df9bdd25UL)]
    [DataRow("F7479877-4690-4A44-AFC9-8FE987EA512F:some_other_id", 6862335115798125349UL)]
    [DataRow("For every action there is an equal and opposite government program.", 0x55182f8859eca4ceUL)]
    public void Fingerprint64MatchesPublishedVectors(string text, ulong expected) =>
        Assert.AreEqual(expected, FarmHash.Fingerprint64(Encoding.UTF8.GetBytes(text)), $"\"{text}\" ({text.Length} bytes)");

    [TestMethod]
    public void Fingerprint64OfALongText()
    {
        const string lorem = "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua. Ut enim ad minim veniam, quis nostrud exercitation ullamco laboris nisi ut aliquip ex ea commodo consequat. Duis aute irure dolor in reprehenderit in voluptate velit esse cillum dolore eu fugiat nulla pariatur. Excepteur sint occaecat cupidatat non proident, sunt in culpa qui officia deserunt mollit anim id est laborum.";
        Assert.AreEqual(0xc3f02c4ffd5d71e6UL, FarmHash.Fingerprint64(Encoding.UTF8.GetBytes(lorem)));
    }

    private static long[] Bins(Hashing layer, params string[] values) =>
        layer.Apply(Tensor.FromStrings(values, values.Length, 1)).ToArray<long>();

    [TestMethod]
    public void KerasDocumentedExamples()
    {
        CollectionAssert.AreEqual(new long[] { 1, 0, 1, 1, 2 }, Bins(new Hashing(3), "A", "B", "C", "D", "E"), "num_bins=3");
        CollectionAssert.AreEqual(new long[] { 1, 1, 0, 2, 2 }, Bins(new Hashing(3, maskValue: ""), "A", "B", "", "C", "D"), "mask_value=''");
        CollectionAssert.AreEqual(new long[] { 1, 2, 1, 0, 2 }, Bins(new Hashing(3, salt: [133, 137]), "A", "B", "C", "D", "E"), "salt=[133, 137]");
        CollectionAssert.AreEqual(new long[] { 0, 0, 2, 1, 0 }, Bins(new Hashing(3, salt: [133]), "A", "B", "C", "D", "E"), "salt=133");
    }

    [TestMethod]
    public void IntegersHashAsTheirDecimalText()
    {
        var layer = new Hashing(7);
        var fromInts = layer.Apply(Tensor.FromArray(new long[] { 0, 42, -5, 123456789 }, 4, 1)).ToArray<long>();
        CollectionAssert.AreEqual(Bins(layer, "0", "42", "-5", "123456789"), fromInts);
        var masked = new Hashing(4, maskValue: 42L).Apply(Tensor.FromArray(new int[] { 42, 7 })).ToArray<long>();
        Assert.AreEqual(0, masked[0]);
        Assert.AreEqual(1 + (long)(FarmHash.Fingerprint64("7"u8) % 3), masked[1]);
    }

    [TestMethod]
    public void EncodedOutputs()
    {
        var bins = Bins(new Hashing(3), "A", "B", "C", "D", "E");   // 1 0 1 1 2
        using var oneHot = new Hashing(3, outputMode: "one_hot").Apply(Tensor.FromStrings(["A", "B", "E"], 3, 1));
        CollectionAssert.AreEqual(new float[] { 0, 1, 0, 1, 0, 0, 0, 0, 1 }, oneHot.ToArray<float>());
        using var count = new Hashing(3, outputMode: "count").Apply(Tensor.FromStrings(["A", "C", "E", "B", "B", "B"], 2, 3));
        CollectionAssert.AreEqual(new float[] { 0, 2, 1, 3, 0, 0 }, count.ToArray<float>());
        using var multi = new Hashing(3, outputMode: "multi_hot").Apply(Tensor.FromStrings(["A", "C", "E", "B", "B", "B"], 2, 3));
        CollectionAssert.AreEqual(new float[] { 0, 1, 1, 1, 0, 0 }, multi.ToArray<float>());
        Assert.AreEqual(2, bins[4]);
    }

    [TestMethod]
    public void BadArgumentsAndInputs()
    {
        var e = Assert.ThrowsExactly<ArgumentException>(() => new Hashing(1, maskValue: ""));
        Assert.AreEqual("Hashing: numBins must be at least 2 with a maskValue, got 1.", e.Message);
        e = Assert.ThrowsExactly<ArgumentException>(() => new Hashing(3, name: "h").Apply(Ops.Zeros([2, 1])));
        Assert.AreEqual("Layer 'h': Hashing takes string or integer tensors, received float32.", e.Message);
        e = Assert.ThrowsExactly<ArgumentException>(() => new Hashing(3, outputMode: "tf_idf"));
        StringAssert.StartsWith(e.Message, "Hashing: outputMode must be");
    }
}
