using KerasSharp.Optimizers;
using static KerasSharp.Models.Tests.OptimizersTestData;

namespace KerasSharp.Models.Tests;

[TestClass]
public sealed class OptimizersRmspropTests
{
    private static double[] Expected(double lr, double rho, double momentum, double eps, bool centered, int steps)
    {
        var result = new double[2];
        for (int i = 0; i < 2; i++)
        {
            double x = W0[i], v = 0, a = 0, m = 0;
            for (int s = 0; s < steps; s++)
            {
                double g = Grads[s][i];
                v = rho * v + (1 - rho) * g * g;
                a = rho * a + (1 - rho) * g;
                double denominator = centered ? v - a * a + eps : v + eps;
                double increment = lr * g / Math.Sqrt(denominator);
                m = momentum * m + increment;
                x -= momentum > 0 ? m : increment;
            }
            result[i] = x;
        }
        return result;
    }

    [TestMethod]
    public void FirstStepByHand()
    {
        var w = Run(new RMSprop(learningRate: 0.01), 1);
        // v = 0.1 * g^2; w -= 0.01 * g / sqrt(v + 1e-7)
        AssertClose([1.0 - 0.01 * 0.5 / Math.Sqrt(0.1 * 0.25 + 1e-7), -2.0 + 0.01 / Math.Sqrt(0.1 + 1e-7)], w);
    }

    [TestMethod]
    public void ThreeSteps() =>
        AssertClose(Expected(0.01, 0.9, 0, 1e-7, false, 3), Run(new RMSprop(learningRate: 0.01), 3));

    [TestMethod]
    public void Momentum()
    {
        var opt = new RMSprop(learningRate: 0.01, momentum: 0.5);
        AssertClose(Expected(0.01, 0.9, 0.5, 1e-7, false, 3), Run(opt, 3));
        Assert.IsNotNull(Slot(opt, "w/momentum"));
    }

    [TestMethod]
    public void Centered()
    {
        var opt = new RMSprop(learningRate: 0.01, rho: 0.8, centered: true, epsilon: 1e-3);
        AssertClose(Expected(0.01, 0.8, 0, 1e-3, true, 3), Run(opt, 3));
        // step 1, element 0 by hand: v = 0.2 * 0.25 = 0.05, a = 0.2 * 0.5 = 0.1, denominator = 0.05 - 0.01 + 1e-3
        var one = Run(new RMSprop(learningRate: 0.01, rho: 0.8, centered: true, epsilon: 1e-3), 1);
        Assert.AreEqual(1.0 - 0.01 * 0.5 / Math.Sqrt(0.041), one.ToArray<double>()[0], 1e-12);
        Assert.IsNotNull(Slot(opt, "w/average_gradient"));
    }

    [TestMethod]
    public void CenteredWithMomentum() =>
        AssertClose(Expected(0.02, 0.9, 0.7, 1e-7, true, 3), Run(new RMSprop(learningRate: 0.02, momentum: 0.7, centered: true), 3));
}
