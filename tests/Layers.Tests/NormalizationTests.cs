namespace KerasSharp.Layers.Tests;

[TestClass]
public sealed class NormalizationTests
{
    [TestMethod]
    public void LayerNormalization_NormalizesEachSample()
    {
        var ln = new LayerNormalization(epsilon: 1e-6, gammaInitializer: new Constant(2), betaInitializer: new Constant(1));
        // Row [1, 2, 3]: mean 2, var 2/3 -> (x - 2) / sqrt(2/3) = [-1.2247, 0, 1.2247]; * 2 + 1.
        using var y = ln.Apply(T.F([1, 2, 3, 10, 10, 10], 2, 3));
        float a = (float)(1 / Math.Sqrt(2.0 / 3));
        T.Close([1 - 2 * a, 1, 1 + 2 * a, 1, 1, 1], y, 1e-4);
        T.Shape([2, 3], y);
        CollectionAssert.AreEqual(new[] { "layer_normalization/gamma", "layer_normalization/beta" }.Select(s => s.Split('/')[1]).ToArray(),
                                  ln.Weights.Select(w => w.Name.Split('/')[1]).ToArray());
    }

    [TestMethod]
    public void LayerNormalization_SeveralAxes()
    {
        var ln = new LayerNormalization(axis: [1, 2], epsilon: 1e-6);
        using var y = ln.Apply(T.F([1, 2, 3, 4], 1, 2, 2));
        float s = (float)Math.Sqrt(1.25);
        T.Close([-1.5f / s, -0.5f / s, 0.5f / s, 1.5f / s], y, 1e-4);
        T.Shape([2, 2], ln.Weights[0]);
        T.Shape([null, 5, 7], new LayerNormalization().Apply(new Input([5, 7])));
    }

    [TestMethod]
    public void BatchNormalization_TrainingUsesBatchStats_AndMovesStats()
    {
        var bn = new BatchNormalization(momentum: 0.9, epsilon: 1e-6);
        // Feature 0: [1, 3] mean 2 var 1; feature 1: [2, 6] mean 4 var 4.
        using var x = T.F([1, 2, 3, 6], 2, 2);
        using var y = bn.Apply(x, training: true);
        T.Close([-1, -1, 1, 1], y, 1e-4);
        T.Close([0.9f * 0 + 0.1f * 2, 0.1f * 4], bn.MovingMean!, 1e-5);
        T.Close([0.9f + 0.1f * 1, 0.9f + 0.1f * 4], bn.MovingVariance!, 1e-5);
        Assert.HasCount(2, bn.TrainableWeights);
        Assert.HasCount(2, bn.NonTrainableWeights);
        Assert.AreEqual(8, bn.CountParams());
    }

    [TestMethod]
    public void BatchNormalization_InferenceUsesMovingStats()
    {
        var bn = new BatchNormalization(epsilon: 1e-6, movingMeanInitializer: new Constant(1), movingVarianceInitializer: new Constant(4),
                                        gammaInitializer: new Constant(3), betaInitializer: new Constant(0.5));
        using var y = bn.Apply(T.F([1, 5, 3, -1], 2, 2), training: false);
        // (x - 1) / 2 * 3 + 0.5
        T.Close([0.5f, 6.5f, 3.5f, -2.5f], y, 1e-4);
        T.Close([1, 1], bn.MovingMean!);   // unchanged in inference
        // A frozen layer stays in inference mode even when training.
        bn.Trainable = false;
        T.Close([0.5f, 6.5f, 3.5f, -2.5f], bn.Apply(T.F([1, 5, 3, -1], 2, 2), training: true), 1e-4);
        T.Close([1, 1], bn.MovingMean!);
    }

    [TestMethod]
    public void BatchNormalization_ChannelsFirstAxis()
    {
        var bn = new BatchNormalization(axis: 1, momentum: 0, epsilon: 1e-6);
        // (batch 1, channels 2, length 2): channel 0 = [0, 2], channel 1 = [4, 4].
        using var y = bn.Apply(T.F([0, 2, 4, 4], 1, 2, 2), training: true);
        T.Close([-1, 1, 0, 0], y, 1e-3);
        T.Close([1, 4], bn.MovingMean!);
        T.Close([1, 0], bn.MovingVariance!);
    }

    [TestMethod]
    public void BatchNormalization_WrongFeatureCount_NamesLayerAndShape()
    {
        var bn = new BatchNormalization(name: "bn");
        bn.Apply(new Input([8]));
        var e = Assert.ThrowsExactly<ArgumentException>(() => bn.Apply(new Input([5])));
        T.Contains(e.Message, "'bn'", "8", "(None, 5)");
    }
}
