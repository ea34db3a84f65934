using KerasSharp.Losses;
using static KerasSharp.Models.Tests.TestData;

namespace KerasSharp.Models.Tests;

[TestClass]
public sealed class LossReductionTests
{
    // per-sample MSE of these: [0.5, 0.5, 2.0]
    private static Tensor T() => F([0, 1, 0, 0, 1, 1], 3, 2);
    private static Tensor P() => F([1, 1, 1, 0, -1, 1], 3, 2);

    [TestMethod]
    public void EachReduction()
    {
        using var t = T();
        using var p = P();
        AssertScalar((0.5 + 0.5 + 2.0) / 3, new MeanSquaredError().Call(t, p));
        AssertScalar(0.5 + 0.5 + 2.0, new MeanSquaredError(Reduction.Sum).Call(t, p));
        AssertValues([0.5, 0.5, 2.0], [3], new MeanSquaredError(Reduction.None).Call(t, p));
    }

    [TestMethod]
    public void SampleWeightsWithEachReduction()
    {
        using var t = T();
        using var p = P();
        using var w = F([0.7f, 0.3f, 2], 3);
        double[] weighted = [0.5 * 0.7, 0.5 * 0.3, 2.0 * 2];
        // sum_over_batch_size divides by the number of samples, not by the sum of the weights
        AssertScalar(weighted.Sum() / 3, new MeanSquaredError().Call(t, p, w));
        AssertScalar(weighted.Sum(), new MeanSquaredError(Reduction.Sum).Call(t, p, w));
        AssertValues(weighted, [3], new MeanSquaredError(Reduction.None).Call(t, p, w));
        using var w2 = F([0.7f, 0.3f, 2], 3, 1);
        AssertScalar(weighted.Sum() / 3, new MeanSquaredError().Call(t, p, w2));
        using var scalar = F([2], 1);
        AssertScalar(2 * 3.0 / 3, new MeanSquaredError().Call(t, p, scalar));
    }

    [TestMethod]
    public void SampleWeightsOnSparseAndCategoricalLosses()
    {
        using var p = F([0.05f, 0.95f, 0, 0.1f, 0.8f, 0.1f], 2, 3);
        using var w = F([0.3f, 0.7f], 2);
        double expected = (0.3 * -Math.Log(0.95) + 0.7 * -Math.Log(0.1)) / 2;
        using var labels = I([1, 2], 2);
        using var onehot = F([0, 1, 0, 0, 0, 1], 2, 3);
        AssertScalar(expected, new SparseCategoricalCrossentropy().Call(labels, p, w));
        AssertScalar(expected, new CategoricalCrossentropy().Call(onehot, p, w));
    }

    [TestMethod]
    public void PerTimestepLossesTakeSampleWeightsPerSample()
    {
        // yPred [2, 2, 3] (batch, time, classes): per-sample losses are [2, 2]; a [2] weight broadcasts over time
        using var p = F([0.5f, 0.25f, 0.25f, 0.25f, 0.5f, 0.25f, 0.25f, 0.25f, 0.5f, 0.5f, 0.25f, 0.25f], 2, 2, 3);
        using var t = I([0, 1, 2, 1], 2, 2);
        using var w = F([1, 0], 2);
        var values = new SparseCategoricalCrossentropy(reduction: Reduction.None).Call(t, p, w);
        AssertValues([-Math.Log(0.5), -Math.Log(0.5), 0, 0], [2, 2], values);
    }

    [TestMethod]
    public void WeightsThatDoNotBroadcastFailWithTheirShape()
    {
        using var t = T();
        using var p = P();
        using var w = F([1, 2], 2);
        var e = Assert.ThrowsExactly<ArgumentException>(() => new MeanSquaredError().Call(t, p, w));
        StringAssert.Contains(e.Message, "[2]");
        StringAssert.Contains(e.Message, "[3]");
    }

    [TestMethod]
    public void FloatSixtyFourStaysFloatSixtyFour()
    {
        using var t = D([0, 1], 1, 2);
        using var p = D([0.25, 0.5], 1, 2);
        var loss = new MeanSquaredError().Call(t, p);
        Assert.AreEqual(DType.Float64, loss.DType);
        Assert.AreEqual((0.0625 + 0.25) / 2, loss.Item<double>(), 1e-15);
    }
}
