using KerasSharp.Optimizers;
using static KerasSharp.Models.Tests.OptimizersTestData;

namespace KerasSharp.Models.Tests;

[TestClass]
public sealed class OptimizersAdamaxTests
{
    [TestMethod]
    public void FirstStepByHand()
    {
        var w = Run(new Adamax(learningRate: 0.01), 1);
        // m = 0.1 * g, u = |g|, w -= 0.01 * m / ((1 - 0.9) * (u + 1e-7))
        AssertClose([1.0 - 0.01 * 0.05 / (0.1 * (0.5 + 1e-7)), -2.0 - 0.01 * -0.1 / (0.1 * (1.0 + 1e-7))], w);
    }

    [TestMethod]
    public void ThreeSteps()
    {
        var opt = new Adamax(learningRate: 0.02, beta1: 0.8, beta2: 0.5);
        var w = Run(opt, 3);
        var expected = new double[2];
        var uExpected = new double[2];
        for (int i = 0; i < 2; i++)
        {
            double x = W0[i], m = 0, u = 0;
            for (int s = 0; s < 3; s++)
            {
                int t = s + 1;
                double g = Grads[s][i];
                m = 0.8 * m + 0.2 * g;
                u = Math.Max(0.5 * u, Math.Abs(g));
                x -= 0.02 / (1 - Math.Pow(0.8, t)) * m / (u + 1e-7);
            }
            expected[i] = x;
            uExpected[i] = u;
        }
        AssertClose(expected, w);
        // u for element 1: max(0.5 * max(0.5 * 1, 0.3), 0.1) = 0.25
        AssertClose([0.4, 0.25], Slot(opt, "w/u"));
        Assert.AreEqual(0.25, uExpected[1], 1e-15);
    }
}
