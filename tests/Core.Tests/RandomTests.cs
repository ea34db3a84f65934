namespace KerasSharp.Tests;

[TestClass]
public sealed class RandomTests
{
    [TestMethod]
    public void UniformIsDeterministicForASeed()
    {
        using var a = Ops.RandomUniform([3, 4], seed: 42);
        using var b = Ops.RandomUniform([3, 4], seed: 42);
        using var c = Ops.RandomUniform([3, 4], seed: 43);
        TensorAssert.HasShapeAndType(a, [3, 4], DType.Float32);
        CollectionAssert.AreEqual(a.ToArray<float>(), b.ToArray<float>());
        CollectionAssert.AreNotEqual(a.ToArray<float>(), c.ToArray<float>());
        Assert.AreEqual(12, a.ToArray<float>().Distinct().Count(), "12 uniform draws should be distinct.");
    }

    [TestMethod]
    public void UniformRangeAndMean()
    {
        using var u = Ops.RandomUniform([20000], -2, 3, DType.Float64, seed: 1);
        TensorAssert.HasShapeAndType(u, [20000], DType.Float64);
        var v = u.ToArray<double>();
        Assert.IsTrue(v.All(x => x >= -2 && x < 3), $"values outside [-2, 3): min {v.Min()}, max {v.Max()}");
        Assert.AreEqual(0.5, v.Average(), 0.05);
        Assert.IsLessThan(-1.9, v.Min());
        Assert.IsGreaterThan(2.9, v.Max());
        // Variance of U(a, b) is (b - a)^2 / 12 = 25/12.
        double mean = v.Average();
        Assert.AreEqual(25.0 / 12, v.Select(x => (x - mean) * (x - mean)).Average(), 0.1);
    }

    [TestMethod]
    public void NormalMomentsAndDeterminism()
    {
        using var n = Ops.RandomNormal([20000], 3, 2, seed: 7);
        TensorAssert.HasShapeAndType(n, [20000], DType.Float32);
        var v = n.ToArray<float>().Select(x => (double)x).ToArray();
        double mean = v.Average();
        double std = Math.Sqrt(v.Select(x => (x - mean) * (x - mean)).Average());
        Assert.AreEqual(3, mean, 0.06);
        Assert.AreEqual(2, std, 0.06);
        // About 68% within one standard deviation.
        Assert.AreEqual(0.6827, v.Count(x => Math.Abs(x - 3) < 2) / (double)v.Length, 0.02);
        using var again = Ops.RandomNormal([20000], 3, 2, seed: 7);
        CollectionAssert.AreEqual(n.ToArray<float>(), again.ToArray<float>());
        using var d = Ops.RandomNormal([2, 2], dtype: DType.Float64, seed: 7);
        TensorAssert.HasShapeAndType(d, [2, 2], DType.Float64);
    }

    [TestMethod]
    public void TruncatedNormalStaysWithinTwoStandardDeviations()
    {
        using var t = Ops.TruncatedNormal([5000], 1, 0.5, seed: 3);
        var v = t.ToArray<float>();
        Assert.IsTrue(v.All(x => x >= 0 && x <= 2), $"min {v.Min()}, max {v.Max()}");
        Assert.AreEqual(1, v.Average(), 0.03);
        using var again = Ops.TruncatedNormal([5000], 1, 0.5, seed: 3);
        CollectionAssert.AreEqual(v, again.ToArray<float>());
    }

    [TestMethod]
    public void BernoulliRate()
    {
        using var b = Ops.RandomBernoulli([20000], 0.3, seed: 5);
        TensorAssert.HasShapeAndType(b, [20000], DType.Float32);
        var v = b.ToArray<float>();
        Assert.IsTrue(v.All(x => x == 0 || x == 1));
        Assert.AreEqual(0.3, v.Average(), 0.02);
        using var zero = Ops.RandomBernoulli([100], 0, seed: 5);
        Assert.IsTrue(zero.ToArray<float>().All(x => x == 0));
        using var one = Ops.RandomBernoulli([100], 1, seed: 5);
        Assert.IsTrue(one.ToArray<float>().All(x => x == 1));
        using var again = Ops.RandomBernoulli([20000], 0.3, seed: 5);
        CollectionAssert.AreEqual(v, again.ToArray<float>());
    }

    [TestMethod]
    public void ScaledBernoulliIsADropoutMask()
    {
        using var mask = Ops.RandomBernoulli([20000], 0.8, DType.Float64, seed: 6, scale: 1.25);
        var v = mask.ToArray<double>();
        Assert.IsTrue(v.All(x => x == 0 || x == 1.25), "kept entries hold 1 / keep, dropped ones 0");
        Assert.AreEqual(0.8, v.Count(x => x != 0) / 20000.0, 0.01);
        Assert.AreEqual(1.0, v.Average(), 0.02, "the mask keeps the mean");
        using var plain = Ops.RandomBernoulli([20000], 0.8, DType.Float64, seed: 6);
        CollectionAssert.AreEqual(v.Select(x => x != 0).ToArray(), plain.ToArray<double>().Select(x => x != 0).ToArray(), "the scale does not change which entries are kept");
        Assert.ThrowsExactly<ArgumentException>(() => Ops.RandomBernoulli([2], 0.5, scale: double.PositiveInfinity));
    }

    [TestMethod]
    public void BernoulliCanReturnBoolAndIntMasks()
    {
        using var b = Ops.RandomBernoulli([1000], 0.5, DType.Bool, seed: 8);
        TensorAssert.HasShapeAndType(b, [1000], DType.Bool);
        int trues = b.ToArray<bool>().Count(x => x);
        Assert.IsTrue(trues > 400 && trues < 600, $"{trues} of 1000 true at p = 0.5");
        using var i = Ops.RandomBernoulli([1000], 0.5, DType.Int32, seed: 8);
        TensorAssert.HasShapeAndType(i, [1000], DType.Int32);
        CollectionAssert.AreEqual(b.ToArray<int>(), i.ToArray<int>(), "same seed, same mask in any dtype");
    }

    [TestMethod]
    public void PermutationIsAPermutation()
    {
        using var p = Ops.Permutation(100, seed: 11);
        TensorAssert.HasShapeAndType(p, [100], DType.Int64);
        var v = p.ToArray<long>();
        CollectionAssert.AreEqual(Enumerable.Range(0, 100).Select(i => (long)i).ToArray(), v.Order().ToArray());
        Assert.IsFalse(v.SequenceEqual(Enumerable.Range(0, 100).Select(i => (long)i)), "a seeded shuffle of 100 should not be the identity");
        using var again = Ops.Permutation(100, seed: 11);
        CollectionAssert.AreEqual(v, again.ToArray<long>());
        using var other = Ops.Permutation(100, seed: 12);
        CollectionAssert.AreNotEqual(v, other.ToArray<long>());
        TensorAssert.HasShape(Ops.Permutation(0, seed: 1), 0);
        TensorAssert.AreEqual(new long[] { 0 }, [1], Ops.Permutation(1, seed: 1));
    }

    [TestMethod]
    public void GlobalSeedMakesUnseededOpsReproducible()
    {
        Config.SetSeed(1234);
        using var a1 = Ops.RandomUniform([8]);
        using var a2 = Ops.RandomNormal([8]);
        Config.SetSeed(1234);
        using var b1 = Ops.RandomUniform([8]);
        using var b2 = Ops.RandomNormal([8]);
        CollectionAssert.AreEqual(a1.ToArray<float>(), b1.ToArray<float>());
        CollectionAssert.AreEqual(a2.ToArray<float>(), b2.ToArray<float>());
        // Successive unseeded draws differ.
        CollectionAssert.AreNotEqual(a1.ToArray<float>(), Ops.RandomUniform([8]).ToArray<float>());
    }

    [TestMethod]
    public void SameSeedGivesSameValuesOnAnyThreadCount()
    {
        int saved = Config.NumThreads;
        try
        {
            Config.NumThreads = 1;
            using var u1 = Ops.RandomUniform([65536], seed: 99);
            using var n1 = Ops.RandomNormal([65536], seed: 99);
            Config.NumThreads = 4;
            using var u4 = Ops.RandomUniform([65536], seed: 99);
            using var n4 = Ops.RandomNormal([65536], seed: 99);
            CollectionAssert.AreEqual(u1.ToArray<float>(), u4.ToArray<float>());
            CollectionAssert.AreEqual(n1.ToArray<float>(), n4.ToArray<float>());
        }
        finally
        {
            Config.NumThreads = saved;
        }
    }

    [TestMethod]
    public void EmptyShapesAndBadArguments()
    {
        TensorAssert.HasShape(Ops.RandomUniform([0, 3], seed: 1), 0, 3);
        var e = Assert.ThrowsExactly<ArgumentException>(() => Ops.RandomUniform([2], dtype: DType.Int32));
        TensorAssert.MessageContains(e.Message, "random_uniform", "int32");
        var p = Assert.ThrowsExactly<ArgumentException>(() => Ops.RandomBernoulli([2], 1.5));
        TensorAssert.MessageContains(p.Message, "random_bernoulli", "1.5");
        var s = Assert.ThrowsExactly<ArgumentException>(() => Ops.RandomNormal([2], stddev: -1));
        TensorAssert.MessageContains(s.Message, "stddev", "-1");
        var h = Assert.ThrowsExactly<ArgumentException>(() => Ops.RandomUniform([2], 1, 0));
        TensorAssert.MessageContains(h.Message, "high");
    }
}
