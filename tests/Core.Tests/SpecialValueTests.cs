namespace KerasSharp.Tests;

/// <summary>NaN, infinities and division by zero behave as in NumPy.</summary>
[TestClass]
public sealed class SpecialValueTests
{
    [TestMethod]
    public void IntegerTrueDivisionByZeroGivesInfinityAndNaN()
    {
        using var a = Tensor.FromArray(new[] { 1, -1, 0 });
        using var b = Tensor.FromArray(new[] { 0, 0, 0 });
        TensorAssert.AreClose(new[] { float.PositiveInfinity, float.NegativeInfinity, float.NaN }, [3], a / b, 0);
    }

    [TestMethod]
    public void NaNPropagatesThroughMaxMinAndMaximum()
    {
        using var x = Tensor.FromArray(new[] { 1.0, double.NaN, 3.0 });
        TensorAssert.AreClose(new[] { double.NaN }, [], Ops.Max(x), 0);
        TensorAssert.AreClose(new[] { double.NaN }, [], Ops.Min(x), 0);
        TensorAssert.AreClose(new[] { double.NaN }, [], Ops.Sum(x), 0);
        using var y = Tensor.FromArray(new[] { double.NaN, 0.0, 5.0 });
        TensorAssert.AreClose(new[] { double.NaN, double.NaN, 5.0 }, [3], Ops.Maximum(x, y), 0);
        TensorAssert.AreClose(new[] { double.NaN, double.NaN, 3.0 }, [3], Ops.Minimum(x, y), 0);
    }

    [TestMethod]
    public void SoftmaxWithMinusInfinityMasks()
    {
        using var x = Tensor.FromArray(new[] { 0f, float.NegativeInfinity, 0f, float.NegativeInfinity, 1f, float.NegativeInfinity }, 2, 3);
        TensorAssert.AreClose(new[] { 0.5f, 0f, 0.5f, 0f, 1f, 0f }, [2, 3], Ops.Softmax(x), 1e-7);
        TensorAssert.AreClose(new[] { -0.6931472f, float.NegativeInfinity, -0.6931472f, float.NegativeInfinity, 0f, float.NegativeInfinity }, [2, 3], Ops.LogSoftmax(x), 1e-6);
        TensorAssert.AreClose(new[] { 0.6931472f, 1f }, [2], Ops.LogSumExp(x, 1), 1e-6);
    }

    [TestMethod]
    public void InfinitiesInArithmeticAndActivations()
    {
        using var x = Tensor.FromArray(new[] { float.PositiveInfinity, float.NegativeInfinity });
        TensorAssert.AreClose(new[] { 1f, 0f }, [2], Ops.Sigmoid(x), 0);
        TensorAssert.AreClose(new[] { 1f, -1f }, [2], Ops.Tanh(x), 0);
        TensorAssert.AreClose(new[] { float.PositiveInfinity, 0f }, [2], Ops.Relu(x), 0);
        TensorAssert.AreClose(new[] { float.PositiveInfinity, 0f }, [2], Ops.Softplus(x), 0);
        TensorAssert.AreClose(new[] { float.PositiveInfinity, -1f }, [2], Ops.Elu(x), 0);
        TensorAssert.AreClose(new[] { 1f, 0f }, [2], Ops.Clip(x, 0, 1), 0);
        TensorAssert.AreClose(new[] { float.NaN, float.NaN }, [2], x - x, 0);
    }
}
