namespace KerasSharp.Layers.Tests;

[TestClass]
public sealed class MergingTests
{
    private static Tensor A => T.F([1, 5, 3, -2], 2, 2);
    private static Tensor B => T.F([4, 2, -1, 6], 2, 2);

    [TestMethod]
    public void ElementwiseMerges_ComputeByHand()
    {
        T.Close([5, 7, 2, 4], new Add().Apply([A, B]));
        T.Close([-3, 3, 4, -8], new Subtract().Apply([A, B]));
        T.Close([4, 10, -3, -12], new Multiply().Apply([A, B]));
        T.Close([2.5f, 3.5f, 1, 2], new Average().Apply([A, B]));
        T.Close([4, 5, 3, 6], new Maximum().Apply([A, B]));
        T.Close([1, 2, -1, -2], new Minimum().Apply([A, B]));
        T.Close([6, 8, 3, 5], new Add().Apply([A, B, Ops.Ones([2, 2])]));
    }

    [TestMethod]
    public void ElementwiseMerges_SymbolicShapes()
    {
        var a = new Input([3, 4]);
        var b = new Input([3, 4]);
        T.Shape([null, 3, 4], new Add().Apply(a, b));
        T.Shape([null, 3, 4], new Multiply().Apply(a, new Input([1, 4])));
    }

    [TestMethod]
    public void Add_IncompatibleShapes_NamesLayerAndBothShapes()
    {
        LayerNames.Reset();
        var e = Assert.ThrowsExactly<ArgumentException>(() => new Add().Apply(new Input([3]), new Input([4])));
        T.Contains(e.Message, "'add'", "(None, 3)", "(None, 4)");
        var e2 = Assert.ThrowsExactly<ArgumentException>(() => new Maximum().Apply([T.F([1, 2, 3], 1, 3), T.F([1, 2], 1, 2)]));
        T.Contains(e2.Message, "'maximum'", "(1, 3)", "(1, 2)");
    }

    [TestMethod]
    public void Subtract_NeedsExactlyTwoInputs()
    {
        LayerNames.Reset();
        var e = Assert.ThrowsExactly<ArgumentException>(() => new Subtract().Apply(new Input([2]), new Input([2]), new Input([2])));
        T.Contains(e.Message, "'subtract'", "exactly 2", "3");
    }

    [TestMethod]
    public void Concatenate_ValuesAndShapes()
    {
        T.Close([1, 5, 4, 2, 3, -2, -1, 6], new Concatenate().Apply([A, B]));
        T.Close([1, 5, 3, -2, 4, 2, -1, 6], new Concatenate(axis: 0).Apply([A, B]));
        T.Shape([null, 7], new Concatenate().Apply(new Input([3]), new Input([4])));
        T.Shape([null, 5, 6], new Concatenate(axis: 1).Apply(new Input([2, 6]), new Input([3, 6])));
        T.Shape([null, null], new Concatenate().Apply(new Input([null]), new Input([4])));
    }

    [TestMethod]
    public void Concatenate_Mismatch_NamesLayerAndShapes()
    {
        LayerNames.Reset();
        var e = Assert.ThrowsExactly<ArgumentException>(() => new Concatenate().Apply(new Input([2, 3]), new Input([4, 3])));
        T.Contains(e.Message, "'concatenate'", "(None, 2, 3)", "(None, 4, 3)");
        var e2 = Assert.ThrowsExactly<ArgumentException>(() => new Concatenate().Apply(new Input([2, 3]), new Input([3])));
        T.Contains(e2.Message, "'concatenate_1'", "(None, 2, 3)", "(None, 3)", "rank");
    }

    [TestMethod]
    public void Dot_PerSampleProducts()
    {
        // Per row: [1, 5]·[4, 2] = 14, [3, -2]·[-1, 6] = -15.
        using var y = new Dot(axes: 1).Apply([A, B]);
        T.Shape([2, 1], y);
        T.Close([14, -15], y);
        T.Shape([null, 1], new Dot(1).Apply(new Input([5]), new Input([5])));
    }

    [TestMethod]
    public void Dot_MatrixAxesAndNormalize()
    {
        // x (1, 2, 3), y (1, 2, 4), axes (1, 1): x^T y per sample -> (1, 3, 4).
        var x = T.F([1, 2, 3, 4, 5, 6], 1, 2, 3);
        var y = T.F([1, 0, 0, 1, 0, 1, 1, 0], 1, 2, 4);
        using var z = new Dot(axes: [1, 1]).Apply([x, y]);
        T.Shape([1, 3, 4], z);
        T.Close([1, 4, 4, 1, 2, 5, 5, 2, 3, 6, 6, 3], z);
        T.Shape([null, 3, 4], new Dot([1, 1]).Apply(new Input([2, 3]), new Input([2, 4])));
        // Cosine of [3, 4] and [4, 3] is 24/25.
        T.Close([0.96f], new Dot(1, normalize: true).Apply([T.F([3, 4], 1, 2), T.F([4, 3], 1, 2)]), 1e-5);
    }

    [TestMethod]
    public void Dot_SizeMismatch_NamesLayerAndShapes()
    {
        LayerNames.Reset();
        var e = Assert.ThrowsExactly<ArgumentException>(() => new Dot(1).Apply(new Input([3]), new Input([4])));
        T.Contains(e.Message, "'dot'", "(None, 3)", "(None, 4)");
    }
}
