using KerasSharp.Metrics;
using static KerasSharp.Models.Tests.TestData;

namespace KerasSharp.Models.Tests;

[TestClass]
public sealed class F1ScoreTests
{
    private static Tensor T() => F([1, 1, 1, 1, 0, 0, 1, 1, 0], 3, 3);
    private static Tensor P() => F([0.2f, 0.6f, 0.7f, 0.2f, 0.6f, 0.6f, 0.6f, 0.8f, 0.0f], 3, 3);

    // With threshold 0.5 the predictions are [[0,1,1],[0,1,1],[1,1,0]]:
    // class 0: TP 1, FP 0, FN 2 -> P 1, R 1/3 -> F1 0.5
    // class 1: TP 2, FP 1, FN 0 -> P 2/3, R 1 -> F1 0.8
    // class 2: TP 1, FP 1, FN 0 -> P 1/2, R 1 -> F1 2/3
    private static readonly double[] PerClass = [0.5, 0.8, 2.0 / 3];

    [TestMethod]
    public void NoAveragePerClass()
    {
        var m = new F1Score(threshold: 0.5);
        m.UpdateState(T(), P());
        AssertArray(PerClass, m.ResultPerClass(), 1e-6);
        Assert.AreEqual(PerClass.Average(), m.Result(), 1e-6);
    }

    [TestMethod]
    public void MicroMacroWeighted()
    {
        var micro = new F1Score("micro", 0.5);
        var macro = new F1Score("macro", 0.5);
        var weighted = new F1Score("weighted", 0.5);
        foreach (var m in new[] { micro, macro, weighted }) m.UpdateState(T(), P());
        // micro: TP 4, FP 2, FN 2 -> P = R = 2/3 -> F1 2/3
        Assert.AreEqual(2.0 / 3, micro.Result(), 1e-6);
        Assert.AreEqual(PerClass.Average(), macro.Result(), 1e-6);
        // weighted by support [3, 2, 1]
        Assert.AreEqual((0.5 * 3 + 0.8 * 2 + 2.0 / 3 * 1) / 6, weighted.Result(), 1e-6);
    }

    [TestMethod]
    public void RowMaximumWhenNoThreshold()
    {
        // row maxima: row 0 -> class 2; row 1 -> classes 1 and 2 (tie); row 2 -> class 1
        // class 0: TP 0, FN 3 -> 0; class 1: TP 1 (row 2), FP 1 (row 1), FN 1 (row 0) -> 0.5
        // class 2: TP 1 (row 0), FP 1 (row 1) -> P 0.5, R 1 -> 2/3
        var m = new F1Score("macro");
        m.UpdateState(T(), P());
        Assert.AreEqual((0 + 0.5 + 2.0 / 3) / 3, m.Result(), 1e-6);
    }

    [TestMethod]
    public void StatefulEqualsConcatenatedAndWeights()
    {
        var whole = new F1Score("macro", 0.5);
        whole.UpdateState(T(), P());
        var parts = new F1Score("macro", 0.5);
        parts.UpdateState(F([1, 1, 1, 1, 0, 0], 2, 3), F([0.2f, 0.6f, 0.7f, 0.2f, 0.6f, 0.6f], 2, 3));
        parts.UpdateState(F([0, 1, 1, 0, 1, 0, 0, 0, 1], 3, 3), F([0, 0, 0, 0, 0, 0, 0, 0, 0], 3, 3), F([0, 0, 0], 3));
        parts.UpdateState(F([1, 1, 0], 1, 3), F([0.6f, 0.8f, 0.0f], 1, 3));
        Assert.AreEqual(whole.Result(), parts.Result(), 1e-12);
        parts.ResetState();
        Assert.AreEqual(0, parts.Result());
    }

    [TestMethod]
    public void BadAverageIsRejected()
    {
        var e = Assert.ThrowsExactly<ArgumentException>(() => new F1Score("binary"));
        StringAssert.Contains(e.Message, "micro");
    }
}
