namespace KerasSharp.Tests;

[TestClass]
public sealed class ReductionTests
{
    private static Tensor M23() => Tensor.FromArray(new float[] { 1, 2, 3, 4, 5, 6 }, 2, 3);

    [TestMethod]
    public void SumAllAndOverAxes()
    {
        using var x = M23();
        TensorAssert.AreClose(new float[] { 21 }, [], Ops.Sum(x), 0);
        TensorAssert.AreClose(new float[] { 5, 7, 9 }, [3], Ops.Sum(x, 0), 0);
        TensorAssert.AreClose(new float[] { 6, 15 }, [2], Ops.Sum(x, 1), 0);
        TensorAssert.AreClose(new float[] { 6, 15 }, [2], Ops.Sum(x, -1), 0);
        TensorAssert.AreClose(new float[] { 5, 7, 9 }, [3], Ops.Sum(x, -2), 0);
        TensorAssert.AreClose(new float[] { 21 }, [], Ops.Sum(x, [0, 1]), 0);
        TensorAssert.AreClose(new float[] { 21 }, [], Ops.Sum(x, [-1, 0]), 0);
    }

    [TestMethod]
    public void KeepDims()
    {
        using var x = M23();
        TensorAssert.AreClose(new float[] { 6, 15 }, [2, 1], Ops.Sum(x, 1, keepDims: true), 0);
        TensorAssert.AreClose(new float[] { 5, 7, 9 }, [1, 3], Ops.Sum(x, 0, keepDims: true), 0);
        TensorAssert.AreClose(new float[] { 21 }, [1, 1], Ops.Sum(x, null, keepDims: true), 0);
        TensorAssert.AreClose(new float[] { 2.5f, 3.5f, 4.5f }, [1, 3], Ops.Mean(x, 0, keepDims: true), 0);
        TensorAssert.AreClose(new float[] { 3, 6 }, [2, 1], Ops.Max(x, -1, keepDims: true), 0);
        TensorAssert.AreEqual(new long[] { 2, 2 }, [2, 1], Ops.ArgMax(x, 1, keepDims: true));
    }

    [TestMethod]
    public void SumOverNonAdjacentAxesOf3D()
    {
        // x[i,j,k] = 12i + 4j + k; sum over i and k: 60 + 32j.
        using var x = Ops.Reshape(Ops.Arange(0, 24, 1, DType.Float32), 2, 3, 4);
        TensorAssert.AreClose(new float[] { 60, 92, 124 }, [3], Ops.Sum(x, [0, 2]), 0);
        TensorAssert.AreClose(new float[] { 60, 92, 124 }, [1, 3, 1], Ops.Sum(x, [2, 0], keepDims: true), 0);
        // Over j: 12i*3 + 4*(0+1+2) + 3k = 36i + 12 + 3k.
        TensorAssert.AreClose(new float[] { 12, 15, 18, 21, 48, 51, 54, 57 }, [2, 4], Ops.Sum(x, 1), 0);
    }

    [TestMethod]
    public void MeanMaxMinProd()
    {
        using var x = Tensor.FromArray(new float[] { 1, -2, 3, -4, 5, 6 }, 2, 3);
        TensorAssert.AreClose(new float[] { 1.5f }, [], Ops.Mean(x), 1e-7);
        TensorAssert.AreClose(new float[] { -1.5f, 1.5f, 4.5f }, [3], Ops.Mean(x, 0), 1e-7);
        TensorAssert.AreClose(new float[] { 3, 6 }, [2], Ops.Max(x, 1), 0);
        TensorAssert.AreClose(new float[] { -2, -4 }, [2], Ops.Min(x, 1), 0);
        TensorAssert.AreClose(new float[] { 6 }, [], Ops.Max(x), 0);
        TensorAssert.AreClose(new float[] { -4 }, [], Ops.Min(x), 0);
        TensorAssert.AreClose(new float[] { -6, -120 }, [2], Ops.Prod(x, 1), 0);
        TensorAssert.AreClose(new float[] { 720 }, [], Ops.Prod(x), 0);
    }

    [TestMethod]
    public void IntegerReductionsKeepExactValues()
    {
        using var x = Tensor.FromArray(new int[] { 1, 2, 3, 4, 5, 6 }, 2, 3);
        using var s = Ops.Sum(x, 1);
        Assert.IsTrue(s.DType.IsInteger(), $"sum of int32 should stay integer, got {s.DType.Name()}");
        CollectionAssert.AreEqual(new long[] { 6, 15 }, s.ToArray<long>());
        TensorAssert.AreEqual(new[] { 3, 6 }, [2], Ops.Max(x, 1));
        TensorAssert.AreEqual(new[] { 1, 4 }, [2], Ops.Min(x, 1));
        using var big = Tensor.FromArray(new long[] { 1L << 40, 1L << 40, 1 });
        TensorAssert.AreEqual(new long[] { (1L << 41) + 1 }, [], Ops.Sum(big));
        using var u = Tensor.FromArray(new byte[] { 3, 250, 7 });
        TensorAssert.AreEqual(new byte[] { 250 }, [], Ops.Max(u));
    }

    [TestMethod]
    public void VarianceAndStandardDeviation()
    {
        using var x = Tensor.FromArray(new double[] { 1, 2, 3, 4 });
        TensorAssert.AreClose(new double[] { 1.25 }, [], Ops.Var(x), 1e-15);
        TensorAssert.AreClose(new double[] { 1.6666666666666667 }, [], Ops.Var(x, null, ddof: 1), 1e-15);
        TensorAssert.AreClose(new double[] { 1.118033988749895 }, [], Ops.Std(x), 1e-15);
        using var m = Tensor.FromArray(new float[] { 1, 3, 2, 2 }, 2, 2);
        TensorAssert.AreClose(new float[] { 1, 0 }, [2], Ops.Var(m, 1), 1e-7);
        TensorAssert.AreClose(new float[] { 1, 0 }, [2, 1], Ops.Std(m, 1, keepDims: true), 1e-7);
        // Integers are averaged as float32.
        TensorAssert.AreClose(new float[] { 0.25f }, [], Ops.Var(Tensor.FromArray(new[] { 1, 2 })), 1e-7);
    }

    [TestMethod]
    public void LogSumExpIsStable()
    {
        TensorAssert.AreClose(new double[] { 3.40760596444438 }, [], Ops.LogSumExp(Tensor.FromArray(new double[] { 1, 2, 3 })), 1e-14);
        TensorAssert.AreClose(new double[] { 1000.6931471805599 }, [], Ops.LogSumExp(Tensor.FromArray(new double[] { 1000, 1000 })), 1e-15);
        TensorAssert.AreClose(new double[] { -999.3068528194401 }, [], Ops.LogSumExp(Tensor.FromArray(new double[] { -1000, -1000 })), 1e-15);
        TensorAssert.AreClose(new float[] { 1000.6931f, 3.4076059f }, [2],
            Ops.LogSumExp(Tensor.FromArray(new float[] { 1000, 1000, -1e9f, 1, 2, 3 }, 2, 3), 1), 1e-6);
        TensorAssert.AreClose(new double[] { double.NegativeInfinity }, [], Ops.LogSumExp(Tensor.FromArray(new[] { double.NegativeInfinity, double.NegativeInfinity })), 0);
        TensorAssert.AreClose(new double[] { 3.40760596444438 }, [1], Ops.LogSumExp(Tensor.FromArray(new double[] { 1, 2, 3 }), 0, keepDims: true), 1e-14);
    }

    [TestMethod]
    public void ArgMaxArgMinTiesTakeTheFirst()
    {
        using var x = Tensor.FromArray(new float[] { 1, 3, 3, 2, 2, 1 }, 2, 3);
        TensorAssert.AreEqual(new long[] { 1, 0 }, [2], Ops.ArgMax(x));
        TensorAssert.AreEqual(new long[] { 0, 2 }, [2], Ops.ArgMin(x));
        TensorAssert.AreEqual(new long[] { 1, 0, 0 }, [3], Ops.ArgMax(x, 0));
        TensorAssert.AreEqual(new long[] { 0, 1, 1 }, [3], Ops.ArgMin(x, -2));
        using var all = Tensor.FromArray(new[] { 5, 5, 5, 5 });
        TensorAssert.AreEqual(new long[] { 0 }, [], Ops.ArgMax(all));
        TensorAssert.AreEqual(new long[] { 0 }, [], Ops.ArgMin(all));
        using var neg = Tensor.FromArray(new double[] { -3, -1, -2 });
        TensorAssert.AreEqual(new long[] { 1 }, [], Ops.ArgMax(neg));
        using var b = Tensor.FromArray(new[] { false, true, true });
        TensorAssert.AreEqual(new long[] { 1 }, [], Ops.ArgMax(b));
    }

    [TestMethod]
    public void ReductionsOverEmptyAxes()
    {
        using var e = Ops.Zeros([0, 3]);
        TensorAssert.AreClose(new float[] { 0, 0, 0 }, [3], Ops.Sum(e, 0), 0);
        TensorAssert.AreClose(new float[] { 1, 1, 1 }, [3], Ops.Prod(e, 0), 0);
        TensorAssert.HasShape(Ops.Sum(e, 1), 0);
        TensorAssert.HasShape(Ops.Max(e, 1), 0);
        TensorAssert.AreClose(new float[] { 0 }, [], Ops.Sum(e), 0);
    }

    [TestMethod]
    public void ReductionsOfNonContiguousInputs()
    {
        using var x = M23();
        using var xt = Ops.Transpose(x); // [[1,4],[2,5],[3,6]]
        TensorAssert.AreClose(new float[] { 5, 7, 9 }, [3], Ops.Sum(xt, 1), 0);
        TensorAssert.AreClose(new float[] { 6, 15 }, [2], Ops.Sum(xt, 0), 0);
        TensorAssert.AreEqual(new long[] { 1, 1, 1 }, [3], Ops.ArgMax(xt, 1));
        using var stepped = x[.., TensorIndex.Slice(null, null, 2)]; // [[1,3],[4,6]]
        TensorAssert.AreClose(new float[] { 4, 10 }, [2], Ops.Sum(stepped, 1), 0);
        TensorAssert.AreClose(new float[] { 4, 6 }, [2], Ops.Max(stepped, 0), 0);
    }

    [TestMethod]
    public void Float64SumKeepsPrecision()
    {
        using var x = Tensor.FromArray(new double[] { 0.1, 0.2, 0.3 });
        TensorAssert.AreClose(new double[] { 0.6 }, [], Ops.Sum(x), 1e-15);
        TensorAssert.AreClose(new double[] { 0.2 }, [], Ops.Mean(x), 1e-15);
        using var y = Tensor.FromArray(new double[] { 1, 1e-12 });
        Assert.AreEqual(1.000000000001, Ops.Sum(y).Item<double>(), 1e-16);
    }

    [TestMethod]
    public void LargeSumIsAccurate()
    {
        // 0 + 1 + ... + 99999 = 4999950000, exact in float64.
        using var x = Ops.Arange(0, 100000, 1, DType.Float64);
        TensorAssert.AreClose(new double[] { 4999950000 }, [], Ops.Sum(x), 0);
        using var ones = Ops.Ones([300, 333]);
        TensorAssert.AreClose(new float[] { 99900 }, [], Ops.Sum(ones), 0);
        var rows = Ops.Sum(ones, 1).ToArray<float>();
        Assert.IsTrue(rows.All(v => v == 333f));
    }
}
