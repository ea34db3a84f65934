namespace KerasSharp.Tests;

[TestClass]
public sealed class TensorCreationTests
{
    [TestMethod]
    public void FromArrayFloatWithShapeKeepsRowMajorOrder()
    {
        using var t = Tensor.FromArray(new float[] { 1, 2, 3, 4, 5, 6 }, 2, 3);
        TensorAssert.AreClose(new float[] { 1, 2, 3, 4, 5, 6 }, [2, 3], t, 0);
        Assert.AreEqual(2, t.Rank);
        Assert.AreEqual(6, t.Size);
        Assert.AreEqual(Device.Cpu, t.Device);
        Assert.AreEqual("native", t.Backend.Name);
    }

    [TestMethod]
    public void FromArrayWithoutShapeIsOneDimensional()
    {
        using var t = Tensor.FromArray(new float[] { 7, 8, 9 });
        TensorAssert.AreClose(new float[] { 7, 8, 9 }, [3], t, 0);
    }

    [TestMethod]
    public void FromArrayCopiesTheSourceArray()
    {
        var data = new float[] { 1, 2, 3 };
        using var t = Tensor.FromArray(data);
        data[0] = 100;
        TensorAssert.AreClose(new float[] { 1, 2, 3 }, [3], t, 0);
    }

    [TestMethod]
    public void FromArrayInfersEveryDTypeFromTheElementType()
    {
        using var f64 = Tensor.FromArray(new double[] { 0.1, -2.5 });
        using var i32 = Tensor.FromArray(new int[] { int.MinValue, int.MaxValue });
        using var i64 = Tensor.FromArray(new long[] { long.MinValue, 1L << 40 });
        using var u8 = Tensor.FromArray(new byte[] { 0, 128, 255 });
        using var b = Tensor.FromArray(new bool[] { true, false, true });
        TensorAssert.AreClose(new double[] { 0.1, -2.5 }, [2], f64, 0);
        TensorAssert.AreEqual(new int[] { int.MinValue, int.MaxValue }, [2], i32);
        TensorAssert.AreEqual(new long[] { long.MinValue, 1L << 40 }, [2], i64);
        TensorAssert.AreEqual(new byte[] { 0, 128, 255 }, [3], u8);
        TensorAssert.AreEqual(new bool[] { true, false, true }, [3], b);
    }

    [TestMethod]
    public void FromArrayOfEmptyDimensionHasSizeZero()
    {
        using var t = Tensor.FromArray(Array.Empty<float>(), 0, 3);
        TensorAssert.HasShapeAndType(t, [0, 3], DType.Float32);
        Assert.AreEqual(0, t.Size);
        Assert.IsEmpty(t.ToArray<float>());
    }

    [TestMethod]
    public void FromMultiDimensionalArrayKeepsShape()
    {
        using var f = Tensor.FromArray(new float[,] { { 1, 2, 3 }, { 4, 5, 6 } });
        TensorAssert.AreClose(new float[] { 1, 2, 3, 4, 5, 6 }, [2, 3], f, 0);

        using var i = Tensor.FromArray(new int[,,] { { { 1, 2 } }, { { 3, 4 } } });
        TensorAssert.AreEqual(new[] { 1, 2, 3, 4 }, [2, 1, 2], i);

        using var b = Tensor.FromArray(new bool[,] { { true, false }, { false, true } });
        TensorAssert.AreEqual(new[] { true, false, false, true }, [2, 2], b);

        using var d = Tensor.FromArray(new double[,] { { 1.5 }, { -0.25 } });
        TensorAssert.AreClose(new double[] { 1.5, -0.25 }, [2, 1], d, 0);
    }

    [TestMethod]
    public void FromJaggedArrays()
    {
        using var f = Tensor.FromJagged(new[] { new float[] { 1, 2, 3 }, new float[] { 4, 5, 6 } });
        TensorAssert.AreClose(new float[] { 1, 2, 3, 4, 5, 6 }, [2, 3], f, 0);

        using var i = Tensor.FromJagged(new[] { new[] { new[] { 1, 2 }, new[] { 3, 4 } }, new[] { new[] { 5, 6 }, new[] { 7, 8 } } });
        TensorAssert.AreEqual(new[] { 1, 2, 3, 4, 5, 6, 7, 8 }, [2, 2, 2], i);

        using var l = Tensor.FromJagged(new[] { new long[] { 9 } });
        TensorAssert.AreEqual(new long[] { 9 }, [1, 1], l);
    }

    [TestMethod]
    public void FromJaggedEmptyOuterArrayHasZeroDims()
    {
        using var t = Tensor.FromJagged(Array.Empty<float[]>());
        TensorAssert.HasShapeAndType(t, [0, 0], DType.Float32);
    }

    [TestMethod]
    public void ScalarHasRankZeroAndAnItem()
    {
        using var s = Tensor.Scalar(3.5f);
        TensorAssert.AreClose(new float[] { 3.5f }, [], s, 0);
        Assert.AreEqual(0, s.Rank);
        Assert.AreEqual(1, s.Size);
        Assert.AreEqual(3.5f, s.Item<float>());
        Assert.AreEqual(3.5, s.Item<double>());

        using var l = Tensor.Scalar(42L);
        Assert.AreEqual(DType.Int64, l.DType);
        Assert.AreEqual(42L, l.Item<long>());
    }

    [TestMethod]
    public void ItemWorksOnAnyOneElementTensor()
    {
        using var t = Tensor.FromArray(new int[] { -7 }, 1, 1);
        Assert.AreEqual(-7, t.Item<int>());
    }

    [TestMethod]
    public void ZerosOnesFull()
    {
        using var z = Ops.Zeros([2, 2]);
        TensorAssert.AreClose(new float[] { 0, 0, 0, 0 }, [2, 2], z, 0);
        using var o = Ops.Ones([3], DType.Int64);
        TensorAssert.AreEqual(new long[] { 1, 1, 1 }, [3], o);
        using var f = Ops.Full([2], 7, DType.Int32);
        TensorAssert.AreEqual(new[] { 7, 7 }, [2], f);
        using var fd = Ops.Full([1, 2], 0.1, DType.Float64);
        TensorAssert.AreClose(new[] { 0.1, 0.1 }, [1, 2], fd, 0);
        using var fb = Ops.Full([2], 1, DType.Bool);
        TensorAssert.AreEqual(new[] { true, true }, [2], fb);
        using var fu = Ops.Full([2], 200, DType.UInt8);
        TensorAssert.AreEqual(new byte[] { 200, 200 }, [2], fu);
        using var empty = Ops.Zeros([0, 4]);
        TensorAssert.HasShapeAndType(empty, [0, 4], DType.Float32);
    }

    [TestMethod]
    public void LikeCreatorsKeepShapeAndDType()
    {
        using var x = Tensor.FromArray(new int[] { 5, 6, 7, 8 }, 2, 2);
        using var z = Ops.ZerosLike(x);
        TensorAssert.AreEqual(new[] { 0, 0, 0, 0 }, [2, 2], z);
        using var o = Ops.OnesLike(x, DType.Float64);
        TensorAssert.AreClose(new double[] { 1, 1, 1, 1 }, [2, 2], o, 0);
        using var f = Ops.FullLike(x, -3);
        TensorAssert.AreEqual(new[] { -3, -3, -3, -3 }, [2, 2], f);
    }

    [TestMethod]
    public void ArangeIntegralArgumentsGiveInt32()
    {
        using var a = Ops.Arange(5);
        TensorAssert.AreEqual(new[] { 0, 1, 2, 3, 4 }, [5], a);
        using var b = Ops.Arange(5, 0, -2);
        TensorAssert.AreEqual(new[] { 5, 3, 1 }, [3], b);
        using var c = Ops.Arange(2, 5, 1, DType.Int64);
        TensorAssert.AreEqual(new long[] { 2, 3, 4 }, [3], c);
        using var empty = Ops.Arange(3, 3);
        TensorAssert.HasShapeAndType(empty, [0], DType.Int32);
    }

    [TestMethod]
    public void ArangeFractionalArgumentsGiveFloat32()
    {
        using var a = Ops.Arange(0, 1, 0.25);
        TensorAssert.AreClose(new float[] { 0, 0.25f, 0.5f, 0.75f }, [4], a, 0);
        using var b = Ops.Arange(0.5, 3);
        TensorAssert.AreClose(new float[] { 0.5f, 1.5f, 2.5f }, [3], b, 0);
    }

    [TestMethod]
    public void Linspace()
    {
        using var a = Ops.Linspace(0, 1, 5);
        TensorAssert.AreClose(new float[] { 0, 0.25f, 0.5f, 0.75f, 1 }, [5], a, 0);
        using var b = Ops.Linspace(0, 1, 4, endpoint: false);
        TensorAssert.AreClose(new float[] { 0, 0.25f, 0.5f, 0.75f }, [4], b, 0);
        using var c = Ops.Linspace(2, 3, 1, DType.Float64);
        TensorAssert.AreClose(new double[] { 2 }, [1], c, 0);
        using var d = Ops.Linspace(1, -1, 3, DType.Float64);
        TensorAssert.AreClose(new double[] { 1, 0, -1 }, [3], d, 0);
    }

    [TestMethod]
    public void Eye()
    {
        using var a = Ops.Eye(3);
        TensorAssert.AreClose(new float[] { 1, 0, 0, 0, 1, 0, 0, 0, 1 }, [3, 3], a, 0);
        using var b = Ops.Eye(2, 3, DType.Int32);
        TensorAssert.AreEqual(new[] { 1, 0, 0, 0, 1, 0 }, [2, 3], b);
        using var c = Ops.Eye(3, 2);
        TensorAssert.AreClose(new float[] { 1, 0, 0, 1, 0, 0 }, [3, 2], c, 0);
    }

    [TestMethod]
    public void ToArrayConvertsLikeAstype()
    {
        using var t = Tensor.FromArray(new float[] { 1.7f, -1.7f, 0f, 3f });
        CollectionAssert.AreEqual(new[] { 1, -1, 0, 3 }, t.ToArray<int>());
        CollectionAssert.AreEqual(new[] { true, true, false, true }, t.ToArray<bool>());
        CollectionAssert.AreEqual(new double[] { 1.7f, -1.7f, 0, 3 }, t.ToArray<double>());
    }

    [TestMethod]
    public void ToArray2D()
    {
        using var t = Tensor.FromArray(new int[] { 1, 2, 3, 4, 5, 6 }, 3, 2);
        var a = t.ToArray2D<int>();
        Assert.AreEqual(3, a.GetLength(0));
        Assert.AreEqual(2, a.GetLength(1));
        Assert.AreEqual(2, a[0, 1]);
        Assert.AreEqual(5, a[2, 0]);
        var f = t.ToArray2D<float>();
        Assert.AreEqual(6f, f[2, 1]);
    }

    [TestMethod]
    public void RoundTripThroughMultiDimensionalArray()
    {
        var source = new double[,] { { 1.25, -2 }, { 3, 1e-300 } };
        using var t = Tensor.FromArray(source);
        var back = t.ToArray2D<double>();
        CollectionAssert.AreEqual(source, back);
    }
}
