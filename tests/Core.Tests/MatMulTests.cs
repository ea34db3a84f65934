namespace KerasSharp.Tests;

[TestClass]
public sealed class MatMulTests
{
    [TestMethod]
    public void TwoByTwo()
    {
        using var a = Tensor.FromArray(new float[] { 1, 2, 3, 4 }, 2, 2);
        using var b = Tensor.FromArray(new float[] { 5, 6, 7, 8 }, 2, 2);
        TensorAssert.AreClose(new float[] { 19, 22, 43, 50 }, [2, 2], Ops.MatMul(a, b), 0);
        TensorAssert.AreClose(new float[] { 23, 34, 31, 46 }, [2, 2], Ops.MatMul(b, a), 0);
    }

    [TestMethod]
    public void RectangularMatrices()
    {
        using var a = Tensor.FromArray(new float[] { 1, 2, 3, 4, 5, 6 }, 2, 3);
        using var b = Tensor.FromArray(new float[] { 7, 8, 9, 10, 11, 12 }, 3, 2);
        TensorAssert.AreClose(new float[] { 58, 64, 139, 154 }, [2, 2], Ops.MatMul(a, b), 0);
        TensorAssert.AreClose(new float[] { 39, 54, 69, 49, 68, 87, 59, 82, 105 }, [3, 3], Ops.MatMul(b, a), 0);
    }

    [TestMethod]
    public void OneDimensionalOperandsArePromotedAndTheAxisRemoved()
    {
        using var u = Tensor.FromArray(new float[] { 1, 2, 3 });
        using var v = Tensor.FromArray(new float[] { 4, 5, 6 });
        TensorAssert.AreClose(new float[] { 32 }, [], Ops.MatMul(u, v), 0);

        using var m = Tensor.FromArray(new float[] { 1, 2, 3, 4, 5, 6 }, 2, 3);
        using var r = Tensor.FromArray(new float[] { 1, 2 });
        TensorAssert.AreClose(new float[] { 9, 12, 15 }, [3], Ops.MatMul(r, m), 0);
        using var c = Tensor.FromArray(new float[] { 1, 0, -1 });
        TensorAssert.AreClose(new float[] { -2, -2 }, [2], Ops.MatMul(m, c), 0);

        // 1-D with a batch: [3] @ [2,3,2] -> [2,2].
        using var batch = Tensor.FromArray(new float[] { 1, 0, 0, 1, 1, 1, 2, 0, 0, 2, 2, 2 }, 2, 3, 2);
        TensorAssert.AreClose(new float[] { 4, 5, 8, 10 }, [2, 2], Ops.MatMul(u, batch), 0);
    }

    [TestMethod]
    public void BatchBroadcastsAgainstAMatrix()
    {
        using var a = Tensor.FromArray(new float[] { 1, 0, 0, 1, 1, 2, 3, 4 }, 2, 2, 2);
        using var b = Tensor.FromArray(new float[] { 5, 6, 7, 8 }, 2, 2);
        TensorAssert.AreClose(new float[] { 5, 6, 7, 8, 19, 22, 43, 50 }, [2, 2, 2], Ops.MatMul(a, b), 0);
        // Matrix on the left, batch on the right: b @ a[i].
        TensorAssert.AreClose(new float[] { 5, 6, 7, 8, 23, 34, 31, 46 }, [2, 2, 2], Ops.MatMul(b, a), 0);
    }

    [TestMethod]
    public void BatchDimensionsBroadcastBothWays()
    {
        // a [2,1,1,2]: a[i] = [[i+1, 1]]; b [3,2,1]: b[j] = [[j],[1]]; out [2,3,1,1] = (i+1)*j + 1.
        using var a = Tensor.FromArray(new float[] { 1, 1, 2, 1 }, 2, 1, 1, 2);
        using var b = Tensor.FromArray(new float[] { 0, 1, 1, 1, 2, 1 }, 3, 2, 1);
        TensorAssert.AreClose(new float[] { 1, 2, 3, 1, 3, 5 }, [2, 3, 1, 1], Ops.MatMul(a, b), 0);
    }

    [TestMethod]
    public void IntegerInputsGiveFloat32()
    {
        using var a = Tensor.FromArray(new[] { 1, 2, 3, 4 }, 2, 2);
        using var b = Tensor.FromArray(new[] { 5, 6, 7, 8 }, 2, 2);
        TensorAssert.AreClose(new float[] { 19, 22, 43, 50 }, [2, 2], Ops.MatMul(a, b), 0);
        using var l = Tensor.FromArray(new long[] { 1, 1 });
        TensorAssert.AreClose(new float[] { 12, 14 }, [2], Ops.MatMul(l, b), 0);
        using var u = Tensor.FromArray(new byte[] { 2, 0, 0, 2 }, 2, 2);
        TensorAssert.AreClose(new float[] { 10, 12, 14, 16 }, [2, 2], Ops.MatMul(u, b), 0);
    }

    [TestMethod]
    public void Float64StaysFloat64WithFullPrecision()
    {
        using var a = Tensor.FromArray(new[] { 1.0, 1e-12 }, 1, 2);
        using var b = Tensor.FromArray(new[] { 1.0, 1.0 }, 2, 1);
        using var r = Ops.MatMul(a, b);
        TensorAssert.AreClose(new[] { 1.000000000001 }, [1, 1], r, 1e-16);
        using var i = Tensor.FromArray(new[] { 2, 3 }, 1, 2);
        TensorAssert.AreClose(new[] { 5.0 }, [1, 1], Ops.MatMul(i, b), 0);
    }

    [TestMethod]
    public void TransposedAndSlicedOperands()
    {
        using var a = Tensor.FromArray(new float[] { 1, 3, 2, 4 }, 2, 2);
        using var at = Ops.Transpose(a); // [[1,2],[3,4]]
        using var b = Tensor.FromArray(new float[] { 5, 6, 7, 8 }, 2, 2);
        TensorAssert.AreClose(new float[] { 19, 22, 43, 50 }, [2, 2], Ops.MatMul(at, b), 0);
        TensorAssert.AreClose(new float[] { 19, 43, 22, 50 }, [2, 2], Ops.MatMul(Ops.Transpose(b), Ops.Transpose(at)), 0);
        using var big = Tensor.FromArray(new float[] { 1, 9, 2, 9, 3, 9, 4, 9 }, 2, 4);
        using var stepped = big[.., TensorIndex.Slice(null, null, 2)]; // [[1,2],[3,4]]
        TensorAssert.AreClose(new float[] { 19, 22, 43, 50 }, [2, 2], Ops.MatMul(stepped, b), 0);
    }

    [TestMethod]
    public void EmptyInnerDimensionGivesZeros()
    {
        using var a = Ops.Zeros([2, 0]);
        using var b = Ops.Zeros([0, 3]);
        TensorAssert.AreClose(new float[] { 0, 0, 0, 0, 0, 0 }, [2, 3], Ops.MatMul(a, b), 0);
        using var c = Ops.Ones([0, 4]);
        using var d = Ops.Ones([4, 5]);
        TensorAssert.HasShape(Ops.MatMul(c, d), 0, 5);
    }

    [TestMethod]
    public void OddSizesMatchANaiveLoop()
    {
        const int m = 37, k = 67, n = 29;
        var av = new float[m * k];
        var bv = new float[k * n];
        for (int i = 0; i < av.Length; i++) av[i] = (i * 7 % 11) - 5;
        for (int i = 0; i < bv.Length; i++) bv[i] = (i * 5 % 13) * 0.5f - 3;
        var expected = new float[m * n];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double s = 0;
                for (int p = 0; p < k; p++) s += (double)av[i * k + p] * bv[p * n + j];
                expected[i * n + j] = (float)s;
            }
        using var a = Tensor.FromArray(av, m, k);
        using var b = Tensor.FromArray(bv, k, n);
        // Small integers and halves: every partial sum is exact in float32.
        TensorAssert.AreClose(expected, [m, n], Ops.MatMul(a, b), 0);
    }

    [TestMethod]
    public void BatchedOddSizesMatchANaiveLoop()
    {
        const int batch = 3, m = 5, k = 17, n = 9;
        var av = new double[batch * m * k];
        var bv = new double[batch * k * n];
        for (int i = 0; i < av.Length; i++) av[i] = Math.Sin(i);
        for (int i = 0; i < bv.Length; i++) bv[i] = Math.Cos(i * 0.5);
        var expected = new double[batch * m * n];
        for (int t = 0; t < batch; t++)
            for (int i = 0; i < m; i++)
                for (int j = 0; j < n; j++)
                {
                    double s = 0;
                    for (int p = 0; p < k; p++) s += av[(t * m + i) * k + p] * bv[(t * k + p) * n + j];
                    expected[(t * m + i) * n + j] = s;
                }
        using var a = Tensor.FromArray(av, batch, m, k);
        using var b = Tensor.FromArray(bv, batch, k, n);
        TensorAssert.AreClose(expected, [batch, m, n], Ops.MatMul(a, b), 1e-13);
    }

    [TestMethod]
    public void LinearAddsTheBias()
    {
        using var x = Tensor.FromArray(new float[] { 1, 2 }, 1, 2);
        using var w = Tensor.FromArray(new float[] { 1, 0, -1, 0, 1, 2 }, 2, 3);
        using var bias = Tensor.FromArray(new float[] { 10, 20, 30 });
        TensorAssert.AreClose(new float[] { 11, 22, 33 }, [1, 3], Ops.Linear(x, w, bias), 0);
        TensorAssert.AreClose(new float[] { 1, 2, 3 }, [1, 3], Ops.Linear(x, w), 0);
    }
}
