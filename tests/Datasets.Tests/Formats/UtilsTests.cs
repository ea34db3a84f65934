namespace KerasSharp.Datasets.Tests.Formats;

/// <summary>Utils: hand-computed values and bad input.</summary>
[TestClass]
public sealed class UtilsTests
{
    [TestMethod]
    public void ToCategoricalMakesOneHotRows()
    {
        using var y = Tensor.FromArray(new long[] { 2, 0, 1, 2 }, 4, 1);
        using var c = Utils.ToCategorical(y);
        CollectionAssert.AreEqual(new[] { 4, 3 }, c.Shape.ToArray());
        CollectionAssert.AreEqual(new float[] { 0, 0, 1, 1, 0, 0, 0, 1, 0, 0, 0, 1 }, c.ToArray<float>());
        var arr = Utils.ToCategorical(new[] { 1, 3 }, numClasses: 5);
        Assert.AreEqual(5, arr.GetLength(1));
        Assert.AreEqual(1f, arr[1, 3]);
        var e = Assert.ThrowsExactly<ArgumentException>(() => Utils.ToCategorical(new[] { 1, 5 }, numClasses: 5));
        Assert.AreEqual("ToCategorical: label 1 is 5, outside [0, 5) (numClasses = 5).", e.Message);
    }

    [TestMethod]
    public void NormalizeDividesByTheNormAndKeepsZeroRows()
    {
        using var x = Tensor.FromArray(new float[] { 3, 4, 0, 0, 1, -1 }, 3, 2);
        using var l2 = Utils.Normalize(x);
        TensorAssertClose(new[] { 0.6f, 0.8f, 0, 0, 1 / MathF.Sqrt(2), -1 / MathF.Sqrt(2) }, l2.ToArray<float>());
        using var l1 = Utils.Normalize(x, axis: 0, order: 1);
        TensorAssertClose(new[] { 0.75f, 0.8f, 0, 0, 0.25f, -0.2f }, l1.ToArray<float>());
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Utils.Normalize(x, order: 3));
    }

    private static void TensorAssertClose(float[] expected, float[] actual)
    {
        Assert.AreEqual(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++) Assert.AreEqual(expected[i], actual[i], 1e-6f, $"element {i}");
    }

    [TestMethod]
    public void PadSequencesPadsAndTruncatesAtEitherEnd()
    {
        int[][] s = [[1, 2, 3], [4], [5, 6, 7, 8, 9]];
        using var pre = Utils.PadSequences(s, maxlen: 4);
        CollectionAssert.AreEqual(new[] { 0, 1, 2, 3, 0, 0, 0, 4, 6, 7, 8, 9 }, pre.ToArray<int>());
        using var post = Utils.PadSequences(s, maxlen: 4, padding: "post", truncating: "post", value: -1);
        CollectionAssert.AreEqual(new[] { 1, 2, 3, -1, 4, -1, -1, -1, 5, 6, 7, 8 }, post.ToArray<int>());
        using var longest = Utils.PadSequences(s, dtype: DType.Float32);
        CollectionAssert.AreEqual(new[] { 3, 5 }, longest.Shape.ToArray());
        Assert.AreEqual(DType.Float32, longest.DType);
        Assert.ThrowsExactly<ArgumentException>(() => Utils.PadSequences(s, padding: "middle"));
    }

    [TestMethod]
    public void SplitDatasetTakesTheLeftFromTheStartAndTheRightFromTheEnd()
    {
        using var x = Tensor.FromArray(Enumerable.Range(0, 10).Select(i => (float)i).ToArray());
        var d = Dataset.FromTensorSlices(x);
        var (left, right) = Utils.SplitDataset(d, leftSize: 0.7);
        Assert.AreEqual(7, left.Cardinality);
        Assert.AreEqual(3, right.Cardinality);
        CollectionAssert.AreEqual(new float[] { 7, 8, 9 }, Values(right));
        var (l2, r2) = Utils.SplitDataset(d, leftSize: 2, rightSize: 3);
        CollectionAssert.AreEqual(new float[] { 0, 1 }, Values(l2));
        CollectionAssert.AreEqual(new float[] { 7, 8, 9 }, Values(r2));
        var (ls, rs) = Utils.SplitDataset(d, rightSize: 0.5, shuffle: true, seed: 4);
        var all = Values(ls).Concat(Values(rs)).ToArray();
        CollectionAssert.AreEquivalent(Enumerable.Range(0, 10).Select(i => (float)i).ToArray(), all, "a partition of the elements");
        CollectionAssert.AreEqual(Values(ls), Values(ls), "the same split in every pass");
        Assert.ThrowsExactly<ArgumentException>(() => Utils.SplitDataset(d.Filter(_ => true), leftSize: 0.5));
        var e = Assert.ThrowsExactly<ArgumentException>(() => Utils.SplitDataset(d, leftSize: 8, rightSize: 5));
        StringAssert.Contains(e.Message, "8 + 5 elements, more than the dataset's 10");
    }

    private static float[] Values(Dataset d) => d.AsEnumerable().Select(e => { var v = e[0].Item<float>(); e[0].Dispose(); return v; }).ToArray();
}
