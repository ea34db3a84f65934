namespace KerasSharp.Tests;

[TestClass]
public sealed class IndexingTests
{
    /// <summary>[[1,2],[3,4],[5,6]].</summary>
    private static Tensor M32() => Tensor.FromArray(new float[] { 1, 2, 3, 4, 5, 6 }, 3, 2);

    [TestMethod]
    public void TakeRowsWithInt32AndInt64Indices()
    {
        using var x = M32();
        using var i32 = Tensor.FromArray(new[] { 2, 0 });
        TensorAssert.AreClose(new float[] { 5, 6, 1, 2 }, [2, 2], Ops.Take(x, i32), 0);
        using var i64 = Tensor.FromArray(new long[] { 1, 1, 1 });
        TensorAssert.AreClose(new float[] { 3, 4, 3, 4, 3, 4 }, [3, 2], Ops.Gather(x, i64), 0);
        using var scalar = Tensor.Scalar(1);
        TensorAssert.AreClose(new float[] { 3, 4 }, [2], Ops.Take(x, scalar), 0);
        using var none = Tensor.FromArray(Array.Empty<int>());
        TensorAssert.HasShape(Ops.Take(x, none), 0, 2);
    }

    [TestMethod]
    public void TakeNegativeIndicesCountFromTheEnd()
    {
        using var x = M32();
        using var idx = Tensor.FromArray(new[] { -1, -3 });
        TensorAssert.AreClose(new float[] { 5, 6, 1, 2 }, [2, 2], Ops.Take(x, idx), 0);
        using var col = Tensor.FromArray(new long[] { -1 });
        TensorAssert.AreClose(new float[] { 2, 4, 6 }, [3, 1], Ops.Take(x, col, -1), 0);
    }

    [TestMethod]
    public void TakeAlongAnInnerAxisWithMultiDimensionalIndices()
    {
        // x [2,3]; indices [2,2]; result [2,2,2] with r[i,a,b] = x[i, idx[a,b]].
        using var x = Tensor.FromArray(new[] { 10, 11, 12, 20, 21, 22 }, 2, 3);
        using var idx = Tensor.FromArray(new[] { 0, 2, 1, 1 }, 2, 2);
        TensorAssert.AreEqual(new[] { 10, 12, 11, 11, 20, 22, 21, 21 }, [2, 2, 2], Ops.Take(x, idx, 1));
    }

    [TestMethod]
    public void TakeEveryDTypeAndNonContiguousSource()
    {
        using var b = Tensor.FromArray(new[] { true, false, true });
        using var idx = Tensor.FromArray(new[] { 1, 2 });
        TensorAssert.AreEqual(new[] { false, true }, [2], Ops.Take(b, idx));
        using var u = Tensor.FromArray(new byte[] { 7, 8, 9 });
        TensorAssert.AreEqual(new byte[] { 8, 9 }, [2], Ops.Take(u, idx));
        using var d = Tensor.FromArray(new[] { 0.5, 1.5, 2.5 });
        TensorAssert.AreClose(new[] { 1.5, 2.5 }, [2], Ops.Take(d, idx), 0);
        using var x = M32();
        using var xt = Ops.Transpose(x); // [[1,3,5],[2,4,6]]
        TensorAssert.AreClose(new float[] { 2, 4, 6 }, [1, 3], Ops.Take(xt, Tensor.FromArray(new[] { 1 })), 0);
        TensorAssert.AreClose(new float[] { 5, 6 }, [2, 1], Ops.Take(xt, Tensor.FromArray(new[] { 2 }), 1), 0);
    }

    [TestMethod]
    public void TakeOutOfRangeThrows()
    {
        using var x = M32();
        using var idx = Tensor.FromArray(new[] { 3 });
        Assert.ThrowsExactly<IndexOutOfRangeException>(() => Ops.Take(x, idx));
        using var neg = Tensor.FromArray(new[] { -4 });
        Assert.ThrowsExactly<IndexOutOfRangeException>(() => Ops.Take(x, neg));
    }

    [TestMethod]
    public void ScatterAddAccumulatesRepeatedIndices()
    {
        using var target = Ops.Zeros([4]);
        using var idx = Tensor.FromArray(new[] { 1, 1, 3 });
        using var upd = Tensor.FromArray(new float[] { 1, 2, 5 });
        TensorAssert.AreClose(new float[] { 0, 3, 0, 5 }, [4], Ops.ScatterAdd(target, idx, upd), 0);
        // The target is not modified.
        TensorAssert.AreClose(new float[] { 0, 0, 0, 0 }, [4], target, 0);
    }

    [TestMethod]
    public void ScatterAddRowsAndInnerAxis()
    {
        using var target = Tensor.FromArray(new float[] { 1, 1, 1, 1, 1, 1 }, 3, 2);
        using var rows = Tensor.FromArray(new long[] { 2, 0, 2 });
        using var upd = Tensor.FromArray(new float[] { 1, 2, 10, 20, 100, 200 }, 3, 2);
        TensorAssert.AreClose(new float[] { 11, 21, 1, 1, 102, 203 }, [3, 2], Ops.ScatterAdd(target, rows, upd), 0);

        using var t2 = Ops.Zeros([2, 3], DType.Int32);
        using var cols = Tensor.FromArray(new[] { 0, 0, 2 });
        using var u2 = Tensor.FromArray(new[] { 1, 2, 3, 4, 5, 6 }, 2, 3);
        TensorAssert.AreEqual(new[] { 3, 0, 3, 9, 0, 6 }, [2, 3], Ops.ScatterAdd(t2, cols, u2, 1));
        TensorAssert.AreEqual(new[] { 3, 0, 3, 9, 0, 6 }, [2, 3], Ops.ScatterAdd(t2, cols, u2, -1));
    }

    [TestMethod]
    public void ScatterAddWithTwoDimensionalIndices()
    {
        // An embedding-gradient shape: target [4,2], indices [2,2], updates [2,2,2].
        using var target = Ops.Zeros([4, 2], DType.Float64);
        using var idx = Tensor.FromArray(new[] { 0, 3, 3, 3 }, 2, 2);
        using var upd = Tensor.FromArray(new double[] { 1, 1, 2, 2, 3, 3, 4, 4 }, 2, 2, 2);
        TensorAssert.AreClose(new double[] { 1, 1, 0, 0, 0, 0, 9, 9 }, [4, 2], Ops.ScatterAdd(target, idx, upd), 0);
    }

    [TestMethod]
    public void TakeAlongAxis()
    {
        using var x = Tensor.FromArray(new float[] { 10, 30, 20, 60, 40, 50 }, 2, 3);
        TensorAssert.AreClose(new float[] { 30, 60 }, [2, 1], Ops.TakeAlongAxis(x, Tensor.FromArray(new[] { 1, 0 }, 2, 1), 1), 0);
        TensorAssert.AreClose(new float[] { 20, 10, 50, 40 }, [2, 2], Ops.TakeAlongAxis(x, Tensor.FromArray(new long[] { 2, 0, 2, 1 }, 2, 2)), 0);
        TensorAssert.AreClose(new float[] { 60, 30, 50 }, [1, 3], Ops.TakeAlongAxis(x, Tensor.FromArray(new[] { 1, 0, 1 }, 1, 3), 0), 0);
        TensorAssert.AreClose(new float[] { 20, 50 }, [2, 1], Ops.TakeAlongAxis(x, Tensor.FromArray(new[] { -1, -1 }, 2, 1), -1), 0);
        using var am = Ops.ArgMax(x, 1, keepDims: true);
        TensorAssert.AreClose(new float[] { 30, 60 }, [2, 1], Ops.TakeAlongAxis(x, am, 1), 0);
    }

    [TestMethod]
    public void TakeAlongMiddleAxisOf3D()
    {
        // x[i,j,k] = 100i + 10j + k, shape [2,3,2]; pick j = idx[i,0,k].
        var data = new int[12];
        for (int i = 0; i < 2; i++) for (int j = 0; j < 3; j++) for (int k = 0; k < 2; k++) data[(i * 3 + j) * 2 + k] = 100 * i + 10 * j + k;
        using var x = Tensor.FromArray(data, 2, 3, 2);
        using var idx = Tensor.FromArray(new[] { 2, 0, 1, 1 }, 2, 1, 2);
        TensorAssert.AreEqual(new[] { 20, 1, 110, 111 }, [2, 1, 2], Ops.TakeAlongAxis(x, idx, 1));
    }

    [TestMethod]
    public void OneHot()
    {
        using var idx = Tensor.FromArray(new[] { 0, 2, 1 });
        TensorAssert.AreClose(new float[] { 1, 0, 0, 0, 0, 1, 0, 1, 0 }, [3, 3], Ops.OneHot(idx, 3), 0);
        using var out_ = Tensor.FromArray(new long[] { -1, 3, 1 });
        TensorAssert.AreEqual(new[] { 0, 0, 0, 0, 0, 0, 0, 1, 0 }, [3, 3], Ops.OneHot(out_, 3, DType.Int32));
        using var m = Tensor.FromArray(new byte[] { 0, 1, 1, 0 }, 2, 2);
        TensorAssert.AreEqual(new[] { true, false, false, true, false, true, true, false }, [2, 2, 2], Ops.OneHot(m, 2, DType.Bool));
    }

    [TestMethod]
    public void TopK()
    {
        using var x = Tensor.FromArray(new float[] { 1, 5, 3, 9, 2, 7 }, 2, 3);
        var (v, i) = Ops.TopK(x, 2);
        TensorAssert.AreClose(new float[] { 5, 3, 9, 7 }, [2, 2], v, 0);
        TensorAssert.AreEqual(new long[] { 1, 2, 0, 2 }, [2, 2], i);
        var (sv, si) = Ops.TopK(x, 2, largest: false);
        TensorAssert.AreClose(new float[] { 1, 3, 2, 7 }, [2, 2], sv, 0);
        TensorAssert.AreEqual(new long[] { 0, 2, 1, 2 }, [2, 2], si);
        var (fv, fi) = Ops.TopK(x, 3);
        TensorAssert.AreClose(new float[] { 5, 3, 1, 9, 7, 2 }, [2, 3], fv, 0);
        TensorAssert.AreEqual(new long[] { 1, 2, 0, 0, 2, 1 }, [2, 3], fi);
        var (zv, zi) = Ops.TopK(x, 0);
        TensorAssert.HasShape(zv, 2, 0);
        TensorAssert.HasShape(zi, 2, 0);
    }

    [TestMethod]
    public void TopKOfIntegersAndNonContiguousInput()
    {
        using var x = Tensor.FromArray(new[] { 4, -1, 8, 0 });
        var (v, i) = Ops.TopK(x, 1);
        TensorAssert.AreEqual(new[] { 8 }, [1], v);
        TensorAssert.AreEqual(new long[] { 2 }, [1], i);
        using var m = Tensor.FromArray(new double[] { 1, 6, 5, 2, 3, 4 }, 3, 2);
        using var mt = Ops.Transpose(m); // [[1,5,3],[6,2,4]]
        var (tv, ti) = Ops.TopK(mt, 2);
        TensorAssert.AreClose(new double[] { 5, 3, 6, 4 }, [2, 2], tv, 0);
        TensorAssert.AreEqual(new long[] { 1, 2, 0, 2 }, [2, 2], ti);
    }

    [TestMethod]
    public void CumSum()
    {
        using var v = Tensor.FromArray(new float[] { 1, 2, 3, 4 });
        TensorAssert.AreClose(new float[] { 1, 3, 6, 10 }, [4], Ops.CumSum(v), 0);
        TensorAssert.AreClose(new float[] { 10, 9, 7, 4 }, [4], Ops.CumSum(v, reverse: true), 0);
        using var m = Tensor.FromArray(new[] { 1, 2, 3, 4, 5, 6 }, 2, 3);
        TensorAssert.AreEqual(new[] { 1, 3, 6, 4, 9, 15 }, [2, 3], Ops.CumSum(m, 1));
        TensorAssert.AreEqual(new[] { 1, 3, 6, 4, 9, 15 }, [2, 3], Ops.CumSum(m, -1));
        TensorAssert.AreEqual(new[] { 1, 2, 3, 5, 7, 9 }, [2, 3], Ops.CumSum(m, 0));
        TensorAssert.AreEqual(new[] { 5, 7, 9, 4, 5, 6 }, [2, 3], Ops.CumSum(m, -2, reverse: true));
        TensorAssert.AreEqual(new[] { 6, 5, 3, 15, 11, 6 }, [2, 3], Ops.CumSum(m, 1, reverse: true));
    }

    [TestMethod]
    public void CumSumOfBoolFloat64AndTransposed()
    {
        using var b = Tensor.FromArray(new[] { true, false, true, true });
        TensorAssert.AreEqual(new long[] { 1, 1, 2, 3 }, [4], Ops.CumSum(b));
        using var d = Tensor.FromArray(new[] { 0.1, 0.2, 0.3 });
        TensorAssert.AreClose(new[] { 0.1, 0.30000000000000004, 0.6000000000000001 }, [3], Ops.CumSum(d), 1e-16);
        using var m = Tensor.FromArray(new float[] { 1, 2, 3, 4, 5, 6 }, 2, 3);
        using var mt = Ops.Transpose(m); // [[1,4],[2,5],[3,6]]
        TensorAssert.AreClose(new float[] { 1, 5, 2, 7, 3, 9 }, [3, 2], Ops.CumSum(mt, 1), 0);
    }
}
