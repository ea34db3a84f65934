namespace KerasSharp.Layers.Tests;

[TestClass]
public sealed class ReshapingTests
{
    private static Tensor Seq(params int[] shape)
    {
        int n = shape.Aggregate(1, (a, b) => a * b);
        return T.F(Enumerable.Range(0, n).Select(i => (float)i).ToArray(), shape);
    }

    [TestMethod]
    public void Flatten_ValuesAndShapes()
    {
        using var y = new Flatten().Apply(Seq(2, 2, 3));
        T.Shape([2, 6], y);
        T.Close(Enumerable.Range(0, 12).Select(i => (float)i).ToArray(), y);
        T.Shape([null, 784], new Flatten().Apply(new Input([28, 28])));
        T.Shape([null, null], new Flatten().Apply(new Input([null, 4])));
    }

    [TestMethod]
    public void Reshape_InfersMinusOne()
    {
        using var y = new Reshape([3, -1]).Apply(Seq(2, 6));
        T.Shape([2, 3, 2], y);
        T.Close(Enumerable.Range(0, 12).Select(i => (float)i).ToArray(), y);
        T.Shape([null, 4, 7], new Reshape([-1, 7]).Apply(new Input([28])));
        T.Shape([null, 2, 14], new Reshape([2, 14]).Apply(new Input([4, 7])));
    }

    [TestMethod]
    public void Reshape_ImpossibleTarget_NamesLayerAndShapes()
    {
        LayerNames.Reset();
        var e = Assert.ThrowsExactly<ArgumentException>(() => new Reshape([4, -1]).Apply(new Input([6])));
        T.Contains(e.Message, "'reshape'", "(None, 6)", "(4, -1)");
        var e2 = Assert.ThrowsExactly<ArgumentException>(() => new Reshape([5]).Apply(Seq(2, 6)));
        T.Contains(e2.Message, "'reshape_1'", "(2, 6)", "(5,)");
        Assert.ThrowsExactly<ArgumentException>(() => new Reshape([-1, -1]));
    }

    [TestMethod]
    public void Permute_OneBasedDims()
    {
        using var y = new Permute([2, 1]).Apply(Seq(1, 2, 3));
        T.Shape([1, 3, 2], y);
        T.Close([0, 3, 1, 4, 2, 5], y);
        T.Shape([null, 64, 10], new Permute([2, 1]).Apply(new Input([10, 64])));
        T.Shape([null, 5, 3, 4], new Permute([3, 1, 2]).Apply(new Input([3, 4, 5])));
    }

    [TestMethod]
    public void Permute_BadDimsAndRank()
    {
        LayerNames.Reset();
        var e = Assert.ThrowsExactly<ArgumentException>(() => new Permute([2, 1]).Apply(new Input([3])));
        T.Contains(e.Message, "'permute'", "rank 3", "(None, 3)");
        T.Contains(Assert.ThrowsExactly<ArgumentException>(() => new Permute([0, 1])).Message, "permutation of 1..2");
    }

    [TestMethod]
    public void RepeatVector_Repeats()
    {
        using var y = new RepeatVector(3).Apply(T.F([1, 2, 3, 4], 2, 2));
        T.Shape([2, 3, 2], y);
        T.Close([1, 2, 1, 2, 1, 2, 3, 4, 3, 4, 3, 4], y);
        T.Shape([null, 5, 8], new RepeatVector(5).Apply(new Input([8])));
        var e = Assert.ThrowsExactly<ArgumentException>(() => new RepeatVector(2, name: "rv").Apply(new Input([2, 3])));
        T.Contains(e.Message, "'rv'", "rank 2", "(None, 2, 3)");
    }

    [TestMethod]
    public void Lambda_RunsFunctionAndInfersShape()
    {
        var lam = new Lambda(x => Ops.Sum(x, -1, keepDims: true));
        T.Close([3, 7], lam.Apply(T.F([1, 2, 3, 4], 2, 2)));
        T.Shape([null, 5, 1], new Lambda(x => Ops.Sum(x, -1, keepDims: true)).Apply(new Input([5, 4])));
        T.Shape([null, 9], new Lambda(x => x, outputShape: s => [s[0], 9]).Apply(new Input([4])));
    }
}
