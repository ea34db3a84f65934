using KerasSharp.Optimizers;
using static KerasSharp.Models.Tests.OptimizersTestData;

namespace KerasSharp.Models.Tests;

[TestClass]
public sealed class OptimizersAdagradTests
{
    [TestMethod]
    public void ThreeStepsByHand()
    {
        var opt = new Adagrad(learningRate: 0.1);
        var w = Run(opt, 3);
        var expected = new double[2];
        for (int i = 0; i < 2; i++)
        {
            double x = W0[i], acc = 0.1; // initial accumulator value
            for (int s = 0; s < 3; s++)
            {
                double g = Grads[s][i];
                acc += g * g;
                x -= 0.1 * g / Math.Sqrt(acc + 1e-7);
            }
            expected[i] = x;
        }
        AssertClose(expected, w);
        // element 0: acc = 0.1 + 0.25 + 0.04 + 0.16 = 0.55
        AssertClose([0.55, 0.1 + 1 + 0.09 + 0.01], Slot(opt, "w/accumulator"));
    }

    [TestMethod]
    public void FirstStepWithCustomAccumulator()
    {
        var w = Run(new Adagrad(learningRate: 0.5, initialAccumulatorValue: 1.0, epsilon: 0), 1);
        AssertClose([1.0 - 0.5 * 0.5 / Math.Sqrt(1.25), -2.0 + 0.5 * 1.0 / Math.Sqrt(2.0)], w);
    }
}
