using static KerasSharp.Backends.Native.Tests.TestUtil;

namespace KerasSharp.Backends.Native.Tests;

/// <summary>
/// Weights keep their GEMM packing between products (<see cref="GemmPackedOperands"/>): the second product that reads a
/// storage as B packs it, later ones reuse it, and every one gives the bits of the product without it; a variable's new
/// value is a new storage, read afresh; a freed storage returns its bytes.
/// </summary>
[TestClass]
[DoNotParallelize]
public class GemmPackedOperandsTests
{
    [TestMethod]
    [DataRow(128, 768, 3072, false)]   // BERT's feed-forward output at batch 1: three K slices
    [DataRow(40, 4100, 300, false)]    // wider than one NC block, columns off the panel width
    [DataRow(100, 500, 1030, true)]    // transposed B (a tied weight), two uneven slices
    [DataRow(9, 2000, 2500, true)]
    public void PackedDirectPathGivesTheBitsOfRun(int m, int n, int k, bool transposedB)
    {
        int bRow = transposedB ? 1 : n, bCol = transposedB ? k : 1;
        Assert.IsTrue(Gemm.PacksBOnDirectPath<float>(m, n, k, 1, bRow, bCol), "the shape takes the packed direct path");
        var a = RandomFloats(m * k, m + k);
        var b = RandomFloats(k * n, n + 3 * k);
        var expected = new float[m * n];
        var actual = new float[m * n];
        Gemm.Run(m, n, k, a, 0, k, 1, b, 0, bRow, bCol, expected, 0, n, false);
        Gemm.RunPacked(m, a, 0, k, 1, new GemmPackedB<float>(k, n, b, 0, bRow, bCol, Gemm.DirectSliceDepth(k)), actual, 0, n, false);
        CollectionAssert.AreEqual(expected, actual);
    }

    [TestMethod]
    [DataRow(128, 768, 3072)]
    [DataRow(128, 3072, 768)]
    public void AWeightKeepsItsPackingFromTheSecondProduct(int m, int n, int k)
    {
        using var x = Tensor.FromArray(RandomFloats(m * k, m + k), m, k);
        var w = Tensor.FromArray(RandomFloats(k * n, n + 3 * k), k, n);
        long before = GemmPackedOperands.KeptBytes;
        var first = Product(x, w);                  // counts
        Assert.AreEqual(before, GemmPackedOperands.KeptBytes, "a first read keeps nothing");
        var second = Product(x, w);                 // packs and keeps
        Assert.AreEqual(before + 4L * k * n, GemmPackedOperands.KeptBytes, "the second read keeps the panels");
        var third = Product(x, w);                  // reuses
        CollectionAssert.AreEqual(first, second);
        CollectionAssert.AreEqual(first, third);
        w.Dispose();
        Assert.AreEqual(before, GemmPackedOperands.KeptBytes, "freeing the storage returns its bytes");
    }

    private static float[] Product(Tensor x, Tensor w)
    {
        using var y = Ops.MatMul(x, w);
        return y.ToArray<float>();
    }

    [TestMethod]
    public void AVariablesNewValueIsReadAfresh()
    {
        using var x = Tensor.FromArray(RandomFloats(64 * 1024, 1), 64, 1024);
        var v = new Variable(Tensor.FromArray(RandomFloats(1024 * 256, 2), 1024, 256), "w");
        for (int i = 0; i < 3; i++) Ops.MatMul(x, v).Dispose();   // packed and kept
        using var next = Tensor.FromArray(RandomFloats(1024 * 256, 3), 1024, 256);
        v.Assign(next);
        using var expected = Ops.MatMul(x, Ops.Add(next, Ops.ZerosLike(next)));   // the same values in a storage never read before
        CollectionAssert.AreEqual(expected.ToArray<float>(), Ops.MatMul(x, v).ToArray<float>());
    }
}
