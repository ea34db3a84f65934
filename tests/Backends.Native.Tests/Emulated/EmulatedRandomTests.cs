using static KerasSharp.Backends.Native.Tests.Emulated.EmulatedUtil;

namespace KerasSharp.Backends.Native.Tests.Emulated;

/// <summary>Random tensors made on the device: the CPU's counter-based streams, so a seed gives the CPU's values.</summary>
[TestClass]
public class EmulatedRandomTests
{
    [TestMethod]
    public void UniformAndBernoulliEqualTheCpuBitForBit()
    {
        foreach (var dtype in new[] { DType.Float32, DType.Float64 })
        {
            AssertSame(B.RandomUniform(new Shape(7, 9), dtype, -2, 3, 42, Device.Cpu), B.RandomUniform(new Shape(7, 9), dtype, -2, 3, 42, Emu), $"uniform {dtype}");
            AssertSame(B.RandomBernoulli(new Shape(100), dtype, 0.3, 1 / 0.3, 7, Device.Cpu), B.RandomBernoulli(new Shape(100), dtype, 0.3, 1 / 0.3, 7, Emu), $"bernoulli {dtype}");
        }
    }

    [TestMethod]
    public void NormalMatchesTheCpuToRounding()
    {
        AssertClose(B.RandomNormal(new Shape(101), DType.Float64, 1, 2, 9, Device.Cpu), B.RandomNormal(new Shape(101), DType.Float64, 1, 2, 9, Emu), 1e-14, "normal f64");
        AssertClose(B.RandomNormal(new Shape(101), DType.Float32, 1, 2, 9, Device.Cpu), B.RandomNormal(new Shape(101), DType.Float32, 1, 2, 9, Emu), 1e-6, "normal f32");
    }

    [TestMethod]
    public void OpsPlaceSamplesLikeTheirLikeTensor()
    {
        using var x = B.Full(new Shape(4, 5), DType.Float32, 1, Emu);
        using var mask = Ops.RandomBernoulli([4, 5], 0.5, DType.Float32, seed: 3, scale: 2, like: x);
        Assert.AreEqual(Emu, mask.Device);
        using var cpuMask = Ops.RandomBernoulli([4, 5], 0.5, DType.Float32, seed: 3, scale: 2);
        Assert.AreEqual(Device.Cpu, cpuMask.Device);
        CollectionAssert.AreEqual(cpuMask.ToArray<float>(), mask.ToArray<float>());
        using var u = Ops.RandomUniform([3], like: x);
        using var n = Ops.RandomNormal([3], like: x);
        using var ints = Ops.RandomBernoulli([3], 0.5, DType.Int32, seed: 1, like: x);
        Assert.AreEqual(Emu, u.Device);
        Assert.AreEqual(Emu, n.Device);
        Assert.AreEqual(Emu, ints.Device);
    }
}
