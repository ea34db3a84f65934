namespace KerasSharp.Layers.Tests;

[TestClass]
public sealed class RegularizationTests
{
    [TestMethod]
    public void Dropout_IdentityAtInference()
    {
        var d = new Dropout(0.5);
        using var x = T.F([1, 2, 3, 4], 2, 2);
        T.Close([1, 2, 3, 4], d.Apply(x));
        T.Shape([null, 7], d.Apply(new Input([7])));
    }

    [TestMethod]
    public void Dropout_TrainingStatistics()
    {
        var d = new Dropout(0.25, seed: 3);
        using var x = Ops.Ones([100, 100]);
        var v = d.Apply(x, training: true).ToArray<float>();
        double kept = v.Count(a => a != 0) / (double)v.Length;
        Assert.AreEqual(0.75, kept, 0.02);
        Assert.IsTrue(v.All(a => a == 0 || Math.Abs(a - 1 / 0.75f) < 1e-6));
        Assert.AreEqual(1.0, v.Average(), 0.03);   // inverted dropout keeps the expectation
        // Successive seeded calls draw different masks.
        CollectionAssert.AreNotEqual(v, d.Apply(x, training: true).ToArray<float>());
    }

    [TestMethod]
    public void Dropout_NoiseShapeSharesMask()
    {
        var d = new Dropout(0.5, noiseShape: [null, 1], seed: 4);
        var v = d.Apply(Ops.Ones([50, 6]), training: true).ToArray2D<float>();
        for (int i = 0; i < 50; i++)
            for (int j = 1; j < 6; j++) Assert.AreEqual(v[i, 0], v[i, j]);
        Assert.ThrowsExactly<ArgumentException>(() => new Dropout(1.5));
    }

    [TestMethod]
    public void GaussianNoise_TrainingOnly()
    {
        var g = new GaussianNoise(0.5, seed: 5);
        using var x = Ops.Zeros([200, 100]);
        T.Close(new float[20000], g.Apply(x));
        var v = g.Apply(x, training: true).ToArray<float>();
        double mean = v.Average(a => (double)a);
        double std = Math.Sqrt(v.Average(a => (a - mean) * (a - mean)));
        Assert.AreEqual(0, mean, 0.02);
        Assert.AreEqual(0.5, std, 0.02);
    }
}
