namespace KerasSharp.ModelZoo.Tests.ImageNet;

/// <summary>DecodePredictions on hand-computed rows, and the class names against torchvision's own list.</summary>
[TestClass]
public sealed class ImageNetPredictionsTests
{
    private static readonly IReadOnlyList<string> Names = ModelZoo.ImageNet.ClassNames;

    private static Tensor Rows(params double[][] rows) => Tensor.FromJagged(rows.Select(r => r.Select(v => (float)v).ToArray()).ToArray());

    private static double[] Row(params (int Index, double Value)[] set)
    {
        var row = new double[1000];
        foreach (var (i, v) in set) row[i] = v;
        return row;
    }

    [TestMethod]
    public void ClassNames_AreTorchvisionsList()
    {
        Assert.HasCount(1000, Names);
        Assert.AreEqual("tench", Names[0]);
        Assert.AreEqual("tabby", Names[281]);
        Assert.AreEqual("toilet tissue", Names[999]);
        CollectionAssert.AreEqual(TorchvisionReference.ClassNames(), Names.ToArray());
    }

    [TestMethod]
    public void Probabilities_AreReportedAsTheyAre()
    {
        using var p = Rows(Row((3, 0.5), (7, 0.3), (1, 0.2)));
        var top = ModelZoo.ImageNet.DecodePredictions(p, top: 4)[0];
        CollectionAssert.AreEqual(new[] { 3, 7, 1, 0 }, top.Select(t => t.Index).ToArray());
        CollectionAssert.AreEqual(new[] { Names[3], Names[7], Names[1], Names[0] }, top.Select(t => t.Label).ToArray());
        CollectionAssert.AreEqual(new[] { 0.5, 0.3, 0.2, 0.0 }, top.Select(t => Math.Round(t.Probability, 6)).ToArray());
        Assert.AreEqual((float)0.3, (float)top[1].Probability, "the stored float32 value, not a softmax of it");
    }

    [TestMethod]
    public void Logits_GetASoftmax_AndTiesGoToTheLowerIndex()
    {
        // exp(0) = 1 for 998 classes, exp(ln 2) = 2, exp(ln 3) = 3: the row's total is 1003.
        using var logits = Rows(Row((2, Math.Log(2)), (7, Math.Log(3))));
        var top = ModelZoo.ImageNet.DecodePredictions(logits, top: 4)[0];
        CollectionAssert.AreEqual(new[] { 7, 2, 0, 1 }, top.Select(t => t.Index).ToArray());
        double[] expected = [3.0 / 1003, 2.0 / 1003, 1.0 / 1003, 1.0 / 1003];
        for (int i = 0; i < 4; i++) Assert.AreEqual(expected[i], top[i].Probability, 1e-7, $"rank {i}");
    }

    [TestMethod]
    public void EqualProbabilities_ComeInIndexOrder()
    {
        using var uniform = Rows(Enumerable.Repeat(0.001, 1000).ToArray());
        CollectionAssert.AreEqual(new[] { 0, 1, 2, 3, 4 }, ModelZoo.ImageNet.DecodePredictions(uniform)[0].Select(t => t.Index).ToArray());
        var all = ModelZoo.ImageNet.DecodePredictions(uniform, top: 1000)[0];
        CollectionAssert.AreEqual(Enumerable.Range(0, 1000).ToArray(), all.Select(t => t.Index).ToArray());
    }

    [TestMethod]
    public void OneLogitsRow_MakesTheWholeBatchLogits()
    {
        // Row 0 alone would pass for probabilities; row 1 cannot, so both get the softmax (one rule per tensor).
        using var mixed = Rows(Row((5, 1.0)), Row((9, 4.0)));
        var rows = ModelZoo.ImageNet.DecodePredictions(mixed, top: 1);
        Assert.AreEqual(5, rows[0][0].Index);
        Assert.AreEqual(Math.E / (999 + Math.E), rows[0][0].Probability, 1e-7);
        Assert.AreEqual(9, rows[1][0].Index);
    }

    [TestMethod]
    public void FromLogits_OverridesTheRule()
    {
        using var p = Rows(Row((5, 1.0)));
        Assert.AreEqual(1.0, ModelZoo.ImageNet.DecodePredictions(p, top: 1)[0][0].Probability);
        Assert.AreEqual(Math.E / (999 + Math.E), ModelZoo.ImageNet.DecodePredictions(p, top: 1, fromLogits: true)[0][0].Probability, 1e-7);
        using var logits = Rows(Row((5, 4.0)));
        Assert.AreEqual(4.0, ModelZoo.ImageNet.DecodePredictions(logits, top: 1, fromLogits: false)[0][0].Probability);
    }

    [TestMethod]
    public void Float64Input_Works()
    {
        using var p = Tensor.FromArray(Row((42, 1.0)), 1, 1000);
        Assert.AreEqual(42, ModelZoo.ImageNet.DecodePredictions(p, top: 1)[0][0].Index);
    }

    [TestMethod]
    [DataRow(0)]
    [DataRow(1001)]
    public void Top_OutsideOneToAThousand_IsRefused(int top)
    {
        using var p = Rows(Row((0, 1.0)));
        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ModelZoo.ImageNet.DecodePredictions(p, top));
        Assert.StartsWith($"ImageNet.DecodePredictions: top must be in 1..1000, got {top}.", e.Message);
    }

    [TestMethod]
    public void WrongShapes_AreRefused()
    {
        foreach (var shape in new[] { new[] { 1000 }, [2, 999], [1, 1000, 1], [1, 1001] })
        {
            using var x = Ops.Zeros(shape);
            var e = Assert.ThrowsExactly<ArgumentException>(() => ModelZoo.ImageNet.DecodePredictions(x));
            Assert.StartsWith($"ImageNet.DecodePredictions: expects a batch of predictions of shape [n, 1000], got [{string.Join(",", shape)}].", e.Message);
        }
    }

    [TestMethod]
    public void IntegersAndNonFiniteValues_AreRefused()
    {
        using var ints = Tensor.FromArray(new int[1000], 1, 1000);
        var e = Assert.ThrowsExactly<ArgumentException>(() => ModelZoo.ImageNet.DecodePredictions(ints));
        Assert.StartsWith("ImageNet.DecodePredictions: expects floating-point probabilities or logits, got dtype int32.", e.Message);
        using var nan = Rows(Row((0, 0.5)), Row((17, double.NaN)));
        e = Assert.ThrowsExactly<ArgumentException>(() => ModelZoo.ImageNet.DecodePredictions(nan));
        Assert.StartsWith("ImageNet.DecodePredictions: row 1, class 17 is NaN; every value must be finite.", e.Message);
        using var inf = Rows(Row((3, double.PositiveInfinity)));
        Assert.ThrowsExactly<ArgumentException>(() => ModelZoo.ImageNet.DecodePredictions(inf));
    }
}
