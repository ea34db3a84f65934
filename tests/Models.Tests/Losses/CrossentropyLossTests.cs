using KerasSharp.Losses;
using static KerasSharp.Models.Tests.TestData;

namespace KerasSharp.Models.Tests;

[TestClass]
public sealed class CrossentropyLossTests
{
    private static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));

    [TestMethod]
    public void BinaryCrossentropyFromProbabilities()
    {
        using var t = F([0, 1, 0, 0], 2, 2);
        using var p = F([0.6f, 0.4f, 0.4f, 0.6f], 2, 2);
        double row1 = -(Math.Log(1 - 0.6) + Math.Log(0.4)) / 2;
        double row2 = -(Math.Log(1 - 0.4) + Math.Log(1 - 0.6)) / 2;
        AssertScalar((row1 + row2) / 2, new BinaryCrossentropy().Call(t, p));
    }

    [TestMethod]
    public void BinaryCrossentropyClipsProbabilities()
    {
        // float64, so 1 - 1e-7 is exact: both terms are -log(1e-7) instead of infinity
        using var t = D([1, 0], 2, 1);
        using var p = D([0, 1], 2, 1);
        AssertScalar(-Math.Log(1e-7), new BinaryCrossentropy().Call(t, p), 1e-6);
    }

    [TestMethod]
    public void BinaryCrossentropyFromLogitsAndSmoothing()
    {
        double[] logits = [-18.6, 0.51, 2.94, -12.8];
        double[] labels = [0, 1, 0, 0];
        using var t = F([0, 1, 0, 0], 4);
        using var p = F(Array.ConvertAll(logits, v => (float)v), 4);
        double Bce(double z, double x) => -(z * Math.Log(Sigmoid(x)) + (1 - z) * Math.Log(1 - Sigmoid(x)));
        double expected = Enumerable.Range(0, 4).Average(i => Bce(labels[i], logits[i]));
        AssertScalar(expected, new BinaryCrossentropy(fromLogits: true).Call(t, p));
        // smoothing 0.2: z -> z * 0.8 + 0.1
        double smoothed = Enumerable.Range(0, 4).Average(i => Bce(labels[i] * 0.8 + 0.1, logits[i]));
        AssertScalar(smoothed, new BinaryCrossentropy(fromLogits: true, labelSmoothing: 0.2).Call(t, p));
        // huge logits stay finite
        using var big = F([1000, -1000], 2);
        using var bt = F([0, 1], 2);
        AssertScalar(1000, new BinaryCrossentropy(fromLogits: true).Call(bt, big), 1e-3);
    }

    [TestMethod]
    public void BinaryCrossentropySmoothingOnProbabilities()
    {
        using var t = F([1, 0], 1, 2);
        using var p = F([0.9f, 0.2f], 1, 2);
        // smoothing 0.1: labels 0.95 and 0.05
        double e = -(0.95 * Math.Log(0.9) + 0.05 * Math.Log(0.1) + 0.05 * Math.Log(0.2) + 0.95 * Math.Log(0.8)) / 2;
        AssertScalar(e, new BinaryCrossentropy(labelSmoothing: 0.1).Call(t, p));
    }

    [TestMethod]
    public void CategoricalCrossentropyFromProbabilities()
    {
        using var t = F([0, 1, 0, 0, 0, 1], 2, 3);
        using var p = F([0.05f, 0.95f, 0, 0.1f, 0.8f, 0.1f], 2, 3);
        AssertValues([-Math.Log(0.95), -Math.Log(0.1)], [2], new CategoricalCrossentropy().ComputePerSample(t, p));
        AssertScalar((-Math.Log(0.95) - Math.Log(0.1)) / 2, new CategoricalCrossentropy().Call(t, p));
        // rows that do not sum to 1 are renormalised: [1, 3] -> [0.25, 0.75]
        using var t2 = F([0, 1], 1, 2);
        using var p2 = F([1, 3], 1, 2);
        AssertScalar(-Math.Log(0.75), new CategoricalCrossentropy().Call(t2, p2));
    }

    [TestMethod]
    public void CategoricalCrossentropyFromLogitsAndSmoothing()
    {
        double[] x = [2, 1, 0.1];
        double lse = Math.Log(x.Sum(Math.Exp));
        using var t = F([1, 0, 0], 1, 3);
        using var p = F([2, 1, 0.1f], 1, 3);
        AssertScalar(-(x[0] - lse), new CategoricalCrossentropy(fromLogits: true).Call(t, p));
        // smoothing 0.3 over 3 classes: [1,0,0] -> [0.8, 0.1, 0.1]
        double smoothed = -(0.8 * (x[0] - lse) + 0.1 * (x[1] - lse) + 0.1 * (x[2] - lse));
        AssertScalar(smoothed, new CategoricalCrossentropy(fromLogits: true, labelSmoothing: 0.3).Call(t, p));
    }

    [TestMethod]
    public void CategoricalCrossentropyAlongAnotherAxis()
    {
        // classes on axis 0: columns are samples
        using var t = F([1, 0, 0, 1], 2, 2);
        using var p = F([0.7f, 0.4f, 0.3f, 0.6f], 2, 2);
        AssertValues([-Math.Log(0.7), -Math.Log(0.6)], [2], new CategoricalCrossentropy(axis: 0).ComputePerSample(t, p));
    }

    [TestMethod]
    public void SparseCategoricalCrossentropyLabelForms()
    {
        using var p = F([0.05f, 0.95f, 0, 0.1f, 0.8f, 0.1f], 2, 3);
        double expected = (-Math.Log(0.95) - Math.Log(0.1)) / 2;
        var loss = new SparseCategoricalCrossentropy();
        using var i32 = I([1, 2], 2);
        using var i64 = Tensor.FromArray(new long[] { 1, 2 }, 2, 1);
        using var u8 = Tensor.FromArray(new byte[] { 1, 2 }, 2);
        using var f32 = F([1, 2], 2, 1);
        AssertScalar(expected, loss.Call(i32, p));
        AssertScalar(expected, loss.Call(i64, p));
        AssertScalar(expected, loss.Call(u8, p));
        AssertScalar(expected, loss.Call(f32, p));
    }

    [TestMethod]
    public void SparseCategoricalCrossentropyFromLogits()
    {
        double[] x = [2, 1, 0.1, -1, 0.5, 3];
        double lse1 = Math.Log(Math.Exp(2) + Math.Exp(1) + Math.Exp(0.1));
        double lse2 = Math.Log(Math.Exp(-1) + Math.Exp(0.5) + Math.Exp(3));
        using var p = F(Array.ConvertAll(x, v => (float)v), 2, 3);
        using var t = I([0, 1], 2);
        AssertScalar((-(2 - lse1) - (0.5 - lse2)) / 2, new SparseCategoricalCrossentropy(fromLogits: true).Call(t, p));
    }

    [TestMethod]
    public void SparseCategoricalCrossentropyIgnoreClass()
    {
        using var p = F([0.05f, 0.95f, 0, 0.1f, 0.8f, 0.1f, 0.2f, 0.2f, 0.6f], 3, 3);
        using var t = I([1, -1, 2], 3);
        var loss = new SparseCategoricalCrossentropy(ignoreClass: -1);
        AssertValues([-Math.Log(0.95), 0, -Math.Log(0.6)], [3], loss.ComputePerSample(t, p));
        // the mean runs over the two samples that count (Keras divides by valid + 1e-7)
        AssertScalar((-Math.Log(0.95) - Math.Log(0.6)) / 2, loss.Call(t, p));
        var sum = new SparseCategoricalCrossentropy(ignoreClass: -1, reduction: Reduction.Sum);
        AssertScalar(-Math.Log(0.95) - Math.Log(0.6), sum.Call(t, p));
    }
}
