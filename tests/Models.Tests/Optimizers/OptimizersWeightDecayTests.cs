using KerasSharp.Optimizers;
using KerasSharp.Optimizers.Schedules;
using static KerasSharp.Models.Tests.OptimizersTestData;

namespace KerasSharp.Models.Tests;

[TestClass]
public sealed class OptimizersWeightDecayTests
{
    [TestMethod]
    public void SgdWeightDecayIsDecoupledAndAppliedFirst()
    {
        var w = Run(new SGD(learningRate: 0.1, weightDecay: 0.5), 2);
        // each step: w = w - w * 0.5 * 0.1, then w -= 0.1 * g
        double a = 1.0, b = -2.0;
        a = a - a * 0.05 - 0.1 * 0.5; b = b - b * 0.05 - 0.1 * -1.0;
        a = a - a * 0.05 - 0.1 * 0.2; b = b - b * 0.05 - 0.1 * 0.3;
        AssertClose([a, b], w);
    }

    [TestMethod]
    public void WeightDecayUsesTheScheduledLearningRate()
    {
        var opt = new SGD(learningRate: new PiecewiseConstantDecay([0], [0.1, 0.2]), weightDecay: 0.5);
        var w = Run(opt, 2);
        double a = 1.0;
        a = a - a * 0.5 * 0.1 - 0.1 * 0.5;
        a = a - a * 0.5 * 0.2 - 0.2 * 0.2;
        Assert.AreEqual(a, w.ToArray<double>()[0], 1e-12);
    }

    [TestMethod]
    public void RmspropWithWeightDecay()
    {
        var w = Run(new RMSprop(learningRate: 0.01, weightDecay: 0.1), 1);
        double a = 1.0 - 1.0 * 0.1 * 0.01;
        a -= 0.01 * 0.5 / Math.Sqrt(0.1 * 0.25 + 1e-7);
        Assert.AreEqual(a, w.ToArray<double>()[0], 1e-12);
    }

    [TestMethod]
    public void ExcludedVariablesAreNotDecayed()
    {
        var opt = new SGD(learningRate: 0.1, weightDecay: 0.5);
        opt.ExcludeFromWeightDecay(names: ["bias"]);
        var kernel = new Variable(Tensor.FromArray(new[] { 2.0 }), "dense/kernel");
        var bias = new Variable(Tensor.FromArray(new[] { 2.0 }), "dense/bias");
        var other = new Variable(Tensor.FromArray(new[] { 2.0 }), "other");
        opt.ExcludeFromWeightDecay(variables: [other]);
        opt.ApplyGradients([Tensor.FromArray(new[] { 1.0 }), Tensor.FromArray(new[] { 1.0 }), Tensor.FromArray(new[] { 1.0 })], [kernel, bias, other]);
        AssertClose([2.0 - 2.0 * 0.05 - 0.1], kernel);
        AssertClose([2.0 - 0.1], bias);
        AssertClose([2.0 - 0.1], other);
    }

    [TestMethod]
    public void NegativeWeightDecayIsRejected()
    {
        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new Adam(weightDecay: -0.1));
        StringAssert.Contains(e.Message, "weightDecay");
    }
}
