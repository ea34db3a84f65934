namespace KerasSharp.Tests;

/// <summary>
/// Gradients where finite differences cannot look (kinks, infinities, extreme inputs): the documented conventions,
/// and no NaN where the true gradient is finite.
/// </summary>
[TestClass]
public sealed class GradientEdgeCaseTests
{
    private static double[] Grad(Func<Tensor, Tensor> f, params double[] values)
    {
        var x = Tensor.FromArray(values);
        using var tape = new GradientTape();
        tape.Watch(x);
        var y = Ops.Sum(f(x));
        return tape.Gradient(y, x).ToArray<double>();
    }

    private static void AssertClose(double[] expected, double[] actual, double tolerance, string what)
    {
        Assert.HasCount(expected.Length, actual, what);
        for (int i = 0; i < expected.Length; i++)
            Assert.AreEqual(expected[i], actual[i], tolerance, $"{what}: element {i} of [{string.Join(", ", actual)}]");
    }

    [TestMethod]
    public void ReluGradientAtZeroIsZero() =>
        AssertClose([0.0, 0.0, 1.0], Grad(Ops.Relu, -1.0, 0.0, 2.0), 0, "relu'");

    [TestMethod]
    public void AbsGradientAtZeroIsZero() =>
        AssertClose([-1.0, 0.0, 1.0], Grad(Ops.Abs, -1.0, 0.0, 2.0), 0, "abs'");

    [TestMethod]
    public void ClipGradientPassesAtTheBounds() =>
        AssertClose([0.0, 1.0, 1.0, 1.0, 0.0], Grad(x => Ops.Clip(x, -1, 1), -2.0, -1.0, 0.0, 1.0, 2.0), 0, "clip' (min <= x <= max passes)");

    [TestMethod]
    public void SaturatingActivationsHaveFiniteGradients()
    {
        double[] xs = [-1000.0, -50.0, 50.0, 1000.0];
        AssertClose([0.0, 0.0, 0.0, 0.0], Grad(Ops.Sigmoid, xs), 1e-20, "sigmoid'");
        AssertClose([0.0, 0.0, 0.0, 0.0], Grad(Ops.Tanh, xs), 1e-20, "tanh'");
        AssertClose([0.0, 0.0, 1.0, 1.0], Grad(Ops.Softplus, xs), 1e-20, "softplus'");
        AssertClose([0.0, 0.0, 1.0, 1.0], Grad(x => Ops.Elu(x), xs), 1e-20, "elu'");
        AssertClose([0.0, 0.0, 1.0, 1.0], Grad(Ops.Silu, xs), 1e-18, "silu'");
        AssertClose([0.0, 0.0, 1.0, 1.0], Grad(x => Ops.Gelu(x), xs), 1e-18, "gelu'");
        AssertClose([0.0, 0.0, 1.0, 1.0], Grad(x => Ops.Gelu(x, approximate: true), xs), 1e-18, "gelu (tanh)'");
        AssertClose([0.0, 0.0, 0.0, 0.0], Grad(Ops.Erf, xs), 1e-20, "erf'");
    }

    [TestMethod]
    public void LogSumExpIgnoresMinusInfinity()
    {
        double e = Math.E;
        AssertClose([0.0, 1 / (1 + e), e / (1 + e)], Grad(x => Ops.LogSumExp(x), double.NegativeInfinity, 0.0, 1.0), 1e-15, "logsumexp' with a -inf entry");
    }

    [TestMethod]
    public void SoftmaxAndLogSoftmaxWithMinusInfinity()
    {
        // sum(log_softmax(x)) has gradient 1 - n * softmax(x); the -inf entry has softmax 0.
        double e = Math.E;
        AssertClose([1.0, 1 - 3 / (1 + e), 1 - 3 * e / (1 + e)], Grad(x => Ops.LogSoftmax(x), double.NegativeInfinity, 0.0, 1.0), 1e-15, "log_softmax'");
        // sum(softmax(x) * [1,2,3]) has gradient s_i (w_i - sum_j s_j w_j).
        double s1 = 1 / (1 + e), s2 = e / (1 + e), mean = 2 * s1 + 3 * s2;
        var w = Tensor.FromArray(new[] { 1.0, 2.0, 3.0 });
        AssertClose([0.0, s1 * (2 - mean), s2 * (3 - mean)], Grad(x => Ops.Multiply(Ops.Softmax(x), w), double.NegativeInfinity, 0.0, 1.0), 1e-15, "softmax'");
    }

    [TestMethod]
    public void PowerAtZeroBase()
    {
        // d/dx x^2 = 2x (0 at 0); d/dy 0^y is taken as 0 (log 0 is not used).
        var x = Tensor.FromArray(new[] { 0.0, 3.0 });
        var y = Tensor.FromArray(new[] { 2.0, 2.0 });
        using var tape = new GradientTape();
        tape.Watch([x, y]);
        var grads = tape.Gradient(Ops.Sum(Ops.Power(x, y)), [x, y]);
        AssertClose([0.0, 6.0], grads[0]!.ToArray<double>(), 1e-12, "d/dx");
        AssertClose([0.0, 9 * Math.Log(3)], grads[1]!.ToArray<double>(), 1e-12, "d/dy");
    }

    [TestMethod]
    public void MaxReductionSharesTiesEqually() =>
        AssertClose([1.0 / 3, 0.0, 1.0 / 3, 1.0 / 3], Grad(x => Ops.Max(x), 2.0, 1.0, 2.0, 2.0), 1e-15, "max' with a three-way tie");

    [TestMethod]
    public void ProdGradientWithZeros()
    {
        AssertClose([0.0, 0.0, 6.0], Grad(x => Ops.Prod(x), 2.0, 3.0, 0.0), 0, "one zero");
        AssertClose([0.0, 0.0, 0.0], Grad(x => Ops.Prod(x), 0.0, 3.0, 0.0), 0, "two zeros");
    }

    [TestMethod]
    public void MaxPoolRoutesToTheFirstMaximumOfATie()
    {
        // One 2x2 window of equal values: the backend contract sends the gradient to the first maximum.
        var x = Tensor.FromArray(new[] { 1.0, 1.0, 1.0, 1.0 }, 1, 1, 2, 2);
        using var tape = new GradientTape();
        tape.Watch(x);
        var g = tape.Gradient(Ops.Sum(Ops.MaxPool2d(x, [2])), x).ToArray<double>();
        Assert.AreEqual(1.0, g.Sum(), 1e-15, "the window's gradient is routed once");
        AssertClose([1.0, 0.0, 0.0, 0.0], g, 0, "max_pool2d' on a tie");
    }
}
