namespace KerasSharp.Tests;

[TestClass]
public sealed class DTypePromotionTests
{
    [TestMethod]
    public void PromoteTakesTheLaterTypeInTheOrder()
    {
        Assert.AreEqual(DType.Float32, DTypes.Promote(DType.Int32, DType.Float32));
        Assert.AreEqual(DType.Float32, DTypes.Promote(DType.Int64, DType.Float32));
        Assert.AreEqual(DType.Float64, DTypes.Promote(DType.Float32, DType.Float64));
        Assert.AreEqual(DType.Int32, DTypes.Promote(DType.UInt8, DType.Int32));
        Assert.AreEqual(DType.Int64, DTypes.Promote(DType.Int64, DType.Int32));
        Assert.AreEqual(DType.UInt8, DTypes.Promote(DType.Bool, DType.UInt8));
        Assert.AreEqual(DType.Bool, DTypes.Promote(DType.Bool, DType.Bool));
    }

    [TestMethod]
    public void DTypeNamesAndParsing()
    {
        Assert.AreEqual("float32", DType.Float32.Name());
        Assert.AreEqual("uint8", DType.UInt8.Name());
        Assert.AreEqual(DType.Float64, DTypes.Parse("double"));
        Assert.AreEqual(DType.Float32, DTypes.Parse("Float"));
        Assert.AreEqual(DType.Int64, DTypes.Parse("int64"));
        Assert.AreEqual(8, DType.Int64.SizeOf());
        Assert.AreEqual(1, DType.Bool.SizeOf());
        Assert.IsTrue(DType.Float64.IsFloating());
        Assert.IsFalse(DType.Bool.IsInteger());
        Assert.IsTrue(DType.UInt8.IsInteger());
    }

    [TestMethod]
    public void Int32PlusFloat32IsFloat32()
    {
        using var a = Tensor.FromArray(new[] { 1, 2, 3 });
        using var b = Tensor.FromArray(new[] { 0.5f, 0.25f, -4f });
        using var r = a + b;
        TensorAssert.AreClose(new[] { 1.5f, 2.25f, -1f }, [3], r, 0);
    }

    [TestMethod]
    public void Float32PlusFloat64IsFloat64()
    {
        using var a = Tensor.FromArray(new[] { 0.5f });
        using var b = Tensor.FromArray(new[] { 0.1 });
        using var r = a * b;
        TensorAssert.AreClose(new[] { 0.05 }, [1], r, 1e-15);
    }

    [TestMethod]
    public void IntegerTensorsPromoteToTheWiderInteger()
    {
        using var u = Tensor.FromArray(new byte[] { 200, 100 });
        using var i = Tensor.FromArray(new[] { 100, -300 });
        using var l = Tensor.FromArray(new long[] { 1L << 40, 1 });
        using var ui = u + i;
        TensorAssert.AreEqual(new[] { 300, -200 }, [2], ui);
        using var il = i + l;
        TensorAssert.AreEqual(new long[] { (1L << 40) + 100, -299 }, [2], il);
    }

    [TestMethod]
    public void UInt8ImagesDividedByFloatScalarAreFloat32()
    {
        using var img = Tensor.FromArray(new byte[] { 0, 128, 255 });
        using var r = img / 255f;
        TensorAssert.AreClose(new[] { 0f, 128f / 255f, 1f }, [3], r, 1e-7);
        using var r2 = img / 255;
        TensorAssert.AreClose(new[] { 0f, 128f / 255f, 1f }, [3], r2, 1e-7);
    }

    [TestMethod]
    public void IntTensorWithIntScalarStaysInt()
    {
        using var x = Tensor.FromArray(new[] { 1, 2, 3 });
        using var a = x + 1;
        TensorAssert.AreEqual(new[] { 2, 3, 4 }, [3], a);
        using var m = 2 * x;
        TensorAssert.AreEqual(new[] { 2, 4, 6 }, [3], m);
        using var s = 10 - x;
        TensorAssert.AreEqual(new[] { 9, 8, 7 }, [3], s);

        using var l = Tensor.FromArray(new long[] { 5 });
        using var l2 = l * 3;
        TensorAssert.AreEqual(new long[] { 15 }, [1], l2);

        using var u = Tensor.FromArray(new byte[] { 7 });
        using var u2 = u + 1;
        TensorAssert.AreEqual(new byte[] { 8 }, [1], u2);
    }

    [TestMethod]
    public void IntTensorWithFloatScalarIsFloat32()
    {
        using var x = Tensor.FromArray(new[] { 1, 2 });
        using var r = x + 0.5;
        TensorAssert.AreClose(new[] { 1.5f, 2.5f }, [2], r, 0);
        using var l = Tensor.FromArray(new long[] { 3 });
        using var r2 = l * 0.5;
        TensorAssert.AreClose(new[] { 1.5f }, [1], r2, 0);
    }

    [TestMethod]
    public void FloatScalarsAreWeakAndKeepTheTensorType()
    {
        using var d = Tensor.FromArray(new[] { 1.0, 2.0 });
        using var rd = d + 0.1;
        TensorAssert.AreClose(new[] { 1.1, 2.1 }, [2], rd, 1e-15);
        using var f = Tensor.FromArray(new[] { 1f, 2f });
        using var rf = f * 0.1;
        TensorAssert.AreClose(new[] { 0.1f, 0.2f }, [2], rf, 1e-7);
        using var rf2 = f + 1;
        TensorAssert.AreClose(new[] { 2f, 3f }, [2], rf2, 0);
    }

    [TestMethod]
    public void IntDividedByIntIsFloat32TrueDivision()
    {
        using var a = Tensor.FromArray(new[] { 1, 2, 3, -7 });
        using var b = Tensor.FromArray(new[] { 2, 2, 2, 2 });
        using var r = a / b;
        TensorAssert.AreClose(new[] { 0.5f, 1f, 1.5f, -3.5f }, [4], r, 0);
        using var l = Tensor.FromArray(new long[] { 1 });
        using var r2 = l / 4;
        TensorAssert.AreClose(new[] { 0.25f }, [1], r2, 0);
    }

    [TestMethod]
    public void BoolPlusBoolIsInt32()
    {
        using var a = Tensor.FromArray(new[] { true, true, false });
        using var b = Tensor.FromArray(new[] { true, false, false });
        using var r = a + b;
        TensorAssert.AreEqual(new[] { 2, 1, 0 }, [3], r);
        using var r2 = a * b;
        TensorAssert.AreEqual(new[] { 1, 0, 0 }, [3], r2);
        using var r3 = a + 1;
        TensorAssert.AreEqual(new[] { 2, 2, 1 }, [3], r3);
        using var r4 = a * 0.5;
        TensorAssert.AreClose(new[] { 0.5f, 0.5f, 0f }, [3], r4, 0);
    }

    [TestMethod]
    public void UInt8ArithmeticWrapsAroundLikeNumPy()
    {
        using var a = Tensor.FromArray(new byte[] { 250, 3 });
        using var b = Tensor.FromArray(new byte[] { 10, 5 });
        using var sum = a + b;
        TensorAssert.AreEqual(new byte[] { 4, 8 }, [2], sum);
        using var diff = b - a;
        TensorAssert.AreEqual(new byte[] { 16, 2 }, [2], diff);
    }

    [TestMethod]
    public void CastFloatToIntTruncatesTowardZero()
    {
        using var x = Tensor.FromArray(new[] { 1.7f, -1.7f, 2.5f, -0.5f });
        using var i = Ops.Cast(x, DType.Int32);
        TensorAssert.AreEqual(new[] { 1, -1, 2, 0 }, [4], i);
        using var l = Ops.Cast(x, DType.Int64);
        TensorAssert.AreEqual(new long[] { 1, -1, 2, 0 }, [4], l);
    }

    [TestMethod]
    public void CastBetweenAllTypes()
    {
        using var x = Tensor.FromArray(new[] { 0, 2, -1, 200 });
        using var b = Ops.Cast(x, DType.Bool);
        TensorAssert.AreEqual(new[] { false, true, true, true }, [4], b);
        using var f = Ops.Cast(b, DType.Float32);
        TensorAssert.AreClose(new[] { 0f, 1f, 1f, 1f }, [4], f, 0);
        using var d = Ops.Cast(x, DType.Float64);
        TensorAssert.AreClose(new double[] { 0, 2, -1, 200 }, [4], d, 0);
        using var u = Ops.Cast(Tensor.FromArray(new[] { 200.7, 3.2 }), DType.UInt8);
        TensorAssert.AreEqual(new byte[] { 200, 3 }, [2], u);
        using var back = Ops.Cast(u, DType.Int64);
        TensorAssert.AreEqual(new long[] { 200, 3 }, [2], back);
        using var narrow = Ops.Cast(Tensor.FromArray(new[] { 0.1 }), DType.Float32);
        TensorAssert.AreClose(new[] { 0.1f }, [1], narrow, 0);
        using var fb = Ops.Cast(Tensor.FromArray(new[] { 0.0f, -0.5f, float.NaN }), DType.Bool);
        TensorAssert.AreEqual(new[] { false, true, true }, [3], fb);
    }

    [TestMethod]
    public void CastToSameTypeReturnsEqualValues()
    {
        using var x = Tensor.FromArray(new long[] { 4, 5 });
        var y = Ops.Cast(x, DType.Int64);
        TensorAssert.AreEqual(new long[] { 4, 5 }, [2], y);
    }

    [TestMethod]
    public void FloatOnlyUnaryOpsCastIntegersToFloat32()
    {
        using var x = Tensor.FromArray(new[] { 4, 9 });
        using var s = Ops.Sqrt(x);
        TensorAssert.AreClose(new[] { 2f, 3f }, [2], s, 0);
        using var e = Ops.Exp(Tensor.FromArray(new byte[] { 0 }));
        TensorAssert.AreClose(new[] { 1f }, [1], e, 0);
        using var sig = Ops.Sigmoid(Tensor.FromArray(new long[] { 0 }));
        TensorAssert.AreClose(new[] { 0.5f }, [1], sig, 0);
    }

    [TestMethod]
    public void IntegerPreservingUnaryOpsKeepTheType()
    {
        using var x = Tensor.FromArray(new[] { -3, 0, 4 });
        TensorAssert.AreEqual(new[] { 3, 0, -4 }, [3], -x);
        TensorAssert.AreEqual(new[] { 3, 0, 4 }, [3], Ops.Abs(x));
        TensorAssert.AreEqual(new[] { 9, 0, 16 }, [3], Ops.Square(x));
        TensorAssert.AreEqual(new[] { 0, 0, 4 }, [3], Ops.Relu(x));
        TensorAssert.AreEqual(new[] { -1, 0, 1 }, [3], Ops.Sign(x));
        using var l = Tensor.FromArray(new long[] { -5 });
        TensorAssert.AreEqual(new long[] { 5 }, [1], Ops.Abs(l));
    }

    [TestMethod]
    public void MeanOfIntegersIsFloat32AndBoolSumIsInt64()
    {
        using var x = Tensor.FromArray(new[] { 1, 2 });
        TensorAssert.AreClose(new[] { 1.5f }, [], Ops.Mean(x), 0);
        using var b = Tensor.FromArray(new[] { true, false, true, true });
        TensorAssert.AreEqual(new long[] { 3 }, [], Ops.Sum(b));
    }

    [TestMethod]
    public void ComparisonPromotesBeforeComparing()
    {
        using var i = Tensor.FromArray(new[] { 1, 2, 3 });
        using var f = Tensor.FromArray(new[] { 1.5f, 1.5f, 3f });
        TensorAssert.AreEqual(new[] { true, false, false }, [3], Ops.Less(i, f));
        TensorAssert.AreEqual(new[] { false, false, true }, [3], Ops.Equal(i, f));
    }

    [TestMethod]
    public void WhereAndConcatenatePromoteTheirInputs()
    {
        using var c = Tensor.FromArray(new[] { true, false });
        using var i = Tensor.FromArray(new[] { 1, 2 });
        using var d = Tensor.FromArray(new[] { 0.5, 0.25 });
        TensorAssert.AreClose(new[] { 1, 0.25 }, [2], Ops.Where(c, i, d), 0);
        TensorAssert.AreClose(new[] { 1, 2, 0.5, 0.25 }, [4], Ops.Concatenate([i, d]), 0);
    }
}
