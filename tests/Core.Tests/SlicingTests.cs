namespace KerasSharp.Tests;

[TestClass]
public sealed class SlicingTests
{
    /// <summary>[[0,1,2,3],[4,5,6,7],[8,9,10,11]].</summary>
    private static Tensor M34() => Tensor.FromArray(Enumerable.Range(0, 12).ToArray(), 3, 4);

    private static Tensor A10() => Tensor.FromArray(Enumerable.Range(0, 10).ToArray());

    private static TensorIndex S(int? start = null, int? stop = null, int step = 1) => TensorIndex.Slice(start, stop, step);

    [TestMethod]
    public void IntegerIndexDropsTheAxis()
    {
        using var x = M34();
        TensorAssert.AreEqual(new[] { 4, 5, 6, 7 }, [4], x[1]);
        TensorAssert.AreEqual(new[] { 8, 9, 10, 11 }, [4], x[-1]);
        TensorAssert.AreEqual(new[] { 8, 9, 10, 11 }, [4], x[^1]);
        TensorAssert.AreEqual(new[] { 0, 1, 2, 3 }, [4], x[^3]);
        TensorAssert.AreEqual(new[] { 0, 4, 8 }, [3], x[.., 0]);
        TensorAssert.AreEqual(new[] { 3, 7, 11 }, [3], x[.., ^1]);
        TensorAssert.AreEqual(new[] { 6 }, [], x[1, 2]);
        Assert.AreEqual(6, x[1, 2].Item<int>());
        Assert.AreEqual(11, x[-1, -1].Item<int>());
    }

    [TestMethod]
    public void RangesSliceWithFromEndBounds()
    {
        using var x = M34();
        TensorAssert.AreEqual(new[] { 5, 6, 9, 10 }, [2, 2], x[1..3, 1..^1]);
        TensorAssert.AreEqual(new[] { 4, 5, 6, 7, 8, 9, 10, 11 }, [2, 4], x[1..]);
        TensorAssert.AreEqual(new[] { 0, 1, 4, 5, 8, 9 }, [3, 2], x[.., ..2]);
        TensorAssert.AreEqual(new[] { 2, 3, 6, 7, 10, 11 }, [3, 2], x[.., ^2..]);
        TensorAssert.AreEqual(Enumerable.Range(0, 12).ToArray(), [3, 4], x[.., ..]);
        TensorAssert.HasShape(x[2..2], 0, 4);
    }

    [TestMethod]
    public void PythonSliceSemanticsOnOneAxis()
    {
        using var a = A10();
        TensorAssert.AreEqual(new[] { 7, 8, 9 }, [3], a[S(-3)]);
        TensorAssert.AreEqual(new[] { 0, 1, 2 }, [3], a[S(-100, 3)]);
        TensorAssert.AreEqual(new[] { 5, 6, 7, 8, 9 }, [5], a[S(5, 100)]);
        TensorAssert.HasShape(a[S(7, 3)], 0);
        TensorAssert.HasShape(a[S(100, 200)], 0);
        TensorAssert.AreEqual(new[] { 0, 3, 6, 9 }, [4], a[S(null, null, 3)]);
        TensorAssert.AreEqual(new[] { 1, 3, 5 }, [3], a[S(1, 7, 2)]);
        TensorAssert.AreEqual(new[] { 1, 3, 5, 7 }, [4], a[S(1, 8, 2)]);
    }

    [TestMethod]
    public void NegativeSteps()
    {
        using var a = A10();
        TensorAssert.AreEqual(new[] { 9, 8, 7, 6, 5, 4, 3, 2, 1, 0 }, [10], a[S(null, null, -1)]);
        TensorAssert.AreEqual(new[] { 8, 5 }, [2], a[S(8, 2, -3)]);
        TensorAssert.AreEqual(new[] { 9, 7, 5, 3, 1 }, [5], a[S(null, null, -2)]);
        TensorAssert.AreEqual(new[] { 9, 8, 7 }, [3], a[S(100, 6, -1)]);
        TensorAssert.AreEqual(new[] { 2, 1, 0 }, [3], a[S(2, null, -1)]);
        TensorAssert.AreEqual(new[] { 3, 2, 1 }, [3], a[S(-7, -10, -1)]);
        TensorAssert.HasShape(a[S(2, 5, -1)], 0);

        using var x = M34();
        TensorAssert.AreEqual(new[] { 3, 2, 1, 0, 7, 6, 5, 4, 11, 10, 9, 8 }, [3, 4], x[.., S(null, null, -1)]);
        TensorAssert.AreEqual(new[] { 8, 9, 10, 11, 0, 1, 2, 3 }, [2, 4], x[S(null, null, -2)]);
        TensorAssert.AreEqual(new[] { 11, 9, 3, 1 }, [2, 2], x[S(null, null, -2), S(null, null, -2)]);
        // a[3:0:-1] on length 3: the start clamps to the last row.
        TensorAssert.AreEqual(new[] { 8, 9, 10, 11, 4, 5, 6, 7 }, [2, 4], x[S(3, 0, -1)]);
    }

    [TestMethod]
    public void SliceOfSliceComposes()
    {
        using var a = A10();
        using var even = a[S(null, null, 2)];          // 0,2,4,6,8
        TensorAssert.AreEqual(new[] { 8, 6, 4, 2, 0 }, [5], even[S(null, null, -1)]);
        TensorAssert.AreEqual(new[] { 2, 6 }, [2], even[S(1, null, 2)]);
        using var x = M34();
        using var xt = Ops.Transpose(x);               // [4,3]
        TensorAssert.AreEqual(new[] { 1, 5, 9, 3, 7, 11 }, [2, 3], xt[S(1, null, 2)]);
        TensorAssert.AreEqual(new[] { 10, 6 }, [2], xt[2, S(null, 0, -1)]);
    }

    [TestMethod]
    public void NewAxisInsertsSizeOneDimensions()
    {
        using var x = M34();
        TensorAssert.AreEqual(Enumerable.Range(0, 12).ToArray(), [1, 3, 4], x[TensorIndex.NewAxis]);
        TensorAssert.AreEqual(Enumerable.Range(0, 12).ToArray(), [3, 1, 4], x[.., TensorIndex.NewAxis]);
        TensorAssert.AreEqual(Enumerable.Range(0, 12).ToArray(), [3, 4, 1], x[TensorIndex.Ellipsis, TensorIndex.NewAxis]);
        TensorAssert.AreEqual(new[] { 4, 5, 6, 7 }, [1, 4], x[TensorIndex.NewAxis, 1]);
        TensorAssert.AreEqual(new[] { 1, 5, 9 }, [3, 1], x[.., 1, TensorIndex.NewAxis]);
    }

    [TestMethod]
    public void EllipsisExpandsToTheRemainingAxes()
    {
        // y[i,j,k] = 12i + 4j + k, shape [2,3,4].
        using var y = Tensor.FromArray(Enumerable.Range(0, 24).ToArray(), 2, 3, 4);
        TensorAssert.AreEqual(new[] { 1, 5, 9, 13, 17, 21 }, [2, 3], y[TensorIndex.Ellipsis, 1]);
        TensorAssert.AreEqual(Enumerable.Range(12, 12).ToArray(), [3, 4], y[1, TensorIndex.Ellipsis]);
        TensorAssert.AreEqual(new[] { 2, 6, 10 }, [3], y[0, TensorIndex.Ellipsis, 2]);
        TensorAssert.AreEqual(Enumerable.Range(0, 24).ToArray(), [2, 3, 4], y[TensorIndex.Ellipsis]);
        TensorAssert.AreEqual(new[] { 3, 7, 11, 15, 19, 23 }, [2, 3], y[TensorIndex.Ellipsis, ^1]);
    }

    [TestMethod]
    public void SlicingKeepsTheDType()
    {
        using var d = Tensor.FromArray(new[] { 0.5, 1.5, 2.5 });
        TensorAssert.AreClose(new[] { 2.5, 0.5 }, [2], d[S(null, null, -2)], 0);
        using var b = Tensor.FromArray(new[] { true, false, true });
        TensorAssert.AreEqual(new[] { false }, [1], b[1..2]);
        using var u = Tensor.FromArray(new byte[] { 1, 2, 3 });
        TensorAssert.AreEqual(new byte[] { 3, 2, 1 }, [3], u[S(null, null, -1)]);
        using var l = Tensor.FromArray(new long[] { 10, 20 }, 2, 1);
        TensorAssert.AreEqual(new long[] { 20 }, [1], l[1]);
    }

    [TestMethod]
    public void SlicingEmptyTensors()
    {
        using var e = Ops.Zeros([0, 3]);
        TensorAssert.HasShape(e[.., 1], 0);
        TensorAssert.HasShape(e[.., S(null, null, -1)], 0, 3);
        TensorAssert.HasShape(e[S(null, null, 2), 1..], 0, 2);
    }

    [TestMethod]
    public void OutOfRangeIntegerIndexThrows()
    {
        using var x = M34();
        var e1 = Assert.ThrowsExactly<IndexOutOfRangeException>(() => x[3]);
        TensorAssert.MessageContains(e1.Message, "index 3", "axis 0", "size 3", "[3,4]");
        var e2 = Assert.ThrowsExactly<IndexOutOfRangeException>(() => x[0, -5]);
        TensorAssert.MessageContains(e2.Message, "-5", "axis 1", "size 4");
        var e3 = Assert.ThrowsExactly<IndexOutOfRangeException>(() => x[^4]);
        TensorAssert.MessageContains(e3.Message, "^4", "axis 0");
    }

    [TestMethod]
    public void TooManyIndicesAndBadSlicesThrow()
    {
        using var x = M34();
        var e = Assert.ThrowsExactly<ArgumentException>(() => x[0, 0, 0]);
        TensorAssert.MessageContains(e.Message, "3 indices", "rank 2", "[3,4]");
        var z = Assert.ThrowsExactly<ArgumentException>(() => TensorIndex.Slice(0, 3, 0));
        TensorAssert.MessageContains(z.Message, "step cannot be zero");
        var two = Assert.ThrowsExactly<ArgumentException>(() => x[TensorIndex.Ellipsis, 0, TensorIndex.Ellipsis]);
        TensorAssert.MessageContains(two.Message, "Ellipsis");
    }
}
