namespace KerasSharp.Tests;

[TestClass]
public sealed class BroadcastingTests
{
    [TestMethod]
    public void RowVectorBroadcastsOverRows()
    {
        using var a = Tensor.FromArray(new float[] { 1, 2, 3, 4, 5, 6 }, 2, 3);
        using var b = Tensor.FromArray(new float[] { 10, 20, 30 });
        TensorAssert.AreClose(new float[] { 11, 22, 33, 14, 25, 36 }, [2, 3], a + b, 0);
        TensorAssert.AreClose(new float[] { 11, 22, 33, 14, 25, 36 }, [2, 3], b + a, 0);
    }

    [TestMethod]
    public void ColumnTimesRowIsOuterProduct()
    {
        using var col = Tensor.FromArray(new float[] { 1, 2 }, 2, 1);
        using var row = Tensor.FromArray(new float[] { 3, 4, 5 }, 1, 3);
        TensorAssert.AreClose(new float[] { 3, 4, 5, 6, 8, 10 }, [2, 3], col * row, 0);
        using var row1 = Tensor.FromArray(new float[] { 3, 4, 5 });
        TensorAssert.AreClose(new float[] { 2, 3, 4, 1, 2, 3 }, [2, 3], row1 - col, 0);
    }

    [TestMethod]
    public void RankExtensionWithSizeOneDims()
    {
        // a[i,0,k] = 3i + k (shape [2,1,3]); b[j,0] = 10j (shape [4,1]); result [2,4,3] = a[i,k] + b[j].
        using var a = Tensor.FromArray(new int[] { 0, 1, 2, 3, 4, 5 }, 2, 1, 3);
        using var b = Tensor.FromArray(new int[] { 0, 10, 20, 30 }, 4, 1);
        var expected = new int[2 * 4 * 3];
        for (int i = 0; i < 2; i++)
            for (int j = 0; j < 4; j++)
                for (int k = 0; k < 3; k++)
                    expected[(i * 4 + j) * 3 + k] = 3 * i + k + 10 * j;
        TensorAssert.AreEqual(expected, [2, 4, 3], a + b);
    }

    [TestMethod]
    public void ScalarTensorsBroadcastEverywhere()
    {
        using var s = Tensor.Scalar(2f);
        using var x = Tensor.FromArray(new float[] { 1, 2, 3, 4 }, 2, 2);
        TensorAssert.AreClose(new float[] { 2, 4, 6, 8 }, [2, 2], s * x, 0);
        TensorAssert.AreClose(new float[] { 2, 1, 2f / 3, 0.5f }, [2, 2], s / x, 1e-7);
        using var s2 = Tensor.Scalar(3f);
        TensorAssert.AreClose(new float[] { 5 }, [], s + s2, 0);
        using var one = Tensor.FromArray(new float[] { 7 }, 1, 1, 1);
        TensorAssert.AreClose(new float[] { 9 }, [1, 1, 1], one + s, 0);
    }

    [TestMethod]
    public void EmptyDimensionsBroadcast()
    {
        using var e = Ops.Zeros([0, 3]);
        using var row = Tensor.FromArray(new float[] { 1, 2, 3 });
        using var r = e + row;
        TensorAssert.HasShapeAndType(r, [0, 3], DType.Float32);
        Assert.IsEmpty(r.ToArray<float>());

        using var r2 = Ops.Multiply(e, Tensor.FromArray(new float[] { 1, 2, 3 }, 1, 3));
        TensorAssert.HasShape(r2, 0, 3);

        using var e2 = Ops.Zeros([2, 0]);
        using var col = Tensor.FromArray(new float[] { 1, 2 }, 2, 1);
        TensorAssert.HasShape(e2 + col, 2, 0);

        // A size-1 dimension broadcasts to size 0.
        using var one = Tensor.FromArray(new float[] { 5 });
        using var zero = Ops.Zeros([0]);
        TensorAssert.HasShape(one + zero, 0);
        TensorAssert.HasShape(zero + Tensor.Scalar(1f), 0);
        TensorAssert.HasShapeAndType(Ops.Less(e, row), [0, 3], DType.Bool);
    }

    [TestMethod]
    public void BroadcastToAddsAndRepeatsDimensions()
    {
        using var v = Tensor.FromArray(new float[] { 1, 2, 3 });
        TensorAssert.AreClose(new float[] { 1, 2, 3, 1, 2, 3 }, [2, 3], Ops.BroadcastTo(v, [2, 3]), 0);
        using var c = Tensor.FromArray(new int[] { 1, 2 }, 2, 1);
        TensorAssert.AreEqual(new[] { 1, 1, 1, 2, 2, 2 }, [2, 3], Ops.BroadcastTo(c, [2, 3]));
        TensorAssert.AreEqual(new[] { 1, 1, 2, 2, 1, 1, 2, 2 }, [2, 2, 2], Ops.BroadcastTo(c, [2, 2, 2]));
        using var s = Tensor.Scalar(true);
        TensorAssert.AreEqual(new[] { true, true }, [2, 1], Ops.BroadcastTo(s, [2, 1]));
        TensorAssert.HasShape(Ops.BroadcastTo(v, [0, 3]), 0, 3);
        TensorAssert.AreClose(new float[] { 1, 2, 3 }, [3], Ops.BroadcastTo(v, [3]), 0);
    }

    [TestMethod]
    public void BroadcastResultFeedsOtherOps()
    {
        using var c = Tensor.FromArray(new float[] { 1, 2 }, 2, 1);
        using var b = Ops.BroadcastTo(c, [2, 3]);
        using var y = Tensor.FromArray(new float[] { 0, 10, 20, 30, 40, 50 }, 2, 3);
        TensorAssert.AreClose(new float[] { 1, 11, 21, 32, 42, 52 }, [2, 3], b + y, 0);
        TensorAssert.AreClose(new float[] { 3, 6 }, [2], Ops.Sum(b, 1), 0);
        TensorAssert.AreClose(new float[] { 1, 2, 1, 2, 1, 2 }, [3, 2], Ops.Transpose(b), 0);
    }

    [TestMethod]
    public void ComparisonsAndWhereBroadcast()
    {
        using var col = Tensor.FromArray(new float[] { 1, 2, 3 }, 3, 1);
        using var row = Tensor.FromArray(new float[] { 2, 2 }, 1, 2);
        TensorAssert.AreEqual(new[] { false, false, false, false, true, true }, [3, 2], Ops.Greater(col, row));

        using var cond = Tensor.FromArray(new[] { true, false, true }, 3, 1);
        using var a = Tensor.Scalar(1.0);
        using var b = Tensor.FromArray(new[] { -1.0, -2.0 }, 1, 2);
        TensorAssert.AreClose(new double[] { 1, 1, -1, -2, 1, 1 }, [3, 2], Ops.Where(cond, a, b), 0);
    }

    [TestMethod]
    public void BroadcastInEveryDTypeKeepsIt()
    {
        using var i64 = Tensor.FromArray(new long[] { 1, 2 }, 2, 1);
        using var j64 = Tensor.FromArray(new long[] { 10, 20 });
        TensorAssert.AreEqual(new long[] { 11, 21, 12, 22 }, [2, 2], i64 + j64);
        using var u = Tensor.FromArray(new byte[] { 1, 2 }, 2, 1);
        using var v = Tensor.FromArray(new byte[] { 3, 4 });
        TensorAssert.AreEqual(new byte[] { 3, 4, 6, 8 }, [2, 2], u * v);
        using var d = Tensor.FromArray(new double[] { 0.5, 0.25 }, 2, 1);
        using var e = Tensor.FromArray(new double[] { 2 });
        TensorAssert.AreClose(new double[] { 1, 0.5 }, [2, 1], d * e, 0);
    }
}
