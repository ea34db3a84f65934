using KerasSharp.Optimizers;
using static KerasSharp.Models.Tests.OptimizersTestData;

namespace KerasSharp.Models.Tests;

[TestClass]
public sealed class OptimizersSgdTests
{
    [TestMethod]
    public void PlainSgdSubtractsLearningRateTimesGradient()
    {
        var w = Run(new SGD(learningRate: 0.1), 3);
        // w = w0 - 0.1 * (g1 + g2 + g3)
        AssertClose([1.0 - 0.1 * (0.5 + 0.2 - 0.4), -2.0 - 0.1 * (-1.0 + 0.3 + 0.1)], w);
    }

    [TestMethod]
    public void DefaultLearningRateIsKeras()
    {
        var w = Run(new SGD(), 1);
        AssertClose([1.0 - 0.01 * 0.5, -2.0 - 0.01 * -1.0], w);
    }

    [TestMethod]
    public void Momentum()
    {
        var opt = new SGD(learningRate: 0.1, momentum: 0.9);
        var w = Run(opt, 3);
        var expected = new double[2];
        for (int i = 0; i < 2; i++)
        {
            double x = W0[i], m = 0;
            for (int s = 0; s < 3; s++)
            {
                m = 0.9 * m - 0.1 * Grads[s][i];
                x += m;
            }
            expected[i] = x;
        }
        AssertClose(expected, w);
        // first element by hand: m1 = -0.05, m2 = -0.045 - 0.02 = -0.065, m3 = -0.0585 + 0.04 = -0.0185
        Assert.AreEqual(1.0 - 0.05 - 0.065 - 0.0185, expected[0], 1e-15);
        var slot = Slot(opt, "w/momentum");
        Assert.IsFalse(slot.Trainable);
        AssertClose([-0.0185, 0.9 * (0.9 * 0.1 - 0.03) - 0.01], slot);
    }

    [TestMethod]
    public void NesterovMomentum()
    {
        var w = Run(new SGD(learningRate: 0.1, momentum: 0.9, nesterov: true), 3);
        var expected = new double[2];
        for (int i = 0; i < 2; i++)
        {
            double x = W0[i], m = 0;
            for (int s = 0; s < 3; s++)
            {
                double g = Grads[s][i];
                m = 0.9 * m - 0.1 * g;
                x += 0.9 * m - 0.1 * g;
            }
            expected[i] = x;
        }
        AssertClose(expected, w);
        // step 1, element 0 by hand: m = -0.05, w = 1 + 0.9 * -0.05 - 0.05 = 0.905
        var one = Run(new SGD(learningRate: 0.1, momentum: 0.9, nesterov: true), 1);
        AssertClose([0.905, -2.0 + 0.9 * 0.1 + 0.1], one);
    }

    [TestMethod]
    public void MomentumOutOfRangeIsRejected()
    {
        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new SGD(momentum: 1.5));
        StringAssert.Contains(e.Message, "momentum");
    }
}
