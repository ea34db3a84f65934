using static KerasSharp.Backends.Native.Tests.TestUtil;

namespace KerasSharp.Backends.Native.Tests;

[TestClass]
public class LayoutIndexingTests
{
    private static readonly int[] X23 = [0, 1, 2, 3, 4, 5];

    [TestMethod]
    public void PermuteBroadcastSlice()
    {
        using var x = T(X23, 2, 3);
        CollectionAssert.AreEqual(new[] { 0, 3, 1, 4, 2, 5 }, Read<int>(B.Permute(x, [1, 0], new Shape(3, 2))));
        var x3 = T(Enumerable.Range(0, 24).ToArray(), 2, 3, 4);
        var p = Read<int>(B.Permute(x3, [2, 0, 1], new Shape(4, 2, 3)));
        Assert.AreEqual(13, p[1 * 6 + 1 * 3 + 0]); // out[1,1,0] = x[1,0,1]
        CollectionAssert.AreEqual(new[] { 0, 1, 2, 0, 1, 2 }, Read<int>(B.BroadcastTo(T(new[] { 0, 1, 2 }, 3), new Shape(2, 3))));
        CollectionAssert.AreEqual(new[] { true, true, false, false }, Read<bool>(B.BroadcastTo(T(new[] { true, false }, 2, 1), new Shape(2, 2))));
        // x[:, ::-2] = columns 2, 0
        CollectionAssert.AreEqual(new[] { 2, 0, 5, 3 }, Read<int>(B.Slice(x, [0, 2], [1, -2], new Shape(2, 2))));
        CollectionAssert.AreEqual(new[] { 4, 5 }, Read<int>(B.Slice(x, [1, 1], [1, 1], new Shape(1, 2))));
    }

    [TestMethod]
    public void ReshapeSharesStorage()
    {
        using var x = T(X23, 2, 3);
        using var r = B.Reshape(x, new Shape(3, 2));
        Assert.AreSame(x.Storage, r.Storage);
        CollectionAssert.AreEqual(X23, Read<int>(r));
    }

    [TestMethod]
    public void ConcatAndPad()
    {
        using var a = T(X23, 2, 3);
        using var b = T(new[] { 9, 9 }, 2, 1);
        CollectionAssert.AreEqual(new[] { 0, 1, 2, 9, 3, 4, 5, 9 }, Read<int>(B.Concat([a, b], 1, new Shape(2, 4))));
        CollectionAssert.AreEqual(new[] { 0, 1, 2, 3, 4, 5, 0, 1, 2, 3, 4, 5 }, Read<int>(B.Concat([a, a], 0, new Shape(4, 3))));
        var p = Read<float>(B.Pad(T(new[] { 1f, 2f }, 1, 2), [1, 0, 0, 2], -1, new Shape(2, 4)));
        CollectionAssert.AreEqual(new[] { -1f, -1, -1, -1, 1, 2, -1, -1 }, p);
    }

    [TestMethod]
    public void GatherWithNegativeAndOutOfRangeIndices()
    {
        using var x = T(X23, 2, 3);
        CollectionAssert.AreEqual(new[] { 2, 0, 2, 5, 3, 5 }, Read<int>(B.Gather(x, T(new long[] { -1, 0, 2 }, 3), 1, new Shape(2, 3))));
        CollectionAssert.AreEqual(new[] { 3, 4, 5, 3, 4, 5 }, Read<int>(B.Gather(x, T(new[] { 1, -1 }, 2, 1), 0, new Shape(2, 1, 3))));
        var ex = Assert.ThrowsExactly<IndexOutOfRangeException>(() => B.Gather(x, T(new long[] { 3 }, 1), 1, new Shape(2, 1)));
        StringAssert.Contains(ex.Message, "index 3");
        StringAssert.Contains(ex.Message, "axis 1");
        StringAssert.Contains(ex.Message, "size 3");
    }

    [TestMethod]
    public void ScatterAddAccumulatesRepeatedIndices()
    {
        using var target = T(new float[6], 3, 2);
        using var idx = T(new long[] { 0, 2, 0, -1 }, 4);
        using var upd = T(new float[] { 1, 2, 3, 4, 5, 6, 7, 8 }, 4, 2);
        CollectionAssert.AreEqual(new float[] { 6, 8, 0, 0, 10, 12 }, Read<float>(B.ScatterAdd(target, idx, upd, 0)));
        Assert.ThrowsExactly<IndexOutOfRangeException>(() => B.ScatterAdd(target, T(new long[] { -4 }, 1), T(new float[] { 1, 1 }, 1, 2), 0));
    }

    [TestMethod]
    public void BackendIsRegisteredAndReportsDevices()
    {
        Assert.AreEqual("native", B.Name);
        Assert.IsTrue(B.SupportsDevice(Device.Cpu, out _));
        Assert.IsFalse(B.SupportsDevice(Device.Cuda(0), out var reason));
        StringAssert.Contains(reason, "CUDA");
        Assert.IsInstanceOfType<NativeBackend>(BackendRegistry.Get("native"));
    }
}
