using static KerasSharp.Backends.Native.Tests.TestUtil;

namespace KerasSharp.Backends.Native.Tests;

[TestClass]
public class BufferPoolTests
{
    private static float[] ArrayOf(Tensor t) => ((HostStorage<float>)t.Storage).Data;

    [TestMethod]
    public void DisposedBufferIsReusedBySameSize()
    {
        using var x = T(RandomFloats(777 * 3, 1), 777, 3);
        var first = B.Unary(UnaryOp.Exp, x);
        var array = ArrayOf(first);
        first.Dispose();
        using var second = B.Unary(UnaryOp.Relu, x);
        Assert.AreSame(array, ArrayOf(second), "the freed buffer of the same length was not reused");
        var expected = RandomFloats(777 * 3, 1).Select(v => Math.Max(v, 0f)).ToArray();
        CollectionAssert.AreEqual(expected, Read<float>(second), "a reused buffer must be fully overwritten");
    }

    [TestMethod]
    public void ViewsKeepTheBufferUntilTheLastOneIsDisposed()
    {
        using var x = T(RandomFloats(4096, 2), 64, 64);
        var y = B.Unary(UnaryOp.Neg, x);
        var view = B.Reshape(y, new Shape(4096));
        var array = ArrayOf(y);
        y.Dispose();
        using (var other = B.Unary(UnaryOp.Abs, x))
            Assert.AreNotSame(array, ArrayOf(other), "a buffer still seen through a view went back to the pool");
        Assert.AreEqual(-Read<float>(x)[5], Read<float>(view)[5]);
        view.Dispose();
        using var again = B.Unary(UnaryOp.Abs, x);
        Assert.AreSame(array, ArrayOf(again));
    }

    [TestMethod]
    public void UseAfterDisposeStillThrowsWhenTheBufferWasReused()
    {
        using var x = T(RandomFloats(100, 3), 10, 10);
        var y = B.Unary(UnaryOp.Square, x);
        y.Dispose();
        using var z = B.Unary(UnaryOp.Square, x);
        Assert.ThrowsExactly<ObjectDisposedException>(() => Read<float>(y));
        Assert.ThrowsExactly<ObjectDisposedException>(() => B.Unary(UnaryOp.Neg, y));
    }

    [TestMethod]
    public void CallerArraysNeverEnterThePool()
    {
        var data = RandomFloats(321, 4);
        var x = T(data, 321);
        x.Dispose();
        using var y = B.Full(new Shape(321), DType.Float32, 7, Device.Cpu);
        Assert.AreNotSame(data, ArrayOf(y), "an array handed in through FromHost was recycled");
        Assert.IsTrue(Read<float>(y).All(v => v == 7));
    }

    [TestMethod]
    public void AccumulatingKernelsStartFromZeroOnDirtyBuffers()
    {
        // leave dirty buffers of the sizes the accumulating kernels below ask for
        foreach (int n in new[] { 6, 12, 2 * 3 * 4 * 4 })
            B.Full(new Shape(n), DType.Float32, 123, Device.Cpu).Dispose();
        using var target = T(new float[6], 3, 2);
        using var idx = T(new long[] { 0, 2, 0 }, 3);
        using var upd = T(new float[] { 1, 2, 3, 4, 5, 6 }, 3, 2);
        CollectionAssert.AreEqual(new float[] { 6, 8, 0, 0, 3, 4 }, Read<float>(B.ScatterAdd(target, idx, upd, 0)));
        using var m = T(RandomFloats(2 * 3 * 4 * 4, 5), 2, 3, 4, 4);
        using var s = B.Reduce(ReduceOp.Sum, m, [1], false, new Shape(2, 4, 4));
        var mv = Read<float>(m);
        Assert.AreEqual(mv[0] + mv[16] + mv[32], Read<float>(s)[0], 1e-6f);
    }

    [TestMethod]
    public void RetainedBytesStayUnderTheCap()
    {
        long old = NativeBufferPool.MaxRetainedBytes;
        try
        {
            NativeBufferPool.Clear();
            NativeBufferPool.MaxRetainedBytes = 1 << 20;
            var big = Enumerable.Range(0, 8).Select(_ => B.Full(new Shape(100_000), DType.Float32, 1, Device.Cpu)).ToList();
            foreach (var t in big) t.Dispose();
            Assert.IsTrue(NativeBufferPool.RetainedBytes <= 1 << 20, $"retained {NativeBufferPool.RetainedBytes} bytes");
            NativeBufferPool.Clear();
            Assert.AreEqual(0, NativeBufferPool.RetainedBytes);
        }
        finally { NativeBufferPool.MaxRetainedBytes = old; }
    }

    /// <summary>
    /// Exact-size pooling kept every distinct length until a full collection: a program cycling through many sizes
    /// (one alive at a time) grew the pools up to the fixed cap. Kept plus rented now stays within twice the
    /// high-water mark of rented bytes.
    /// </summary>
    [TestMethod]
    public void KeptAndRentedStayWithinTwiceTheHighWaterMark()
    {
        NativeBufferPool.Clear();
        NativeBufferPool.ResetHighWater();
        long baseline = NativeBufferPool.RentedBytes;
        const int length = 64 * 1024;
        long bytes = length * sizeof(float);
        // enough distinct lengths that keeping them all would pass the limit whatever is rented already
        long count = (baseline + 2 * bytes) / bytes + 8;
        if (count > 2000) Assert.Inconclusive($"{baseline} bytes already rented in this process: too many to outgrow here");
        for (int i = 0; i < count; i++)
            using (var t = B.Full(new Shape(length + i), DType.Float32, 1, Device.Cpu)) { }
        long kept = NativeBufferPool.RetainedBytes, rented = NativeBufferPool.RentedBytes, mark = NativeBufferPool.HighWaterRentedBytes;
        Console.WriteLine($"baseline {baseline}, {count} lengths: kept {kept}, rented {rented}, high water {mark}");
        Assert.IsGreaterThan(0L, kept, "nothing was kept for reuse");
        Assert.IsLessThanOrEqualTo(2 * mark, kept + rented, $"kept {kept} + rented {rented} bytes, high-water mark {mark}");
        NativeBufferPool.Clear();
    }

    [TestMethod]
    public void RentedBytesCountLiveBuffersAndComeBackOnDispose()
    {
        long before = NativeBufferPool.RentedBytes;
        NativeBufferPool.ResetPeak();
        var a = B.Full(new Shape(1000), DType.Float32, 1, Device.Cpu);
        var b = B.Full(new Shape(500), DType.Float64, 1, Device.Cpu);
        Assert.AreEqual(before + 4000 + 4000, NativeBufferPool.RentedBytes);
        a.Dispose();
        b.Dispose();
        Assert.AreEqual(before, NativeBufferPool.RentedBytes);
        Assert.IsGreaterThanOrEqualTo(before + 8000, NativeBufferPool.PeakRentedBytes);
    }
}
