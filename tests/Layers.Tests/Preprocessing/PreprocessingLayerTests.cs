using KerasSharp.Data;

namespace KerasSharp.Layers.Tests.Preprocessing;

/// <summary>Preprocessing layers on hand-computed values, Adapt, and bad input.</summary>
[TestClass]
public sealed class PreprocessingLayerTests
{
    [TestInitialize]
    public void Reset() => LayerNames.Reset();

    [TestMethod]
    public void RescalingScalesAndShiftsIntegersToo()
    {
        using var x = Tensor.FromArray(new byte[] { 0, 51, 255 }, 1, 3);
        using var y = new Rescaling(1.0 / 255, offset: -1).Apply(x);
        Assert.AreEqual(DType.Float32, y.DType);
        var v = y.ToArray<float>();
        Assert.AreEqual(-1f, v[0]);
        Assert.AreEqual(-0.8f, v[1], 1e-6f);
        Assert.AreEqual(0f, v[2], 1e-6f);
    }

    [TestMethod]
    public void NormalizationAdaptsPerFeatureAsKerasExamples()
    {
        // Keras's own example: adapt on [[0, 7, 4], [2, 9, 6], [0, 7, 4], [2, 9, 6]], then [[0, 7, 4]] gives [-1, -1, -1].
        var layer = new Normalization(axis: -1);
        using var data = Tensor.FromArray(new float[] { 0, 7, 4, 2, 9, 6, 0, 7, 4, 2, 9, 6 }, 4, 3);
        layer.Adapt(data);
        using var x = Tensor.FromArray(new float[] { 0, 7, 4 }, 1, 3);
        using var y = layer.Apply(x);
        var values = y.ToArray<float>();
        foreach (var v in values) Assert.AreEqual(-1f, v, 1e-5f);
        // Inverted: [[1, 2, 3]] gives [2, 10, 8].
        var inverse = new Normalization(axis: -1, invert: true);
        inverse.Adapt(data);
        using var back = inverse.Apply(Tensor.FromArray(new float[] { 1, 2, 3 }, 1, 3));
        CollectionAssert.AreEqual(new[] { 2f, 10f, 8f }, back.ToArray<float>().Select(v => MathF.Round(v, 4)).ToArray());
        Assert.AreEqual(4L, layer.Weights.Single(w => w.Name.EndsWith("/count")).ToArray<long>()[0]);
    }

    [TestMethod]
    public void NormalizationAdaptsOverBatchesAsOverTheWhole()
    {
        var rng = new Random(5);
        var values = Enumerable.Range(0, 60).Select(_ => (float)(rng.NextDouble() * 10 - 3)).ToArray();
        using var all = Tensor.FromArray(values, 20, 3);
        var whole = new Normalization();
        whole.Adapt(all);
        var batched = new Normalization();
        var parts = Enumerable.Range(0, 4).Select(i => (Ops.SliceAxis(all, 0, i * 5, 5), Ops.SliceAxis(all, 0, i * 5, 5))).ToList();
        batched.Adapt(BatchSource.From(parts));
        var a = whole.Weights.Where(w => w.Name.EndsWith("/mean") || w.Name.EndsWith("/variance")).SelectMany(w => w.ToArray<float>()).ToArray();
        var b = batched.Weights.Where(w => w.Name.EndsWith("/mean") || w.Name.EndsWith("/variance")).SelectMany(w => w.ToArray<float>()).ToArray();
        for (int i = 0; i < a.Length; i++) Assert.AreEqual(a[i], b[i], 1e-5f);
        // And they are the population mean and variance, computed here in double.
        double m0 = Enumerable.Range(0, 20).Average(r => (double)values[r * 3]);
        double v0 = Enumerable.Range(0, 20).Average(r => (values[r * 3] - m0) * (values[r * 3] - m0));
        Assert.AreEqual(m0, a[0], 1e-5);
        Assert.AreEqual(v0, a[3], 1e-4);
        var e = Assert.ThrowsExactly<InvalidOperationException>(() => new Normalization(mean: [1], variance: [2]).Adapt(all));
        StringAssert.Contains(e.Message, "mean and variance were given at construction");
    }

    [TestMethod]
    public void CategoryEncodingModes()
    {
        using var x = Tensor.FromArray(new[] { 0, 1, 1, 3, 3, 3 }, 2, 3);
        using var multi = new CategoryEncoding(4).Apply(x);
        CollectionAssert.AreEqual(new float[] { 1, 1, 0, 0, 0, 0, 0, 1 }, multi.ToArray<float>());
        using var count = new CategoryEncoding(4, outputMode: "count").Apply(x);
        CollectionAssert.AreEqual(new float[] { 1, 2, 0, 0, 0, 0, 0, 3 }, count.ToArray<float>());
        using var one = new CategoryEncoding(4, outputMode: "one_hot").Apply(Tensor.FromArray(new[] { 2, 0 }));
        CollectionAssert.AreEqual(new float[] { 0, 0, 1, 0, 1, 0, 0, 0 }, one.ToArray<float>());
        var e = Assert.ThrowsExactly<ArgumentException>(() => new CategoryEncoding(3, name: "enc").Apply(Tensor.FromArray(new[] { 0, 3 })));
        Assert.AreEqual("Layer 'enc': index 3 is outside [0, 3); every value must be below numTokens.", e.Message);
    }

    [TestMethod]
    public void DiscretizationBucketsLikeNumpyDigitize()
    {
        using var x = Tensor.FromArray(new[] { -1.5f, -0.5f, -0.1f, 0f, 0.3f, 2f }, 2, 3);
        using var y = new Discretization([-0.5, 0, 0.25]).Apply(x);
        Assert.AreEqual(DType.Int64, y.DType);
        CollectionAssert.AreEqual(new long[] { 0, 1, 1, 2, 3, 3 }, y.ToArray<long>());
        Assert.ThrowsExactly<ArgumentException>(() => new Discretization([1, 1]));
    }
}
