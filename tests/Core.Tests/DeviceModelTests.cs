using KerasSharp.Backends;

namespace KerasSharp.Core.Tests;

/// <summary>The open device model: kinds by name, the emulated GPU, KERASSHARP_DEVICE parsing, backend names by convention.</summary>
[TestClass]
public class DeviceModelTests
{
    [TestMethod]
    public void KindsParseWithIndices()
    {
        Assert.AreEqual(Device.Emulated, Device.Parse("emulated"));
        Assert.AreEqual(new Device(DeviceType.Emulated, 2), Device.Parse(" Emulated:2 "));
        Assert.AreEqual("emulated:2", new Device(DeviceType.Emulated, 2).ToString());
        Assert.AreEqual(Device.Cuda(3), Device.Parse("cuda:3"));
        Assert.IsTrue(Device.Cuda(0).IsAccelerator);
        Assert.IsFalse(Device.Cpu.IsAccelerator);
        foreach (var bad in new[] { "cuda:-1", "cuda:x", "cpu:1", "", ":1", "cuda:1:2" })
        {
            var e = Assert.ThrowsExactly<ArgumentException>(() => Device.Parse(bad), bad);
            StringAssert.Contains(e.Message, "cuda:N");
        }
    }

    [TestMethod]
    public void ANewKindIsANameNotAnEditOfAClosedList()
    {
        Assert.ThrowsExactly<ArgumentException>(() => Device.Parse("npu:1"));
        var npu = DeviceType.Register("NPU");
        Assert.AreEqual("npu", npu.Name);
        Assert.AreEqual(npu, DeviceType.Register("npu"));
        Assert.AreEqual(new Device(npu, 1), Device.Parse("npu:1"));
        Assert.AreEqual("npu:1", new Device(npu, 1).ToString());
        Assert.Contains("npu", DeviceType.Names);
        Assert.ThrowsExactly<ArgumentException>(() => DeviceType.Register("a:b"));
        Assert.ThrowsExactly<ArgumentException>(() => DeviceType.Register(" "));
    }

    [TestMethod]
    public void UnknownBackendNamesSayWhichAssemblyWasLookedFor()
    {
        var e = Assert.ThrowsExactly<ArgumentException>(() => BackendRegistry.Get("nosuch"));
        StringAssert.Contains(e.Message, "KerasSharp.Backends.Nosuch");
        StringAssert.Contains(e.Message, "native");
        BackendRegistry.RegisterAssembly("ghost", "KerasSharp.Backends.Native");
        var ghost = Assert.ThrowsExactly<InvalidOperationException>(() => BackendRegistry.Get("ghost"));
        StringAssert.Contains(ghost.Message, "does not declare a backend named 'ghost'");
    }
}
