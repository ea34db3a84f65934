namespace KerasSharp.Layers.Tests;

[TestClass]
public sealed class ActivationLayerTests
{
    private static Tensor X => T.F([-2, -0.5f, 0, 1, 7], 5);

    [TestMethod]
    public void ReLU_Variants()
    {
        T.Close([0, 0, 0, 1, 7], new ReLU().Apply(X));
        T.Close([0, 0, 0, 1, 6], new ReLU(maxValue: 6).Apply(X));
        T.Close([-0.2f, -0.05f, 0, 1, 7], new ReLU(negativeSlope: 0.1).Apply(X));
        // threshold 1: below -> slope * (x - 1); at/above -> x; capped at 5.
        T.Close([-0.6f, -0.3f, -0.2f, 1, 5], new ReLU(maxValue: 5, negativeSlope: 0.2, threshold: 1).Apply(X), 1e-5);
    }

    [TestMethod]
    public void LeakyReLU_ELU_Softmax()
    {
        T.Close([-0.6f, -0.15f, 0, 1, 7], new LeakyReLU().Apply(X));
        T.Close([(float)(2 * (Math.Exp(-2) - 1)), (float)(2 * (Math.Exp(-0.5) - 1)), 0, 1, 7], new ELU(2).Apply(X), 1e-5);
        using var s = new Softmax(axis: 0).Apply(T.F([0, 0, Ops.Log(T.F([2], 1)).ToArray<float>()[0], 0], 2, 2));
        T.Close([1 / 3f, 0.5f, 2 / 3f, 0.5f], s, 1e-5);
    }

    [TestMethod]
    public void PReLU_LearnsSlopePerElementOrShared()
    {
        var p = new PReLU(alphaInitializer: new Constant(0.25));
        T.Close([-0.5f, -0.125f, 0, 1, 7, -1], p.Apply(T.F([-2, -0.5f, 0, 1, 7, -4], 1, 6)));
        T.Shape([6], p.Alpha!);
        Assert.HasCount(1, p.TrainableWeights);
        var shared = new PReLU(sharedAxes: [1, 2]);
        shared.Apply(new Input([4, 4, 3]));
        T.Shape([1, 1, 3], shared.Alpha!);
    }
}
