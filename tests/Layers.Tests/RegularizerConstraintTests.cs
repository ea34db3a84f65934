namespace KerasSharp.Layers.Tests;

[TestClass]
public sealed class RegularizerConstraintTests
{
    private static readonly float[] W = [1, -2, 3, -4];

    [TestMethod]
    public void Regularizers_ComputeKerasPenalties()
    {
        using var w = T.F(W, 2, 2);
        Assert.AreEqual(0.1f, new L1().Call(w).Item<float>(), 1e-6f);            // 0.01 * 10
        Assert.AreEqual(0.3f, new L2().Call(w).Item<float>(), 1e-6f);            // 0.01 * 30
        Assert.AreEqual(0.5f * 10 + 0.25f * 30, new L1L2(0.5, 0.25).Call(w).Item<float>(), 1e-5f);
        Assert.AreEqual(0f, new L1L2().Call(w).Item<float>());
    }

    [TestMethod]
    public void Regularizers_ByName()
    {
        Assert.IsInstanceOfType<L1>(Regularizer.Get("l1"));
        Assert.IsInstanceOfType<L2>(Regularizer.Get("l2"));
        Assert.IsInstanceOfType<L1L2>(Regularizer.Get("l1_l2"));
        var e = Assert.ThrowsExactly<ArgumentException>(() => Regularizer.Get("l3"));
        T.Contains(e.Message, "'l3'", "l1", "l2", "l1_l2");
    }

    [TestMethod]
    public void MaxNorm_RescalesOnlyLongColumns()
    {
        // Columns (axis 0): [3, 4] has norm 5 -> scaled to norm 2; [0.6, 0.8] has norm 1 -> kept.
        using var w = T.F([3, 0.6f, 4, 0.8f], 2, 2);
        T.Close([1.2f, 0.6f, 1.6f, 0.8f], new MaxNorm(2).Call(w), 1e-5);
    }

    [TestMethod]
    public void NonNeg_ZeroesNegatives() => T.Close([1, 0, 3, 0], new NonNeg().Call(T.F(W, 4)));

    [TestMethod]
    public void UnitNorm_NormalizesColumns()
    {
        using var w = T.F([3, 0, 4, 2], 2, 2);
        T.Close([0.6f, 0, 0.8f, 1], new UnitNorm().Call(w), 1e-5);
        T.Close([1, 0, 0.8944272f, 0.4472136f], new UnitNorm(axis: 1).Call(w), 1e-5);
    }

    [TestMethod]
    public void Constraints_ByName()
    {
        Assert.IsInstanceOfType<MaxNorm>(Constraint.Get("max_norm"));
        Assert.IsInstanceOfType<NonNeg>(Constraint.Get("non_neg"));
        Assert.IsInstanceOfType<UnitNorm>(Constraint.Get("unit_norm"));
        var e = Assert.ThrowsExactly<ArgumentException>(() => Constraint.Get("positive"));
        T.Contains(e.Message, "'positive'", "max_norm", "non_neg", "unit_norm");
    }

    [TestMethod]
    public void Dense_RegistersRegularizersAndConstraints()
    {
        var d = new Dense(2, kernelInitializer: new Constant(1), biasInitializer: new Constant(-1),
                          kernelRegularizer: new L2(0.5), biasRegularizer: "l1", activityRegularizer: new L1(1),
                          kernelConstraint: "non_neg");
        using var y = d.Apply(T.F([1, 2], 1, 2));   // y = [2, 2]
        var losses = d.Losses.Select(l => l.Item<float>()).ToArray();
        CollectionAssert.AreEqual(new[] { 0.5f * 4, 0.01f * 2, 4f }, losses);
        Assert.IsInstanceOfType<NonNeg>(d.Constraints[d.Kernel!]);
    }
}
