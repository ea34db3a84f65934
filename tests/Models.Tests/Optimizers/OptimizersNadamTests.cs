using KerasSharp.Optimizers;
using static KerasSharp.Models.Tests.OptimizersTestData;

namespace KerasSharp.Models.Tests;

[TestClass]
public sealed class OptimizersNadamTests
{
    private static double[] Expected(double lr, double b1, double b2, double eps, int steps)
    {
        var result = new double[2];
        for (int i = 0; i < 2; i++)
        {
            double x = W0[i], m = 0, v = 0, product = 1;
            for (int s = 0; s < steps; s++)
            {
                int t = s + 1;
                double g = Grads[s][i];
                double uT = b1 * (1 - 0.5 * Math.Pow(0.96, t));
                double uNext = b1 * (1 - 0.5 * Math.Pow(0.96, t + 1));
                product *= uT;
                m = b1 * m + (1 - b1) * g;
                v = b2 * v + (1 - b2) * g * g;
                double mHat = uNext * m / (1 - product * uNext) + (1 - uT) * g / (1 - product);
                double vHat = v / (1 - Math.Pow(b2, t));
                x -= lr * mHat / (Math.Sqrt(vHat) + eps);
            }
            result[i] = x;
        }
        return result;
    }

    [TestMethod]
    public void FirstStepByHand()
    {
        var w = Run(new Nadam(learningRate: 0.01), 1);
        double u1 = 0.9 * (1 - 0.5 * 0.96), u2 = 0.9 * (1 - 0.5 * 0.96 * 0.96);
        // element 0: m = 0.05, v = 0.00025, v_hat = 0.25
        double mHat = u2 * 0.05 / (1 - u1 * u2) + (1 - u1) * 0.5 / (1 - u1);
        Assert.AreEqual(1.0 - 0.01 * mHat / (0.5 + 1e-7), w.ToArray<double>()[0], 1e-12);
        AssertClose(Expected(0.01, 0.9, 0.999, 1e-7, 1), w);
    }

    [TestMethod]
    public void ThreeSteps()
    {
        var opt = new Nadam(learningRate: 0.01);
        AssertClose(Expected(0.01, 0.9, 0.999, 1e-7, 3), Run(opt, 3));
        double product = 1;
        for (int t = 1; t <= 3; t++) product *= 0.9 * (1 - 0.5 * Math.Pow(0.96, t));
        Assert.AreEqual(product, Slot(opt, "u_product").Item<double>(), 1e-15);
        AssertClose(Expected(0.03, 0.8, 0.99, 1e-4, 3), Run(new Nadam(learningRate: 0.03, beta1: 0.8, beta2: 0.99, epsilon: 1e-4), 3));
    }
}
