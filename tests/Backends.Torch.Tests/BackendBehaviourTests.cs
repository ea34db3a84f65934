using KerasSharp.Backends;

namespace KerasSharp.Backends.Torch.Tests;

/// <summary>Torch-backend behaviour outside op parity: random ops, devices, errors, and no silent moves.</summary>
[TestClass]
public sealed class BackendBehaviourTests
{
    private static IBackend Torch => BackendRegistry.Get("torch");

    [TestCleanup]
    public void RestoreBackend() => Backend.Set("native");

    [TestMethod]
    public void RandomUniformIsSeededAndInRange()
    {
        var shape = new Shape(20000);
        var a = Torch.RandomUniform(shape, DType.Float32, -2, 3, 42, Device.Cpu).ToArray<float>();
        var b = Torch.RandomUniform(shape, DType.Float32, -2, 3, 42, Device.Cpu).ToArray<float>();
        var c = Torch.RandomUniform(shape, DType.Float32, -2, 3, 43, Device.Cpu).ToArray<float>();
        CollectionAssert.AreEqual(a, b, "same seed, same values");
        CollectionAssert.AreNotEqual(a, c, "another seed, other values");
        Assert.IsTrue(a.All(v => v >= -2 && v < 3), "values in [low, high)");
        Assert.AreEqual(0.5, a.Average(), 0.05, "mean of U(-2, 3)");
    }

    [TestMethod]
    public void RandomNormalHasRequestedMoments()
    {
        var a = Torch.RandomNormal(new Shape(40000), DType.Float64, 1.5, 2.0, 7, Device.Cpu).ToArray<double>();
        double mean = a.Average(), std = Math.Sqrt(a.Select(v => (v - mean) * (v - mean)).Average());
        Assert.AreEqual(1.5, mean, 0.05);
        Assert.AreEqual(2.0, std, 0.05);
        CollectionAssert.AreEqual(a, Torch.RandomNormal(new Shape(40000), DType.Float64, 1.5, 2.0, 7, Device.Cpu).ToArray<double>());
    }

    [TestMethod]
    public void RandomBernoulliIsSeededScaledAndAtTheRate()
    {
        var shape = new Shape(20000);
        var a = Torch.RandomBernoulli(shape, DType.Float32, 0.7, 2.5, 11, Device.Cpu).ToArray<float>();
        CollectionAssert.AreEqual(a, Torch.RandomBernoulli(shape, DType.Float32, 0.7, 2.5, 11, Device.Cpu).ToArray<float>(), "same seed, same mask");
        Assert.IsTrue(a.All(v => v == 0 || v == 2.5f));
        Assert.AreEqual(0.7, a.Count(v => v != 0) / 20000.0, 0.015);
    }

    [TestMethod]
    public void CudaIsRefusedWithReasonInCpuBuild()
    {
        if (TorchBackend.CudaRuntimeReferenced) Assert.Inconclusive("This build references the CUDA runtime.");
        Assert.IsTrue(Torch.SupportsDevice(Device.Cpu, out _));
        Assert.IsFalse(Torch.SupportsDevice(Device.Cuda(0), out var reason));
        StringAssert.Contains(reason, "KerasSharpTorchCuda");
        var e = Assert.ThrowsExactly<NotSupportedException>(() => Torch.Full(new Shape(2), DType.Float32, 1, Device.Cuda(0)));
        StringAssert.Contains(e.Message, "cuda:0");
    }

    [TestMethod]
    public void GatherOutOfRangeThrowsIndexOutOfRange()
    {
        Backend.Set("torch");
        var x = Tensor.FromArray(new float[] { 1, 2, 3 });
        var e = Assert.ThrowsExactly<IndexOutOfRangeException>(() => Ops.Take(x, Tensor.FromArray(new long[] { 0, 3 })));
        StringAssert.Contains(e.Message, "index 3");
    }

    [TestMethod]
    [DataRow(3L)]
    [DataRow(-1L)]
    public void CrossEntropyLabelOutOfRangeThrowsIndexOutOfRange(long bad)
    {
        Backend.Set("torch");
        var logits = Ops.Zeros([2, 3]);
        var e = Assert.ThrowsExactly<IndexOutOfRangeException>(() => Ops.SparseSoftmaxCrossEntropy(logits, Tensor.FromArray(new long[] { 0, bad })));
        StringAssert.Contains(e.Message, "a label is outside [0, 3)");
    }

    [TestMethod]
    public void ACallersDisposeScopeDoesNotFreeOurTensors()
    {
        // An app that mixes raw TorchSharp code (with its own dispose scopes) and KerasSharp ops.
        Backend.Set("torch");
        Tensor sum;
        using (TorchSharp.torch.NewDisposeScope())
        {
            var a = Tensor.FromArray(new float[] { 1, 2 });
            sum = Ops.Add(a, a);
        }
        CollectionAssert.AreEqual(new float[] { 2, 4 }, sum.ToArray<float>());
        sum.Dispose();
    }

    [TestMethod]
    public void CrossEntropyFusedGradientEqualsTheComposedOneBitForBit()
    {
        Backend.Set("torch");
        var logits = Ops.RandomNormal([9, 7], seed: 3) * 3;
        var labels = Tensor.FromArray(new long[] { 0, 6, 3, 2, 2, 5, 1, 4, 0 });
        var g = Ops.RandomUniform([9], 0.5, 2, seed: 4);
        var fused = ((IFusedLossKernels)Torch).SparseSoftmaxCrossEntropyGrad(logits, labels, g);
        var composed = Ops.Multiply(Ops.Subtract(Ops.Softmax(logits), Ops.OneHot(labels, 7)), Ops.ExpandDims(g, -1));
        CollectionAssert.AreEqual(composed.ToArray<float>(), fused.ToArray<float>());
    }

    [TestMethod]
    public void IntegerFloorDivideByZeroThrows()
    {
        Backend.Set("torch");
        var a = Tensor.FromArray(new int[] { 4, 5 });
        var b = Tensor.FromArray(new int[] { 2, 0 });
        Assert.ThrowsExactly<DivideByZeroException>(() => Ops.FloorDivide(a, b));
    }

    [TestMethod]
    public void MixingBackendsIsNotSilent()
    {
        var n = BackendRegistry.Get("native").FromHost(new float[] { 1, 2 }, new Shape(2), DType.Float32, Device.Cpu);
        var t = Torch.FromHost(new float[] { 1, 2 }, new Shape(2), DType.Float32, Device.Cpu);
        var e = Assert.ThrowsExactly<ArgumentException>(() => Ops.Add(n, t));
        StringAssert.Contains(e.Message, "different backends");
    }

    [TestMethod]
    public void DisposeFreesTorchStorage()
    {
        var t = Torch.FromHost(new float[] { 1, 2 }, new Shape(2), DType.Float32, Device.Cpu);
        var storage = (TorchStorage)t.Storage;
        t.Dispose();
        Assert.ThrowsExactly<ObjectDisposedException>(() => storage.Value);
    }
}
