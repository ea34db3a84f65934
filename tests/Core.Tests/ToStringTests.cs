namespace KerasSharp.Tests;

[TestClass]
public sealed class ToStringTests
{
    [TestMethod]
    public void OneDimensionalInt()
    {
        using var t = Tensor.FromArray(new[] { 1, 2, 3 });
        Assert.AreEqual("tensor([1, 2, 3], shape=[3], dtype=int32, device=cpu, backend=native)", t.ToString());
    }

    [TestMethod]
    public void TwoDimensionalFloatAlignsRows()
    {
        using var t = Tensor.FromArray(new float[] { 1, 2.5f, -3, 0 }, 2, 2);
        Assert.AreEqual("tensor([[1, 2.5],\n        [-3, 0]], shape=[2,2], dtype=float32, device=cpu, backend=native)", t.ToString());
    }

    [TestMethod]
    public void ScalarBoolAndFloat64()
    {
        using var s = Tensor.Scalar(3.5f);
        Assert.AreEqual("tensor(3.5, shape=[], dtype=float32, device=cpu, backend=native)", s.ToString());
        using var b = Tensor.FromArray(new[] { true, false });
        StringAssert.StartsWith(b.ToString(), "tensor([True, False], shape=[2], dtype=bool");
        using var d = Tensor.FromArray(new[] { 0.125, 1e-10 });
        StringAssert.StartsWith(d.ToString(), "tensor([0.125, 1E-10], shape=[2], dtype=float64");
        using var u = Tensor.FromArray(new byte[] { 255 });
        StringAssert.StartsWith(u.ToString(), "tensor([255], shape=[1], dtype=uint8");
        using var l = Tensor.FromArray(new long[] { -9000000000 });
        StringAssert.StartsWith(l.ToString(), "tensor([-9000000000], shape=[1], dtype=int64");
    }

    [TestMethod]
    public void LargeTensorsAreElided()
    {
        using var t = Ops.Arange(2000);
        var text = t.ToString();
        StringAssert.StartsWith(text, "tensor([0, 1, 2, ..., 1997, 1998, 1999], shape=[2000], dtype=int32");
        Assert.IsLessThan(200, text.Length, text);

        using var m = Ops.Reshape(Ops.Arange(10000), 100, 100);
        var mt = m.ToString();
        StringAssert.Contains(mt, "[0, 1, 2, ..., 97, 98, 99]");
        StringAssert.Contains(mt, "[9900, 9901, 9902, ..., 9997, 9998, 9999]");
        Assert.DoesNotContain("[500, ", mt);
        Assert.IsLessThan(600, mt.Length, mt);
    }

    [TestMethod]
    public void SmallTensorsAreNotElided()
    {
        using var t = Ops.Arange(10);
        Assert.AreEqual("tensor([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], shape=[10], dtype=int32, device=cpu, backend=native)", t.ToString());
    }

    [TestMethod]
    public void EmptyAndDisposedTensors()
    {
        using var e = Ops.Zeros([0]);
        StringAssert.StartsWith(e.ToString(), "tensor([], shape=[0], dtype=float32");
        var d = Ops.Zeros([2, 3]);
        d.Dispose();
        Assert.AreEqual("Tensor(disposed, shape=[2,3], dtype=float32)", d.ToString());
    }

    [TestMethod]
    public void NonContiguousTensorPrintsItsLogicalOrder()
    {
        using var x = Tensor.FromArray(new[] { 1, 2, 3, 4, 5, 6 }, 2, 3);
        using var t = Ops.Transpose(x);
        StringAssert.StartsWith(t.ToString(), "tensor([[1, 4],\n        [2, 5],\n        [3, 6]], shape=[3,2]");
    }

    [TestMethod]
    public void ShapeAndDeviceText()
    {
        Assert.AreEqual("[32,784]", new Shape(32, 784).ToString());
        Assert.AreEqual("[]", Shape.Scalar.ToString());
        Assert.AreEqual("cpu", Device.Cpu.ToString());
        Assert.AreEqual("cuda:1", Device.Cuda(1).ToString());
        Assert.AreEqual(Device.Cuda(2), Device.Parse(" CUDA:2 "));
        Assert.AreEqual(Device.Cuda(0), Device.Parse("gpu"));
        Assert.AreEqual(Device.Cpu, Device.Parse("cpu"));
        var e = Assert.ThrowsExactly<ArgumentException>(() => Device.Parse("tpu"));
        TensorAssert.MessageContains(e.Message, "tpu", "cuda:N");
    }
}
