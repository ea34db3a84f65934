using KerasSharp.Metrics;
using static KerasSharp.Models.Tests.TestData;

namespace KerasSharp.Models.Tests;

[TestClass]
public sealed class AccuracyMetricTests
{
    [TestMethod]
    public void AccuracyExactMatch()
    {
        var m = new Accuracy();
        m.UpdateState(F([1, 2, 3, 4], 4, 1), F([0, 2, 3, 4], 4, 1));
        Assert.AreEqual(3.0 / 4, m.Result(), 1e-12);
        m.ResetState();
        Assert.AreEqual(0, m.Result());
        m.UpdateState(F([1, 2, 3, 4], 4, 1), F([0, 2, 3, 4], 4, 1), F([1, 1, 0, 0], 4));
        Assert.AreEqual(1.0 / 2, m.Result(), 1e-12);
    }

    [TestMethod]
    public void AccuracyStatefulEqualsConcatenated()
    {
        var m = new Accuracy();
        m.UpdateState(F([1, 2, 3], 3), F([1, 0, 3], 3));
        m.UpdateState(F([5, 6], 2), F([5, 6], 2));
        // concatenated: [1,2,3,5,6] vs [1,0,3,5,6] -> 4 of 5
        Assert.AreEqual(4.0 / 5, m.Result(), 1e-12);
        m.ResetState();
        m.UpdateState(F([5, 6], 2), F([0, 6], 2));
        Assert.AreEqual(0.5, m.Result(), 1e-12);
    }

    [TestMethod]
    public void BinaryAccuracyThreshold()
    {
        var m = new BinaryAccuracy();
        m.UpdateState(F([1, 1, 0, 0], 4, 1), F([0.98f, 1, 0, 0.6f], 4, 1));
        Assert.AreEqual(3.0 / 4, m.Result(), 1e-12);
        var strict = new BinaryAccuracy(threshold: 0.99);
        strict.UpdateState(F([1, 1, 0, 0], 4, 1), F([0.98f, 1, 0, 0.6f], 4, 1));
        Assert.AreEqual(3.0 / 4, strict.Result(), 1e-12); // 0.98 now wrong, 0.6 now right
        // stateful with weights: batch 2 is [1] vs [0.2] (wrong) with weight 2
        m.ResetState();
        m.UpdateState(F([1, 1, 0, 0], 4), F([0.98f, 1, 0, 0.6f], 4), F([1, 1, 1, 1], 4));
        m.UpdateState(F([1], 1), F([0.2f], 1), F([2], 1));
        Assert.AreEqual(3.0 / 6, m.Result(), 1e-12);
    }

    [TestMethod]
    public void CategoricalAccuracyArgmax()
    {
        var m = new CategoricalAccuracy();
        m.UpdateState(F([0, 0, 1, 0, 1, 0], 2, 3), F([0.1f, 0.9f, 0.8f, 0.05f, 0.95f, 0], 2, 3));
        Assert.AreEqual(0.5, m.Result(), 1e-12);
        m.ResetState();
        m.UpdateState(F([0, 0, 1, 0, 1, 0], 2, 3), F([0.1f, 0.9f, 0.8f, 0.05f, 0.95f, 0], 2, 3), F([0.7f, 0.3f], 2));
        Assert.AreEqual(0.3, m.Result(), 1e-7);
        // second batch: one right sample with weight 1 -> (0.3 + 1) / (1 + 1)
        m.UpdateState(F([1, 0, 0], 1, 3), F([0.5f, 0.2f, 0.3f], 1, 3), F([1], 1));
        Assert.AreEqual(1.3 / 2, m.Result(), 1e-7);
    }

    [TestMethod]
    public void SparseCategoricalAccuracyLabelForms()
    {
        using var p = F([0.1f, 0.6f, 0.3f, 0.05f, 0.95f, 0], 2, 3);
        var m = new SparseCategoricalAccuracy();
        m.UpdateState(F([2, 1], 2, 1), p);
        Assert.AreEqual(0.5, m.Result(), 1e-12);
        m.UpdateState(I([1, 1], 2), p);
        // concatenated labels [2,1,1,1] vs argmax [1,1,1,1] -> 3 of 4
        Assert.AreEqual(0.75, m.Result(), 1e-12);
        m.UpdateState(Tensor.FromArray(new long[] { 0 }, 1), F([0.9f, 0.05f, 0.05f], 1, 3), F([3], 1));
        // weights 1,1,1,1 then 3 (right): (3 + 3) / (4 + 3)
        Assert.AreEqual(6.0 / 7, m.Result(), 1e-12);
        m.ResetState();
        Assert.AreEqual(0, m.Result());
    }

    [TestMethod]
    public void TopKCategoricalAccuracyWithK()
    {
        using var t = F([0, 0, 1, 0, 1, 0], 2, 3);
        using var p = F([0.1f, 0.9f, 0.8f, 0.05f, 0.95f, 0], 2, 3);
        var k1 = new TopKCategoricalAccuracy(k: 1);
        k1.UpdateState(t, p);
        Assert.AreEqual(0.5, k1.Result(), 1e-12);
        var k2 = new TopKCategoricalAccuracy(k: 2);
        k2.UpdateState(t, p);
        Assert.AreEqual(1.0, k2.Result(), 1e-12);
        // stateful: a miss for k=2 (class 0 is the smallest of three)
        k2.UpdateState(F([1, 0, 0], 1, 3), F([0.1f, 0.5f, 0.4f], 1, 3));
        Assert.AreEqual(2.0 / 3, k2.Result(), 1e-12);
        Assert.AreEqual(5, new TopKCategoricalAccuracy().K);
    }

    [TestMethod]
    public void MetricShapeMismatchNamesShapes()
    {
        var e = Assert.ThrowsExactly<ArgumentException>(() =>
            new CategoricalAccuracy().UpdateState(Tensor.FromArray(new float[320], 32, 10), Tensor.FromArray(new float[160], 32, 5)));
        StringAssert.Contains(e.Message, "[32,10]");
        StringAssert.Contains(e.Message, "[32,5]");
        Assert.ThrowsExactly<ArgumentException>(() =>
            new SparseCategoricalAccuracy().UpdateState(I(new int[16], 16), Tensor.FromArray(new float[160], 32, 5)));
    }

    [TestMethod]
    public void CustomMeanMetricWrapper()
    {
        var m = new MeanMetricWrapper((t, p) => Ops.Abs(Ops.Subtract(t, p)), "abs_diff");
        m.UpdateState(F([1, 2], 2), F([2, 2], 2));
        m.UpdateState(F([0], 1), F([3], 1));
        Assert.AreEqual((1 + 0 + 3) / 3.0, m.Result(), 1e-12);
        Assert.AreEqual("abs_diff", m.Name);
    }

    [TestMethod]
    public void MetricsIgnoreAnOpenTape()
    {
        using var p = D([0.2, 0.8], 1, 2);
        using var tape = new GradientTape();
        tape.Watch(p);
        var loss = Ops.Sum(Ops.Square(p));
        var m = new CategoricalAccuracy();
        m.UpdateState(D([0, 1], 1, 2), p);
        Assert.AreEqual(1, m.Result());
        AssertValues([0.4, 1.6], [1, 2], tape.Gradient(loss, p), 1e-12);
    }
}
