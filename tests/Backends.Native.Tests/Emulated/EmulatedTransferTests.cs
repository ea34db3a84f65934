using KerasSharp.Backends.Native.Gpu;
using static KerasSharp.Backends.Native.Tests.Emulated.EmulatedUtil;

namespace KerasSharp.Backends.Native.Tests.Emulated;

[TestClass]
public class EmulatedTransferTests
{
    [TestMethod]
    public void HostRoundTripEveryDType()
    {
        using var f = B.FromHost(new[] { 1.5f, -2, 3 }, new Shape(3), DType.Float32, Emu);
        Assert.AreEqual(Emu, f.Device);
        Assert.IsInstanceOfType<GpuStorage<float>>(f.Storage);
        CollectionAssert.AreEqual(new[] { 1.5f, -2, 3 }, Read<float>(f));
        using var d = B.FromHost(new[] { 1e300, -2 }, new Shape(2), DType.Float64, Emu);
        CollectionAssert.AreEqual(new[] { 1e300, -2 }, Read<double>(d));
        using var i = B.FromHost(new[] { int.MinValue, 7 }, new Shape(2), DType.Int32, Emu);
        CollectionAssert.AreEqual(new[] { int.MinValue, 7 }, Read<int>(i));
        using var l = B.FromHost(new[] { long.MaxValue }, new Shape(1), DType.Int64, Emu);
        CollectionAssert.AreEqual(new[] { long.MaxValue }, Read<long>(l));
        using var u = B.FromHost(new byte[] { 255, 0 }, new Shape(2), DType.UInt8, Emu);
        CollectionAssert.AreEqual(new byte[] { 255, 0 }, Read<byte>(u));
        using var b = B.FromHost(new[] { true, false, true }, new Shape(3), DType.Bool, Emu);
        CollectionAssert.AreEqual(new[] { true, false, true }, Read<bool>(b));
        using var empty = B.FromHost(Array.Empty<float>(), new Shape(0, 3), DType.Float32, Emu);
        Assert.IsEmpty(Read<float>(empty));
    }

    [TestMethod]
    public void ToMovesBetweenCpuAndEmulatedAndGradientMovesBack()
    {
        using var x = Tensor.FromArray(new[] { 1f, 2, 3, 4 }, 2, 2);
        using var g = x.To(Emu);
        Assert.AreEqual(Emu, g.Device);
        Assert.AreEqual(Device.Cpu, x.Device);
        using var back = g.To(Device.Cpu);
        CollectionAssert.AreEqual(new[] { 1f, 2, 3, 4 }, back.ToArray<float>());
        Assert.Contains($"device={Emu}", g.ToString());

        using var tape = new GradientTape();
        tape.Watch(x);
        using var onGpu = x.To(Emu);
        using var sq = Ops.Multiply(onGpu, onGpu);
        using var total = Ops.Sum(sq);
        using var loss = total.To(Device.Cpu);
        var grad = tape.Gradient(loss, x);
        Assert.AreEqual(Device.Cpu, grad!.Device);
        CollectionAssert.AreEqual(new[] { 2f, 4, 6, 8 }, grad.ToArray<float>());
    }

    [TestMethod]
    public void FullFollowsTheRequestedDevice()
    {
        using var z = B.Full(new Shape(2, 3), DType.Int64, 7, Emu);
        Assert.AreEqual(Emu, z.Device);
        CollectionAssert.AreEqual(Enumerable.Repeat(7L, 6).ToArray(), Read<long>(z));
        using var t = B.Full(new Shape(2), DType.Bool, 1, Emu);
        CollectionAssert.AreEqual(new[] { true, true }, Read<bool>(t));
        using var x = B.FromHost(new[] { 1f, 2 }, new Shape(2), DType.Float32, Emu);
        using var ones = Ops.OnesLike(x);
        Assert.AreEqual(Emu, ones.Device);
    }

    [TestMethod]
    public void MixingDevicesFailsNamingBoth()
    {
        using var a = Tensor.FromArray(new[] { 1f, 2 });
        using var b = a.To(Emu);
        var e = Assert.ThrowsExactly<ArgumentException>(() => Ops.Add(a, b));
        StringAssert.Contains(e.Message, "cpu");
        StringAssert.Contains(e.Message, Emu.ToString());
    }

    [TestMethod]
    public void ScatterAddIntoBytesAndBoolsMatchesTheCpu()
    {
        // No op is left without a GPU kernel; bytes and bools, the last scatter-add dtypes, go through int32 on the device.
        var (byteCpu, byteEmu) = EmulatedUtil.Pair(new byte[] { 250, 2, 3, 4, 0, 9 }, 3, 2);
        var (boolCpu, boolEmu) = EmulatedUtil.Pair(new[] { true, false, false, false, true, false }, 3, 2);
        var (iCpu, iEmu) = EmulatedUtil.Pair(new long[] { 0, 2, 0 }, 3);
        var (ubCpu, ubEmu) = EmulatedUtil.Pair(new byte[] { 5, 6, 7, 8, 255, 1 }, 3, 2);   // row 0 gets 5+255: wraps past 255
        var (uoCpu, uoEmu) = EmulatedUtil.Pair(new[] { false, true, true, false, false, true }, 3, 2);
        CollectionAssert.AreEqual(B.ScatterAdd(byteCpu, iCpu, ubCpu, 0).ToArray<byte>(), B.ScatterAdd(byteEmu, iEmu, ubEmu, 0).ToArray<byte>());
        CollectionAssert.AreEqual(B.ScatterAdd(boolCpu, iCpu, uoCpu, 0).ToArray<bool>(), B.ScatterAdd(boolEmu, iEmu, uoEmu, 0).ToArray<bool>());
        CollectionAssert.AreEqual(new byte[] { 254, 9, 3, 4, 7, 17 }, B.ScatterAdd(byteEmu, iEmu, ubEmu, 0).ToArray<byte>());
        Assert.AreEqual(Emu, B.ScatterAdd(boolEmu, iEmu, uoEmu, 0).Device);
    }

    [TestMethod]
    public void CudaWithoutAGpuSaysWhatIsMissing()
    {
        // This machine has no NVIDIA driver; a machine with one has no device 64.
        Assert.IsFalse(B.SupportsDevice(Device.Cuda(64), out var reason));
        Assert.IsTrue(reason.Contains("CUDA driver", StringComparison.Ordinal) || reason.Contains("no CUDA device 64", StringComparison.Ordinal), reason);
        var e = Assert.ThrowsExactly<NotSupportedException>(() => B.Full(new Shape(1), DType.Float32, 0, Device.Cuda(64)));
        StringAssert.Contains(e.Message, "cuda:64");
    }
}
