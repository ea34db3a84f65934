using KerasSharp.Optimizers;
using static KerasSharp.Models.Tests.OptimizersTestData;

namespace KerasSharp.Models.Tests;

[TestClass]
public sealed class OptimizersClippingTests
{
    [TestMethod]
    public void ClipnormScalesEachGradientDownToTheNorm()
    {
        var w = Run(new SGD(learningRate: 1.0, clipnorm: 0.5), 2);
        // step 1: ||[0.5, -1]|| = sqrt(1.25) > 0.5, so g = g * 0.5 / sqrt(1.25); step 2: ||[0.2, 0.3]|| = 0.36 <= 0.5, unchanged
        double s = 0.5 / Math.Sqrt(1.25);
        AssertClose([1.0 - 0.5 * s - 0.2, -2.0 + 1.0 * s - 0.3], w);
    }

    [TestMethod]
    public void ClipnormIsPerVariable()
    {
        var opt = new SGD(learningRate: 1.0, clipnorm: 1.0);
        var a = new Variable(Tensor.FromArray(new[] { 0.0, 0.0 }), "a");
        var b = new Variable(Tensor.FromArray(new[] { 0.0 }), "b");
        opt.ApplyGradients([Tensor.FromArray(new[] { 3.0, 4.0 }), Tensor.FromArray(new[] { 0.5 })], [a, b]);
        AssertClose([-0.6, -0.8], a); // norm 5 -> 1
        AssertClose([-0.5], b);        // norm 0.5, unchanged
    }

    [TestMethod]
    public void ZeroGradientWithClipnormStaysZero()
    {
        var opt = new SGD(learningRate: 1.0, clipnorm: 1.0);
        var a = new Variable(Tensor.FromArray(new[] { 1.0, 2.0 }), "a");
        opt.ApplyGradients([Tensor.FromArray(new[] { 0.0, 0.0 })], [a]);
        AssertClose([1.0, 2.0], a);
    }

    [TestMethod]
    public void ClipvalueClipsEachElement()
    {
        var w = Run(new SGD(learningRate: 1.0, clipvalue: 0.4), 2);
        // step 1: [0.5, -1] -> [0.4, -0.4]; step 2: [0.2, 0.3] unchanged
        AssertClose([1.0 - 0.4 - 0.2, -2.0 + 0.4 - 0.3], w);
    }

    [TestMethod]
    public void GlobalClipnormScalesAllGradientsTogether()
    {
        var opt = new SGD(learningRate: 1.0, globalClipnorm: 1.0);
        var a = new Variable(Tensor.FromArray(new[] { 0.0, 0.0 }), "a");
        var b = new Variable(Tensor.FromArray(new[] { 0.0 }), "b");
        opt.ApplyGradients([Tensor.FromArray(new[] { 0.5, -1.0 }), Tensor.FromArray(new[] { 2.0 })], [a, b]);
        // global norm = sqrt(0.25 + 1 + 4) = sqrt(5.25); every gradient is scaled by 1 / sqrt(5.25)
        double s = 1.0 / Math.Sqrt(5.25);
        AssertClose([-0.5 * s, 1.0 * s], a);
        AssertClose([-2.0 * s], b);

        opt.ApplyGradients([Tensor.FromArray(new[] { 0.3, 0.0 }), Tensor.FromArray(new[] { 0.4 })], [a, b]);
        // norm 0.5 <= 1: unchanged
        AssertClose([-0.5 * s - 0.3, 1.0 * s], a);
        AssertClose([-2.0 * s - 0.4], b);
    }

    [TestMethod]
    public void ClippingHappensBeforeTheUpdateRule()
    {
        var w = Run(new Adagrad(learningRate: 0.1, clipvalue: 0.25, epsilon: 0), 1);
        // g = [0.25, -0.25]; acc = 0.1 + 0.0625
        AssertClose([1.0 - 0.1 * 0.25 / Math.Sqrt(0.1625), -2.0 + 0.1 * 0.25 / Math.Sqrt(0.1625)], w);
    }

    [TestMethod]
    public void OnlyOneClippingOptionMayBeSet()
    {
        var e = Assert.ThrowsExactly<ArgumentException>(() => new Adam(clipnorm: 1.0, clipvalue: 0.5));
        StringAssert.Contains(e.Message, "only one of clipnorm, clipvalue and globalClipnorm");
        Assert.ThrowsExactly<ArgumentException>(() => new SGD(clipnorm: 1.0, globalClipnorm: 1.0));
    }

    [TestMethod]
    public void NonPositiveClipIsRejected()
    {
        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new SGD(clipnorm: 0));
        StringAssert.Contains(e.Message, "clipnorm must be positive");
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new SGD(clipvalue: -1));
    }
}
