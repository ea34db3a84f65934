using KerasSharp.Metrics;
using static KerasSharp.Models.Tests.TestData;

namespace KerasSharp.Models.Tests;

[TestClass]
public sealed class ConfusionMetricTests
{
    [TestMethod]
    public void PrecisionAndRecall()
    {
        using var t = F([0, 1, 1, 1], 4);
        using var p = F([1, 0, 1, 1], 4);
        // TP = 2 (elements 2, 3), FP = 1 (element 0), FN = 1 (element 1)
        var precision = new Precision();
        var recall = new Recall();
        precision.UpdateState(t, p);
        recall.UpdateState(t, p);
        Assert.AreEqual(2.0 / 3, precision.Result(), 1e-12);
        Assert.AreEqual(2.0 / 3, recall.Result(), 1e-12);
        precision.ResetState();
        recall.ResetState();
        Assert.AreEqual(0, precision.Result());
        using var w = F([0, 0, 1, 0], 4);
        precision.UpdateState(t, p, w);
        recall.UpdateState(t, p, w);
        Assert.AreEqual(1, precision.Result(), 1e-12);
        Assert.AreEqual(1, recall.Result(), 1e-12);
    }

    [TestMethod]
    public void PrecisionAndRecallStatefulAndThresholds()
    {
        var precision = new Precision(thresholds: [0.5, 0.85]);
        var recall = new Recall(thresholds: [0.5, 0.85]);
        foreach (var m in new ThresholdMetric[] { precision, recall })
        {
            m.UpdateState(F([1, 0, 1], 3), F([0.9f, 0.7f, 0.2f], 3));
            m.UpdateState(F([1, 0], 2, 1), F([0.6f, 0.1f], 2, 1));
        }
        // concatenated: t [1,0,1,1,0], p [0.9,0.7,0.2,0.6,0.1]
        // at 0.5: TP 2 (0.9, 0.6), FP 1 (0.7), FN 1 (0.2); at 0.85: TP 1, FP 0, FN 2
        AssertArray([2.0 / 3, 1.0], precision.ResultPerThreshold(), 1e-12);
        AssertArray([2.0 / 3, 1.0 / 3], recall.ResultPerThreshold(), 1e-12);
        Assert.AreEqual(2.0 / 3, precision.Result(), 1e-12);
    }

    [TestMethod]
    public void AucRocSmallCase()
    {
        // scores: negatives 0.1, 0.4; positives 0.35, 0.8. Of the 4 positive/negative pairs, 3 are ordered -> 0.75
        var m = new AUC();
        m.UpdateState(F([0, 0, 1, 1], 4), F([0.1f, 0.4f, 0.35f, 0.8f], 4));
        Assert.AreEqual(0.75, m.Result(), 1e-12);
    }

    [TestMethod]
    public void AucRocWithThreeThresholds()
    {
        // thresholds [-1e-7, 0.5, 1+1e-7]; t [0,0,1,1], p [0, 0.5, 0.3, 0.9]
        // TP [2,1,0], FP [2,0,0], FN [0,1,2], TN [0,2,2] -> TPR [1, 0.5, 0], FPR [1, 0, 0]
        // trapezoids: (1 - 0) * (1 + 0.5) / 2 + (0 - 0) * (0.5 + 0) / 2 = 0.75
        var m = new AUC(numThresholds: 3);
        m.UpdateState(F([0, 0, 1, 1], 4), F([0, 0.5f, 0.3f, 0.9f], 4));
        Assert.AreEqual(0.75, m.Result(), 1e-12);
    }

    [TestMethod]
    public void AucPrInterpolated()
    {
        var m = new AUC(numThresholds: 3, curve: AucCurve.PR);
        m.UpdateState(F([0, 0, 1, 1], 4), F([0, 0.5f, 0.3f, 0.9f], 4));
        // TP [2,1,0], P = TP + FP = [4,1,0], FN [0,1,2]
        // piece 0: dTP = 1, dP = 3, slope 1/3, intercept 1 - 1/3 * 1 = 2/3, ratio 4/1:
        //   slope * (dTP + intercept * ln 4) / (TP1 + FN1) = (1/3)(1 + (2/3) ln 4) / 2
        // piece 1: dTP = 1, dP = 1, slope 1, intercept 0 - 1 * 0 = 0, ratio 1 (P2 = 0): 1 * (1 + 0) / (0 + 2) = 0.5
        double expected = (1.0 / 3) * (1 + 2.0 / 3 * Math.Log(4)) / 2 + 0.5;
        Assert.AreEqual(expected, m.Result(), 1e-12);
    }

    [TestMethod]
    public void AucStatefulEqualsConcatenatedAndWeights()
    {
        float[] t = [0, 1, 1, 0, 1, 0, 1, 1];
        float[] p = [0.2f, 0.7f, 0.4f, 0.55f, 0.9f, 0.1f, 0.3f, 0.65f];
        foreach (var curve in new[] { AucCurve.ROC, AucCurve.PR })
        {
            var whole = new AUC(curve: curve);
            whole.UpdateState(F(t, 8), F(p, 8));
            var parts = new AUC(curve: curve);
            parts.UpdateState(F(t[..5], 5), F(p[..5], 5));
            parts.UpdateState(F(t[5..], 3), F(p[5..], 3));
            Assert.AreEqual(whole.Result(), parts.Result(), 1e-12, curve.ToString());
            parts.ResetState();
            Assert.AreEqual(0, parts.Result());
        }
        // ROC by pairs: positives {0.7,0.4,0.9,0.3,0.65}, negatives {0.2,0.55,0.1}: ordered pairs 3+2+3+2+3 = 13 of 15
        var roc = new AUC();
        roc.UpdateState(F(t, 8), F(p, 8));
        Assert.AreEqual(13.0 / 15, roc.Result(), 1e-12);
        // a weight of 2 on a sample equals that sample twice
        var weighted = new AUC();
        weighted.UpdateState(F([0, 1, 1], 3), F([0.5f, 0.7f, 0.3f], 3), F([1, 2, 1], 3));
        var repeated = new AUC();
        repeated.UpdateState(F([0, 1, 1, 1], 4), F([0.5f, 0.7f, 0.7f, 0.3f], 4));
        Assert.AreEqual(repeated.Result(), weighted.Result(), 1e-12);
        Assert.AreEqual(2.0 / 3, repeated.Result(), 1e-12);
    }

    [TestMethod]
    public void AucFromLogits()
    {
        var m = new AUC(fromLogits: true);
        m.UpdateState(F([0, 0, 1, 1], 4), F([-2.2f, -0.4f, -0.6f, 1.4f], 4));
        Assert.AreEqual(0.75, m.Result(), 1e-12);
    }
}
