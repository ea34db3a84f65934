using KerasSharp.Optimizers;
using KerasSharp.Optimizers.Schedules;
using static KerasSharp.Models.Tests.OptimizersTestData;

namespace KerasSharp.Models.Tests;

[TestClass]
public sealed class OptimizersScheduleTests
{
    private const double Tol = 1e-15;

    [TestMethod]
    public void ExponentialDecay()
    {
        var s = new ExponentialDecay(0.1, decaySteps: 10, decayRate: 0.5);
        Assert.AreEqual(0.1, s.Call(0), Tol);
        Assert.AreEqual(0.1 * Math.Sqrt(0.5), s.Call(5), Tol);
        Assert.AreEqual(0.05, s.Call(10), Tol);
        Assert.AreEqual(0.1 * Math.Pow(0.5, 1.5), s.Call(15), Tol);
        Assert.AreEqual(0.025, s.Call(20), Tol);
    }

    [TestMethod]
    public void ExponentialDecayStaircase()
    {
        var s = new ExponentialDecay(0.1, decaySteps: 10, decayRate: 0.5, staircase: true);
        Assert.AreEqual(0.1, s.Call(0), Tol);
        Assert.AreEqual(0.1, s.Call(9), Tol);
        Assert.AreEqual(0.05, s.Call(10), Tol);
        Assert.AreEqual(0.05, s.Call(19), Tol);
        Assert.AreEqual(0.025, s.Call(25), Tol);
    }

    [TestMethod]
    public void PiecewiseConstantDecay()
    {
        var s = new PiecewiseConstantDecay([10, 20], [1.0, 0.5, 0.1]);
        Assert.AreEqual(1.0, s.Call(0));
        Assert.AreEqual(1.0, s.Call(10));
        Assert.AreEqual(0.5, s.Call(11));
        Assert.AreEqual(0.5, s.Call(20));
        Assert.AreEqual(0.1, s.Call(21));
        Assert.AreEqual(0.1, s.Call(1_000_000));
    }

    [TestMethod]
    public void CosineDecay()
    {
        var s = new CosineDecay(0.1, decaySteps: 100);
        Assert.AreEqual(0.1, s.Call(0), Tol);
        Assert.AreEqual(0.1 * 0.5 * (1 + Math.Cos(Math.PI * 0.25)), s.Call(25), Tol);
        Assert.AreEqual(0.05, s.Call(50), Tol);
        Assert.AreEqual(0.0, s.Call(100), Tol);
        Assert.AreEqual(0.0, s.Call(250), Tol);
    }

    [TestMethod]
    public void CosineDecayWithAlpha()
    {
        var s = new CosineDecay(0.1, decaySteps: 100, alpha: 0.1);
        // decayed = (1 - alpha) * cosine + alpha
        Assert.AreEqual(0.1 * (0.9 * 0.5 + 0.1), s.Call(50), Tol);
        Assert.AreEqual(0.01, s.Call(100), Tol);
        Assert.AreEqual(0.01, s.Call(1000), Tol);
    }

    [TestMethod]
    public void CosineDecayWithWarmup()
    {
        var s = new CosineDecay(0.0, decaySteps: 100, alpha: 0.1, warmupTarget: 0.2, warmupSteps: 10);
        // warm-up: linear from 0 to 0.2 over 10 steps
        Assert.AreEqual(0.0, s.Call(0), Tol);
        Assert.AreEqual(0.02, s.Call(1), Tol);
        Assert.AreEqual(0.1, s.Call(5), Tol);
        // decay from the target: step 10 is the start of the decay
        Assert.AreEqual(0.2, s.Call(10), Tol);
        Assert.AreEqual(0.2 * (0.9 * 0.5 + 0.1), s.Call(60), Tol);
        Assert.AreEqual(0.02, s.Call(110), Tol);
        Assert.AreEqual(0.02, s.Call(500), Tol);
        var fromNonZero = new CosineDecay(0.05, decaySteps: 10, warmupTarget: 0.15, warmupSteps: 4);
        Assert.AreEqual(0.05 + 0.1 * 0.75, fromNonZero.Call(3), Tol);
    }

    [TestMethod]
    public void PolynomialDecay()
    {
        var s = new PolynomialDecay(0.1, decaySteps: 10, endLearningRate: 0.01, power: 2);
        Assert.AreEqual(0.1, s.Call(0), Tol);
        Assert.AreEqual(0.09 * 0.25 + 0.01, s.Call(5), Tol);
        Assert.AreEqual(0.01, s.Call(10), Tol);
        Assert.AreEqual(0.01, s.Call(15), Tol);
        var linear = new PolynomialDecay(1.0, decaySteps: 4);
        Assert.AreEqual((1.0 - 1e-4) * 0.75 + 1e-4, linear.Call(1), Tol);
    }

    [TestMethod]
    public void PolynomialDecayCycle()
    {
        var s = new PolynomialDecay(0.1, decaySteps: 10, endLearningRate: 0.01, cycle: true);
        Assert.AreEqual(0.1, s.Call(0), Tol);
        Assert.AreEqual(0.09 * 0.5 + 0.01, s.Call(5), Tol);
        Assert.AreEqual(0.01, s.Call(10), Tol);
        // step 11: decay steps stretch to 20, p = 0.55
        Assert.AreEqual(0.09 * 0.45 + 0.01, s.Call(11), 1e-15);
        Assert.AreEqual(0.09 * 0.25 + 0.01, s.Call(15), Tol);
        Assert.AreEqual(0.01, s.Call(20), Tol);
        // step 25: decay steps 30
        Assert.AreEqual(0.09 * (1 - 25.0 / 30) + 0.01, s.Call(25), Tol);
    }

    [TestMethod]
    public void BadArgumentsAreRejectedWithClearMessages()
    {
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new ExponentialDecay(0.1, 0, 0.5)).Message,
            "decaySteps must be a positive number of steps");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new ExponentialDecay(0.1, 10, -0.5)).Message,
            "decayRate must be positive");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => new PiecewiseConstantDecay([10, 20], [1.0, 0.5])).Message,
            "one more element than boundaries; received 2 boundaries and 2 values");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => new PiecewiseConstantDecay([20, 10], [1.0, 0.5, 0.1])).Message,
            "strictly increasing");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new CosineDecay(0.1, 100, alpha: 2)).Message,
            "alpha must be in [0, 1]");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new CosineDecay(0.1, 100, warmupTarget: 1, warmupSteps: -1)).Message,
            "warmupSteps must not be negative");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => new PolynomialDecay(double.NaN, 10)).Message,
            "initialLearningRate must be a finite number");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new PolynomialDecay(0.1, 10).Call(-1)).Message,
            "step must not be negative");
    }

    [TestMethod]
    public void OptimizerEvaluatesTheScheduleAtItsIterations()
    {
        var opt = new SGD(learningRate: new PiecewiseConstantDecay([0, 1], [1.0, 0.5, 0.25]));
        Assert.AreEqual(1.0, opt.CurrentLearningRate);
        var w = Run(opt, 3);
        Assert.AreEqual(3, opt.Iterations);
        Assert.AreEqual(0.25, opt.CurrentLearningRate);
        AssertClose([1.0 - 1.0 * 0.5 - 0.5 * 0.2 - 0.25 * -0.4, -2.0 - 1.0 * -1.0 - 0.5 * 0.3 - 0.25 * 0.1], w);
    }

    [TestMethod]
    public void AdamWithExponentialDecayCompilesAndRuns()
    {
        var opt = new Adam(learningRate: new ExponentialDecay(1e-3, decaySteps: 1000, decayRate: 0.9));
        Assert.IsInstanceOfType<ExponentialDecay>(opt.LearningRate.Schedule);
        Run(opt, 2);
        Assert.AreEqual(1e-3 * Math.Pow(0.9, 2.0 / 1000), opt.CurrentLearningRate, 1e-18);
    }
}
