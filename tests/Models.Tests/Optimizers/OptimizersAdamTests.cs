using KerasSharp.Optimizers;
using static KerasSharp.Models.Tests.OptimizersTestData;

namespace KerasSharp.Models.Tests;

[TestClass]
public sealed class OptimizersAdamTests
{
    private static double[] Expected(double lr, double b1, double b2, double eps, bool amsgrad, int steps, double weightDecay = 0)
    {
        var result = new double[2];
        for (int i = 0; i < 2; i++)
        {
            double x = W0[i], m = 0, v = 0, vMax = 0;
            for (int s = 0; s < steps; s++)
            {
                int t = s + 1;
                double g = Grads[s][i];
                x -= x * weightDecay * lr;
                m = b1 * m + (1 - b1) * g;
                v = b2 * v + (1 - b2) * g * g;
                vMax = Math.Max(vMax, v);
                double mHat = m / (1 - Math.Pow(b1, t));
                double vUsed = amsgrad ? vMax : v;
                // Keras puts epsilon next to sqrt(v) before the bias correction of v: lr * sqrt(1-b2^t)/(1-b1^t) * m / (sqrt(v) + eps)
                x -= lr * mHat * Math.Sqrt(1 - Math.Pow(b2, t)) / (Math.Sqrt(vUsed) + eps);
            }
            result[i] = x;
        }
        return result;
    }

    [TestMethod]
    public void FirstStepByHand()
    {
        var w = Run(new Adam(learningRate: 0.01), 1);
        // m = 0.1 * g, v = 0.001 * g^2, alpha = 0.01 * sqrt(0.001) / 0.1; step = alpha * m / (sqrt(v) + 1e-7)
        double alpha = 0.01 * Math.Sqrt(0.001) / 0.1;
        double step0 = alpha * (0.1 * 0.5) / (Math.Sqrt(0.001 * 0.25) + 1e-7);
        double step1 = alpha * (0.1 * -1.0) / (Math.Sqrt(0.001 * 1.0) + 1e-7);
        AssertClose([1.0 - step0, -2.0 - step1], w);
        Assert.AreEqual(0.01, step0, 1e-7); // Adam's first step is about lr * sign(g)
    }

    [TestMethod]
    public void ThreeSteps()
    {
        AssertClose(Expected(0.01, 0.9, 0.999, 1e-7, false, 3), Run(new Adam(learningRate: 0.01), 3));
        AssertClose(Expected(0.05, 0.8, 0.99, 1e-3, false, 3), Run(new Adam(learningRate: 0.05, beta1: 0.8, beta2: 0.99, epsilon: 1e-3), 3));
    }

    [TestMethod]
    public void Amsgrad()
    {
        // The second-moment estimate falls at step 3 for element 0 (g = -0.4 after 0.2), so v_hat keeps the max.
        var opt = new Adam(learningRate: 0.01, beta2: 0.5, amsgrad: true);
        var w = Run(opt, 3);
        var expected = Expected(0.01, 0.9, 0.5, 1e-7, true, 3);
        AssertClose(expected, w);
        CollectionAssert.AreNotEqual(Expected(0.01, 0.9, 0.5, 1e-7, false, 3), expected);
        Assert.IsNotNull(Slot(opt, "w/velocity_hat"));
    }

    [TestMethod]
    public void SlotNames()
    {
        var opt = new Adam();
        Run(opt, 1, name: "dense/kernel");
        CollectionAssert.AreEqual(new[] { "iteration", "dense/kernel/momentum", "dense/kernel/velocity" },
            opt.Variables.Select(v => v.Name).ToArray());
    }

    [TestMethod]
    public void AdamWDecaysWeightsBeforeTheAdamUpdate()
    {
        var w = Run(new AdamW(learningRate: 0.01, weightDecay: 0.1), 3);
        AssertClose(Expected(0.01, 0.9, 0.999, 1e-7, false, 3, weightDecay: 0.1), w);
        // step 1, element 0 by hand: 1 - 1 * 0.1 * 0.01 = 0.999, then the Adam step of about 0.01
        double alpha = 0.01 * Math.Sqrt(0.001) / 0.1;
        var one = Run(new AdamW(learningRate: 0.01, weightDecay: 0.1), 1);
        Assert.AreEqual(0.999 - alpha * 0.05 / (Math.Sqrt(0.00025) + 1e-7), one.ToArray<double>()[0], 1e-12);
    }

    [TestMethod]
    public void AdamWDefaultsAreKeras()
    {
        var opt = new AdamW();
        Assert.AreEqual(0.004, opt.WeightDecay);
        Assert.AreEqual(0.001, opt.CurrentLearningRate);
        Assert.AreEqual(1e-7, opt.Epsilon);
        Assert.AreEqual("adamw", opt.Name);
        AssertClose(Expected(0.001, 0.9, 0.999, 1e-7, false, 2, weightDecay: 0.004), Run(opt, 2));
    }
}
