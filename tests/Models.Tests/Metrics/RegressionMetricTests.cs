using KerasSharp.Metrics;
using static KerasSharp.Models.Tests.TestData;

namespace KerasSharp.Models.Tests;

[TestClass]
public sealed class RegressionMetricTests
{
    private static Tensor T() => F([0, 1, 0, 0], 2, 2);
    private static Tensor P() => F([1, 1, 0, 0], 2, 2);

    [TestMethod]
    public void MeanSquaredErrorAndStatefulness()
    {
        var m = new Metrics.MeanSquaredError();
        m.UpdateState(T(), P());
        // rows (1 + 0)/2 = 0.5 and 0 -> 0.25
        Assert.AreEqual(0.25, m.Result(), 1e-12);
        m.UpdateState(F([0, 0], 1, 2), F([2, 0], 1, 2));
        // third row (4 + 0)/2 = 2 -> (0.5 + 0 + 2) / 3
        Assert.AreEqual(2.5 / 3, m.Result(), 1e-12);
        m.ResetState();
        m.UpdateState(T(), P(), F([1, 0], 2));
        Assert.AreEqual(0.5, m.Result(), 1e-12);
    }

    [TestMethod]
    public void MeanAbsoluteErrorAndStatefulness()
    {
        var m = new Metrics.MeanAbsoluteError();
        m.UpdateState(T(), F([1, 1, -1, 0], 2, 2));
        // rows (1 + 0)/2 = 0.5 and (1 + 0)/2 = 0.5
        Assert.AreEqual(0.5, m.Result(), 1e-12);
        m.UpdateState(F([0, 0], 1, 2), F([2, 4], 1, 2));
        Assert.AreEqual((0.5 + 0.5 + 3) / 3, m.Result(), 1e-12);
    }

    [TestMethod]
    public void RootMeanSquaredErrorOverAllElements()
    {
        var m = new RootMeanSquaredError();
        m.UpdateState(T(), P());
        // squared errors [1,0,0,0] -> sqrt(1/4)
        Assert.AreEqual(0.5, m.Result(), 1e-12);
        m.ResetState();
        m.UpdateState(T(), P(), F([1, 0], 2));
        // only row 1: sqrt((1 + 0)/2)
        Assert.AreEqual(Math.Sqrt(0.5), m.Result(), 1e-12);
        m.ResetState();
        m.UpdateState(T(), P());
        m.UpdateState(F([0, 0], 1, 2), F([3, 1], 1, 2));
        // per-sample mean squared errors 0.5, 0 and (9 + 1)/2 = 5, averaged, then the root
        Assert.AreEqual(Math.Sqrt((0.5 + 0 + 5) / 3), m.Result(), 1e-12);
    }

    [TestMethod]
    public void R2ScoreKerasExampleAndBatches()
    {
        var m = new R2Score();
        m.UpdateState(F([1, 4, 3], 3, 1), F([2, 4, 4], 3, 1));
        // mean 8/3, SS_tot = (1-8/3)^2 + (4-8/3)^2 + (3-8/3)^2 = 42/9, SS_res = 1 + 0 + 1
        Assert.AreEqual(1 - 2 / (42.0 / 9), m.Result(), 1e-12);
        var batched = new R2Score();
        batched.UpdateState(F([1, 4], 2, 1), F([2, 4], 2, 1));
        batched.UpdateState(F([3], 1), F([4], 1));
        Assert.AreEqual(m.Result(), batched.Result(), 1e-12);
        batched.ResetState();
        Assert.AreEqual(0, batched.Result());
    }

    [TestMethod]
    public void R2ScoreAggregationsAndWeights()
    {
        // two outputs: column 0 as above, column 1 targets [0, 2, 4] predicted [1, 2, 3]
        // column 1: mean 2, SS_tot = 8, SS_res = 2 -> 0.75
        double c0 = 1 - 2 / (42.0 / 9), c1 = 0.75;
        using var t = F([1, 0, 4, 2, 3, 4], 3, 2);
        using var p = F([2, 1, 4, 2, 4, 3], 3, 2);
        var uniform = new R2Score();
        uniform.UpdateState(t, p);
        Assert.AreEqual((c0 + c1) / 2, uniform.Result(), 1e-12);
        var weighted = new R2Score("variance_weighted");
        weighted.UpdateState(t, p);
        Assert.AreEqual((c0 * 42.0 / 9 + c1 * 8) / (42.0 / 9 + 8), weighted.Result(), 1e-12);
        var none = new R2Score(null);
        none.UpdateState(t, p);
        AssertArray([c0, c1], none.ResultPerOutput(), 1e-12);
        // a weight of 2 on a row equals that row twice
        var w = new R2Score();
        w.UpdateState(F([1, 4, 3], 3, 1), F([2, 4, 4], 3, 1), F([2, 1, 1], 3));
        var twice = new R2Score();
        twice.UpdateState(F([1, 1, 4, 3], 4, 1), F([2, 2, 4, 4], 4, 1));
        Assert.AreEqual(twice.Result(), w.Result(), 1e-12);
    }

    [TestMethod]
    public void MeanOfValues()
    {
        var m = new Mean();
        m.UpdateState(F([1, 3, 5, 7], 4));
        Assert.AreEqual(4, m.Result(), 1e-12);
        m.UpdateState(F([10], 1));
        Assert.AreEqual(26.0 / 5, m.Result(), 1e-12);
        m.ResetState();
        m.UpdateState(F([1, 3, 5, 7], 4), F([1, 1, 0, 0], 4));
        Assert.AreEqual(2, m.Result(), 1e-12);
        m.ResetState();
        m.UpdateState(F([2.5f], 1));
        Assert.AreEqual(2.5, m.Result(), 1e-12);
    }
}
