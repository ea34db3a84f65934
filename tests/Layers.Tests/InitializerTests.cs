namespace KerasSharp.Layers.Tests;

[TestClass]
public sealed class InitializerTests
{
    private static (double Mean, double Std, double Min, double Max) Stats(Tensor t)
    {
        var v = t.ToArray<float>().Select(x => (double)x).ToArray();
        double mean = v.Average();
        double std = Math.Sqrt(v.Select(x => (x - mean) * (x - mean)).Average());
        return (mean, std, v.Min(), v.Max());
    }

    [TestMethod]
    public void GlorotUniform_StaysWithinLimitAndFillsIt()
    {
        using var w = new GlorotUniform(seed: 1).Call([200, 300]);
        double limit = Math.Sqrt(6.0 / (200 + 300));
        var s = Stats(w);
        Assert.IsLessThanOrEqualTo(limit, s.Max);
        Assert.IsGreaterThanOrEqualTo(-limit, s.Min);
        Assert.IsGreaterThan(0.98 * limit, s.Max);
        Assert.AreEqual(limit / Math.Sqrt(3), s.Std, 0.02 * limit);
    }

    [TestMethod]
    public void GlorotUniform_ConvKernelCountsReceptiveField()
    {
        // [kh, kw, in, out] = [3, 3, 4, 8]: fan_in = 36, fan_out = 72.
        using var w = new GlorotUniform(seed: 2).Call([3, 3, 4, 8]);
        double limit = Math.Sqrt(6.0 / (36 + 72));
        var s = Stats(w);
        Assert.IsLessThanOrEqualTo(limit, s.Max);
        Assert.IsGreaterThan(0.9 * limit, s.Max);
    }

    [TestMethod]
    public void HeNormal_HasStddevSqrtTwoOverFanIn()
    {
        using var w = new HeNormal(seed: 3).Call([400, 250]);
        var s = Stats(w);
        double std = Math.Sqrt(2.0 / 400);
        Assert.AreEqual(0, s.Mean, 0.01 * std * 10);
        Assert.AreEqual(std, s.Std, 0.02 * std);
        // Truncated at two (pre-truncation) standard deviations.
        Assert.IsLessThanOrEqualTo(2 * std / 0.87962566103423978 + 1e-6, Math.Max(s.Max, -s.Min));
    }

    [TestMethod]
    public void VarianceScalingFamily_Stddevs()
    {
        (Initializer Init, double Std)[] cases =
        [
            (new GlorotNormal(seed: 4), Math.Sqrt(2.0 / (300 + 200))),
            (new LecunNormal(seed: 5), Math.Sqrt(1.0 / 300)),
            (new LecunUniform(seed: 6), Math.Sqrt(1.0 / 300)),
            (new HeUniform(seed: 7), Math.Sqrt(2.0 / 300)),
        ];
        foreach (var (init, std) in cases)
        {
            using var w = init.Call([300, 200]);
            Assert.AreEqual(std, Stats(w).Std, 0.03 * std, init.GetType().Name);
        }
    }

    [TestMethod]
    public void ConstantZerosOnes()
    {
        T.Close([2.5f, 2.5f, 2.5f], new Constant(2.5).Call([3]));
        T.Close([0, 0], new Zeros().Call([2]));
        T.Close([1, 1], new Ones().Call([2]));
    }

    [TestMethod]
    public void RandomDistributions_MatchParameters()
    {
        using var n = new RandomNormal(1.0, 0.5, seed: 8).Call([20000]);
        var sn = Stats(n);
        Assert.AreEqual(1.0, sn.Mean, 0.02);
        Assert.AreEqual(0.5, sn.Std, 0.02);
        using var u = new RandomUniform(-2, 3, seed: 9).Call([20000]);
        var su = Stats(u);
        Assert.IsGreaterThanOrEqualTo(-2.0, su.Min);
        Assert.IsLessThanOrEqualTo(3.0, su.Max);
        Assert.AreEqual(0.5, su.Mean, 0.05);
        using var t = new TruncatedNormal(0, 1, seed: 10).Call([20000]);
        var st = Stats(t);
        Assert.IsLessThanOrEqualTo(2.0 + 1e-6, Math.Max(st.Max, -st.Min));
        Assert.AreEqual(0.87962566103423978, st.Std, 0.02);
    }

    [TestMethod]
    public void Seed_RepeatsValues_AndNoSeedDiffers()
    {
        CollectionAssert.AreEqual(new GlorotUniform(seed: 11).Call([4, 4]).ToArray<float>(), new GlorotUniform(seed: 11).Call([4, 4]).ToArray<float>());
        CollectionAssert.AreNotEqual(new GlorotUniform().Call([4, 4]).ToArray<float>(), new GlorotUniform().Call([4, 4]).ToArray<float>());
    }

    [TestMethod]
    public void Orthogonal_GivesOrthonormalColumnsAndRows()
    {
        foreach (var shape in new[] { new[] { 6, 4 }, new[] { 4, 6 }, new[] { 2, 3, 5 } })
        {
            using var w = new Orthogonal(gain: 2, seed: 12).Call(shape, DType.Float64);
            int cols = shape[^1], rows = w.Size / cols;
            using var m = Ops.Reshape(w, rows, cols);
            // Tall: W^T W = gain² I; wide: W W^T = gain² I.
            using var g = rows >= cols ? Ops.MatMul(Ops.Transpose(m), m) : Ops.MatMul(m, Ops.Transpose(m));
            int n = Math.Min(rows, cols);
            var v = g.ToArray<double>();
            for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++)
                    Assert.AreEqual(i == j ? 4.0 : 0.0, v[i * n + j], 1e-9, $"shape [{string.Join(",", shape)}] ({i},{j})");
        }
    }

    [TestMethod]
    public void Get_ByKerasAndClassName()
    {
        Assert.IsInstanceOfType<GlorotUniform>(Initializer.Get("glorot_uniform"));
        Assert.IsInstanceOfType<GlorotUniform>(Initializer.Get("GlorotUniform"));
        Assert.IsInstanceOfType<HeNormal>(Initializer.Get("he_normal"));
        Assert.IsInstanceOfType<RandomUniform>(Initializer.Get("uniform"));
        Assert.IsInstanceOfType<TruncatedNormal>(Initializer.Get("truncated_normal"));
        Assert.IsInstanceOfType<Orthogonal>(Initializer.Get("orthogonal"));
        Assert.IsInstanceOfType<Zeros>(Initializer.Get("zeros"));
        Initializer fromString = "lecun_normal";
        Assert.IsInstanceOfType<LecunNormal>(fromString);
        var e = Assert.ThrowsExactly<ArgumentException>(() => Initializer.Get("glorot_uniformm"));
        T.Contains(e.Message, "glorot_uniformm", "glorot_uniform", "he_normal", "orthogonal");
    }
}
