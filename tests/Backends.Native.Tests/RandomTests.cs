using static KerasSharp.Backends.Native.Tests.TestUtil;

namespace KerasSharp.Backends.Native.Tests;

[TestClass]
public class RandomTests
{
    [TestMethod]
    public void SameSeedSameValuesOnAnyThreadCount()
    {
        var shape = new Shape(1000, 300);
        var a = WithThreads(1, () => Read<float>(B.RandomUniform(shape, DType.Float32, -1, 1, 42, Device.Cpu)));
        var b = WithThreads(2, () => Read<float>(B.RandomUniform(shape, DType.Float32, -1, 1, 42, Device.Cpu)));
        CollectionAssert.AreEqual(a, b);
        var n1 = WithThreads(1, () => Read<double>(B.RandomNormal(shape, DType.Float64, 0, 1, 7, Device.Cpu)));
        var n2 = WithThreads(2, () => Read<double>(B.RandomNormal(shape, DType.Float64, 0, 1, 7, Device.Cpu)));
        CollectionAssert.AreEqual(n1, n2);
    }

    [TestMethod]
    public void DifferentSeedsDiffer()
    {
        var a = Read<float>(B.RandomUniform(new Shape(1000), DType.Float32, 0, 1, 1, Device.Cpu));
        var b = Read<float>(B.RandomUniform(new Shape(1000), DType.Float32, 0, 1, 2, Device.Cpu));
        Assert.IsLessThan(5, a.Zip(b).Count(p => p.First == p.Second));
    }

    [TestMethod]
    public void UniformMomentsAndRange()
    {
        var u = Read<double>(B.RandomUniform(new Shape(1_000_000), DType.Float64, 2, 4, 123, Device.Cpu));
        Assert.IsTrue(u.All(v => v >= 2 && v < 4));
        double mean = u.Average(), variance = u.Select(v => (v - mean) * (v - mean)).Average();
        Assert.AreEqual(3.0, mean, 0.005);
        Assert.AreEqual(4.0 / 12, variance, 0.005);
        var f = Read<float>(B.RandomUniform(new Shape(100_000), DType.Float32, 0, 1, 9, Device.Cpu));
        Assert.IsTrue(f.All(v => v >= 0 && v < 1));
        Assert.AreEqual(0.5, f.Average(), 0.01);
    }

    [TestMethod]
    public void NormalMoments()
    {
        var z = Read<float>(B.RandomNormal(new Shape(1_000_001), DType.Float32, 1, 2, 99, Device.Cpu));
        double mean = z.Average(v => (double)v), variance = z.Select(v => (v - mean) * (v - mean)).Average();
        Assert.AreEqual(1.0, mean, 0.01);
        Assert.AreEqual(4.0, variance, 0.03);
        Assert.IsTrue(z.All(float.IsFinite));
    }
}
