using KerasSharp.Losses;
using static KerasSharp.Models.Tests.TestData;

namespace KerasSharp.Models.Tests;

/// <summary>Float64 central-difference checks of every loss's gradient with respect to yPred.</summary>
[TestClass]
public sealed class LossGradientTests
{
    private static readonly double[] Targets = [0, 1, 0.5, 0.25, 1, 0];
    private static readonly double[] Probs = [0.2, 0.7, 0.4, 0.35, 0.9, 0.15];
    private static readonly double[] Values = [0.3, -1.7, 2.2, 0.45, -0.6, 1.3];
    private static readonly int[] Shape = [2, 3];

    private static Func<Tensor> Const(double[] data, params int[] shape) => () => D(data, shape);

    [TestMethod]
    public void MeanSquaredError() => LossGradientCheck.Check(new Losses.MeanSquaredError(), Const(Targets, Shape), Values, Shape);

    [TestMethod]
    public void MeanAbsoluteError() => LossGradientCheck.Check(new Losses.MeanAbsoluteError(), Const(Targets, Shape), Values, Shape);

    [TestMethod]
    public void HuberBothSides() => LossGradientCheck.Check(new Huber(delta: 1.0), Const(Targets, Shape), Values, Shape);

    [TestMethod]
    public void LogCosh() => LossGradientCheck.Check(new Losses.LogCosh(), Const(Targets, Shape), Values, Shape);

    [TestMethod]
    public void BinaryCrossentropyProbabilities() =>
        LossGradientCheck.Check(new BinaryCrossentropy(labelSmoothing: 0.1), Const(Targets, Shape), Probs, Shape);

    [TestMethod]
    public void BinaryCrossentropyLogits() =>
        LossGradientCheck.Check(new BinaryCrossentropy(fromLogits: true), Const(Targets, Shape), Values, Shape);

    [TestMethod]
    public void CategoricalCrossentropyProbabilities() =>
        LossGradientCheck.Check(new CategoricalCrossentropy(labelSmoothing: 0.2), Const([0, 1, 0, 0.2, 0.3, 0.5], Shape), Probs, Shape);

    [TestMethod]
    public void CategoricalCrossentropyLogits() =>
        LossGradientCheck.Check(new CategoricalCrossentropy(fromLogits: true), Const([0, 1, 0, 0.2, 0.3, 0.5], Shape), Values, Shape);

    [TestMethod]
    public void SparseCategoricalCrossentropyProbabilities() =>
        LossGradientCheck.Check(new SparseCategoricalCrossentropy(), () => I([2, 0], 2), Probs, Shape);

    [TestMethod]
    public void SparseCategoricalCrossentropyLogitsIgnoringAClass() =>
        LossGradientCheck.Check(new SparseCategoricalCrossentropy(fromLogits: true, ignoreClass: 0),
                                () => I([1, 2, 0], 3, 1), [0.3, -1.7, 2.2, 0.45, -0.6, 1.3, 0.1, 0.2, 0.3], [3, 3]);

    [TestMethod]
    public void KLDivergence() =>
        LossGradientCheck.Check(new Losses.KLDivergence(), Const([0.1, 0.6, 0.3, 0.2, 0.2, 0.6], Shape), Probs, Shape);

    [TestMethod]
    public void Hinge() => LossGradientCheck.Check(new Losses.Hinge(), Const([0, 1, 1, 0, 1, 0], Shape), Values, Shape);

    [TestMethod]
    public void WeightedSum() =>
        LossGradientCheck.Check(new Losses.MeanSquaredError(Reduction.Sum), Const(Targets, Shape), Values, Shape);
}
