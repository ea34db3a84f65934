namespace KerasSharp.Layers.Tests;

[TestClass]
public sealed class EmbeddingTests
{
    [TestMethod]
    public void Embedding_LooksUpRows()
    {
        var e = new Embedding(4, 2, embeddingsInitializer: new Constant(0));
        e.Apply(Tensor.FromArray(new[] { 0 }, 1, 1));
        using (var table = T.F([0, 0, 1, 1, 2, 2, 3, 3], 4, 2)) e.Embeddings!.Assign(table);
        using var y = e.Apply(Tensor.FromArray(new[] { 3, 1, 0, 2, 2, 1 }, 2, 3));
        T.Shape([2, 3, 2], y);
        T.Close([3, 3, 1, 1, 0, 0, 2, 2, 2, 2, 1, 1], y);
        // Float indices are cast as Keras does.
        T.Close([2, 2], e.Apply(T.F([2], 1)));
    }

    [TestMethod]
    public void Embedding_DefaultUniformInit_ShapeAndMask()
    {
        var e = new Embedding(1000, 8, maskZero: true);
        var y = e.Apply(new Input([12], dtype: DType.Int32));
        T.Shape([null, 12, 8], y);
        Assert.AreEqual(DType.Float32, y.DType);
        var v = e.Embeddings!.ToArray<float>();
        Assert.IsTrue(v.All(x => x >= -0.05f && x <= 0.05f));
        Assert.IsGreaterThan(0.04f, v.Max());
        CollectionAssert.AreEqual(new[] { false, true, true }, e.ComputeMask(Tensor.FromArray(new[] { 0, 5, 1 }, 1, 3), null)!.ToArray<bool>());
        Assert.IsNull(new Embedding(3, 2).ComputeMask(Tensor.FromArray(new[] { 0 }, 1), null));
    }

    [TestMethod]
    public void Layers_AcceptOtherSizesWhereKerasDoes()
    {
        // Sequence length and batch may change between calls; the feature size may not.
        var d = new Dense(2);
        T.Shape([1, 3, 2], d.Apply(Ops.Ones([1, 3, 4])));
        T.Shape([2, 5, 2], d.Apply(Ops.Ones([2, 5, 4])));
        var drop = new Dropout(0.5);
        T.Shape([2, 7], drop.Apply(Ops.Ones([2, 7])));
        T.Shape([3, 2, 2], drop.Apply(Ops.Ones([3, 2, 2])));
        var ln = new LayerNormalization(name: "ln");
        ln.Apply(Ops.Ones([2, 4]));
        T.Contains(Assert.ThrowsExactly<ArgumentException>(() => ln.Apply(Ops.Ones([2, 5]))).Message, "'ln'", "4", "(2, 5)");
        var add = new Add(name: "plus");
        add.Apply([Ops.Ones([2, 3]), Ops.Ones([2, 3])]);
        T.Contains(Assert.ThrowsExactly<ArgumentException>(() => add.Apply([Ops.Ones([2, 3]), Ops.Ones([2, 4])])).Message, "'plus'", "(2, 3)", "(2, 4)");
    }

    [TestMethod]
    public void Embedding_IndexOutOfRange_Throws()
    {
        var e = new Embedding(3, 2);
        Assert.Throws<Exception>(() => e.Apply(Tensor.FromArray(new[] { 5 }, 1, 1)));
    }
}
