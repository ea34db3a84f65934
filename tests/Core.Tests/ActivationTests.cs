namespace KerasSharp.Tests;

[TestClass]
public sealed class ActivationTests
{
    private static Tensor F(params float[] v) => Tensor.FromArray(v);
    private static Tensor D(params double[] v) => Tensor.FromArray(v);

    [TestMethod]
    public void Relu()
    {
        TensorAssert.AreClose(new float[] { 0, 0, 2, 0 }, [4], Ops.Relu(F(-1, 0, 2, -0.5f)), 0);
        TensorAssert.AreClose(new double[] { 0, 1e-300 }, [2], Ops.Relu(D(-1e-300, 1e-300)), 0);
        TensorAssert.AreClose(new float[] { 0, 0, 6, 6, 3 }, [5], Ops.Relu6(F(-1, 0, 6, 7, 3)), 0);
    }

    [TestMethod]
    public void Sigmoid()
    {
        TensorAssert.AreClose(new double[] { 0.5, 0.8807970779778823, 0.11920292202211755, 2.0611536181902037e-09 }, [4],
            Ops.Sigmoid(D(0, 2, -2, -20)), 1e-15);
        // Relative accuracy in the far tail.
        Assert.AreEqual(1.0, Ops.Sigmoid(D(-20)).Item<double>() / 2.0611536181902037e-09, 1e-12);
        Assert.AreEqual(1.0, Ops.Sigmoid(D(-100)).Item<double>() / 3.7200759760208356e-44, 1e-12);
    }

    [TestMethod]
    public void SigmoidOfLargeMagnitudeIsFiniteAndSaturates()
    {
        TensorAssert.AreClose(new float[] { 1, 0, 1, 0 }, [4], Ops.Sigmoid(F(100, -1000, float.MaxValue, float.MinValue)), 1e-30);
        TensorAssert.AreClose(new double[] { 1, 0 }, [2], Ops.Sigmoid(D(1000, -1000)), 0);
        var v = Ops.Sigmoid(F(-100)).ToArray<float>()[0];
        Assert.IsTrue(v >= 0 && v < 1e-30 && !float.IsNaN(v), $"sigmoid(-100) in float32 was {v}");
    }

    [TestMethod]
    public void Tanh()
    {
        TensorAssert.AreClose(new double[] { 0, 0.46211715726000974, -0.9950547536867305, 1, -1 }, [5], Ops.Tanh(D(0, 0.5, -3, 50, -1000)), 1e-15);
        TensorAssert.AreClose(new float[] { 1, -1 }, [2], Ops.Tanh(F(100, -100)), 0);
    }

    [TestMethod]
    public void Softmax()
    {
        TensorAssert.AreClose(new double[] { 0.09003057317038046, 0.24472847105479767, 0.6652409557748219 }, [3], Ops.Softmax(D(1, 2, 3)), 1e-15);
        // Shift invariance and stability with large logits.
        TensorAssert.AreClose(new float[] { 0.09003057f, 0.24472847f, 0.66524096f }, [3], Ops.Softmax(F(1000, 1001, 1002)), 1e-6);
        TensorAssert.AreClose(new float[] { 0.09003057f, 0.24472847f, 0.66524096f }, [3], Ops.Softmax(F(-1002, -1001, -1000)), 1e-6);
        TensorAssert.AreClose(new float[] { 0.5f, 0.5f }, [2], Ops.Softmax(F(float.MaxValue / 2, float.MaxValue / 2)), 1e-6);
    }

    [TestMethod]
    public void SoftmaxOverEachAxis()
    {
        // [[0,1],[1,0]]: softmax over the last axis and over axis 0.
        using var x = Tensor.FromArray(new float[] { 0, 1, 1, 0 }, 2, 2);
        const float lo = 0.2689414213699951f, hi = 0.7310585786300049f;
        TensorAssert.AreClose(new[] { lo, hi, hi, lo }, [2, 2], Ops.Softmax(x), 1e-6);
        TensorAssert.AreClose(new[] { lo, hi, hi, lo }, [2, 2], Ops.Softmax(x, 0), 1e-6);
        using var y = Tensor.FromArray(new float[] { 0, 0, 1, 1 }, 2, 2);
        TensorAssert.AreClose(new[] { lo, lo, hi, hi }, [2, 2], Ops.Softmax(y, -2), 1e-6);
        TensorAssert.AreClose(new[] { 0.5f, 0.5f, 0.5f, 0.5f }, [2, 2], Ops.Softmax(y, 1), 1e-6);
        // Integer logits become float32; non-contiguous input.
        TensorAssert.AreClose(new[] { lo, hi, hi, lo }, [2, 2], Ops.Softmax(Tensor.FromArray(new[] { 0, 1, 1, 0 }, 2, 2)), 1e-6);
        TensorAssert.AreClose(new[] { lo, hi, lo, hi }, [2, 2], Ops.Softmax(Ops.Transpose(y)), 1e-6);
    }

    [TestMethod]
    public void SoftmaxOfThreeDimensionsOverTheMiddleAxis()
    {
        using var x = Tensor.FromArray(new double[] { 0, 5, 1, 5, 0, 7, 1, 7 }, 2, 2, 2);
        const double lo = 0.2689414213699951, hi = 0.7310585786300049;
        TensorAssert.AreClose(new[] { lo, 0.5, hi, 0.5, lo, 0.5, hi, 0.5 }, [2, 2, 2], Ops.Softmax(x, 1), 1e-15);
    }

    [TestMethod]
    public void LogSoftmax()
    {
        TensorAssert.AreClose(new double[] { -2.40760596444438, -1.4076059644443801, -0.4076059644443803 }, [3], Ops.LogSoftmax(D(1, 2, 3)), 1e-14);
        // Stable where log(softmax) would give log(0) = -inf.
        TensorAssert.AreClose(new float[] { 0, -1000 }, [2], Ops.LogSoftmax(F(1000, 0)), 1e-6);
        TensorAssert.AreClose(new double[] { -1000, 0 }, [1, 2], Ops.LogSoftmax(Tensor.FromArray(new double[] { -500, 500 }, 1, 2)), 1e-15);
        using var x = Tensor.FromArray(new float[] { 0, 0, 1, 1 }, 2, 2);
        TensorAssert.AreClose(new float[] { -1.3132616875182228f, -1.3132616875182228f, -0.31326168751822286f, -0.31326168751822286f }, [2, 2], Ops.LogSoftmax(x, 0), 1e-6);
    }

    [TestMethod]
    public void GeluExact()
    {
        TensorAssert.AreClose(new double[] { 0.8413447460685429, -0.15865525393145707, 1.9544997361036416, -0.00404969409489031, 0.34573123063700656, 0 }, [6],
            Ops.Gelu(D(1, -1, 2, -3, 0.5, 0)), 1e-14);
        TensorAssert.AreClose(new float[] { 0.8413447460685429f }, [1], Ops.Gelu(F(1)), 1e-6);
    }

    [TestMethod]
    public void GeluTanhApproximation()
    {
        TensorAssert.AreClose(new double[] { 0.8411919906082768, -0.15880800939172324, 1.954597694087775, 0.34571400982514394, 0 }, [5],
            Ops.Gelu(D(1, -1, 2, 0.5, 0), approximate: true), 1e-14);
        TensorAssert.AreClose(new float[] { 0.8411919906082768f }, [1], Ops.Gelu(F(1), approximate: true), 1e-6);
    }

    [TestMethod]
    public void Silu()
    {
        TensorAssert.AreClose(new double[] { 0.7310585786300049, -0.2689414213699951, 1.7615941559557646, -0.03346425462142428, 0 }, [5],
            Ops.Silu(D(1, -1, 2, -5, 0)), 1e-15);
    }

    [TestMethod]
    public void Elu()
    {
        TensorAssert.AreClose(new double[] { -0.6321205588285577, 0, 2, -0.3934693402873666, -1 }, [5], Ops.Elu(D(-1, 0, 2, -0.5, -1000)), 1e-15);
        TensorAssert.AreClose(new double[] { -1.2642411176571153, 3 }, [2], Ops.Elu(D(-1, 3), alpha: 2), 1e-15);
        TensorAssert.AreClose(new float[] { -0.63212055f, 1 }, [2], Ops.Elu(F(-1, 1)), 1e-6);
    }

    [TestMethod]
    public void Selu()
    {
        TensorAssert.AreClose(new double[] { 1.0507009873554805, -1.1113307378125625, 0 }, [3], Ops.Selu(D(1, -1, 0)), 1e-15);
    }

    [TestMethod]
    public void LeakyReluDefaultSlopeIsPointTwo()
    {
        TensorAssert.AreClose(new float[] { -0.4f, 0, 3 }, [3], Ops.LeakyRelu(F(-2, 0, 3)), 1e-7);
        TensorAssert.AreClose(new double[] { -0.02, 5 }, [2], Ops.LeakyRelu(D(-2, 5), 0.01), 1e-15);
    }

    [TestMethod]
    public void Softplus()
    {
        TensorAssert.AreClose(new double[] { 0.6931471805599453, 1.3132616875182228, 0.31326168751822286, 100, 20.000000002061153 }, [5],
            Ops.Softplus(D(0, 1, -1, 100, 20)), 1e-15);
        Assert.AreEqual(1.0, Ops.Softplus(D(-100)).Item<double>() / 3.720075976020836e-44, 1e-12);
    }

    [TestMethod]
    public void SoftplusOfLargeXDoesNotOverflow()
    {
        TensorAssert.AreClose(new float[] { 100, 1000, 0 }, [3], Ops.Softplus(F(100, 1000, -1000)), 1e-7);
        TensorAssert.AreClose(new double[] { 1e5 }, [1], Ops.Softplus(D(1e5)), 1e-15);
    }

    [TestMethod]
    public void SoftsignAndHardSigmoid()
    {
        TensorAssert.AreClose(new float[] { 0.5f, -0.75f, 0 }, [3], Ops.Softsign(F(1, -3, 0)), 1e-7);
        TensorAssert.AreClose(new float[] { 0.5f, 1, 0, 2f / 3 }, [4], Ops.HardSigmoid(F(0, 3, -3, 1)), 1e-6);
    }

    [TestMethod]
    public void Clip()
    {
        TensorAssert.AreClose(new float[] { 0, 0.5f, 1, 1 }, [4], Ops.Clip(F(-2, 0.5f, 1, 3), 0, 1), 0);
        TensorAssert.AreClose(new double[] { -1.5, 0.25, 1.5 }, [3], Ops.Clip(D(-7, 0.25, 9), -1.5, 1.5), 0);
        TensorAssert.AreEqual(new[] { 0, 1, 2 }, [3], Ops.Clip(Tensor.FromArray(new[] { -1, 1, 5 }), 0, 2));
        TensorAssert.AreEqual(new byte[] { 10, 20, 30 }, [3], Ops.Clip(Tensor.FromArray(new byte[] { 0, 20, 255 }), 10, 30));
        TensorAssert.AreClose(new float[] { 2, 2 }, [2], Ops.Clip(F(1, 3), 2, 2), 0);
    }

    [TestMethod]
    public void ActivationsOnNonContiguousInput()
    {
        using var x = Tensor.FromArray(new double[] { -1, 2, 1, -2 }, 2, 2);
        using var xt = Ops.Transpose(x); // [[-1,1],[2,-2]]
        TensorAssert.AreClose(new double[] { -0.6321205588285577, 1, 2, -0.8646647167633873 }, [2, 2], Ops.Elu(xt), 1e-15);
        TensorAssert.AreClose(new double[] { -0.15865525393145707, 0.8413447460685429, 1.9544997361036416, -0.04550026389635842 }, [2, 2], Ops.Gelu(xt), 1e-14);
    }
}
