using KerasSharp.Backends;

namespace KerasSharp.Backends.Torch.Tests;

[TestClass]
public sealed class TensorMoveTests
{
    [TestCleanup]
    public void RestoreBackend() => Backend.Set("native");

    [TestMethod]
    public void ToMovesValuesBetweenBackendsOnlyWhenAsked()
    {
        Backend.Set("native");
        var native = Tensor.FromArray(new[] { 1.5f, -2f, 3f, 4f }, 2, 2);
        var torch = native.To("torch");
        Assert.AreEqual("torch", torch.Backend.Name);
        Assert.AreEqual("native", native.Backend.Name, "the source stays where it was");
        CollectionAssert.AreEqual(new[] { 2, 2 }, torch.Shape.ToArray());
        CollectionAssert.AreEqual(new[] { 1.5f, -2f, 3f, 4f }, torch.ToArray<float>());
        var e = Assert.ThrowsExactly<ArgumentException>(() => Ops.Add(native, torch));
        StringAssert.Contains(e.Message, "different backends");
        CollectionAssert.AreEqual(new[] { 3f, -4f, 6f, 8f }, Ops.Add(native, torch.To("native")).ToArray<float>());
    }

    [TestMethod]
    public void GradientFlowsBackAcrossAMove()
    {
        Backend.Set("native");
        var x = new Variable(Tensor.FromArray(new[] { 1.0, 2.0, 3.0 }), "x");
        using var tape = new GradientTape();
        var onTorch = x.To("torch");
        var loss = Ops.Sum(Ops.Square(onTorch));
        var grad = tape.Gradient(loss, x);
        Assert.AreEqual("native", grad.Backend.Name, "the gradient arrives on the variable's backend");
        CollectionAssert.AreEqual(new[] { 2.0, 4.0, 6.0 }, grad.ToArray<double>());
    }

    [TestMethod]
    public void MovingToAnUnavailableDeviceSaysWhy()
    {
        var x = Tensor.FromArray(new[] { 1f });
        var e = Assert.ThrowsExactly<InvalidOperationException>(() => x.To("torch", Device.Cuda(0)));
        StringAssert.Contains(e.Message, "cannot place tensors on cuda:0");
    }

    [TestMethod]
    public void ToTheSameBackendAndDeviceIsAnIndependentView()
    {
        var x = Tensor.FromArray(new[] { 1f, 2f });
        var y = x.To(Device.Cpu);
        x.Dispose();
        CollectionAssert.AreEqual(new[] { 1f, 2f }, y.ToArray<float>());
    }
}
