using static KerasSharp.Backends.Native.Tests.TestUtil;

namespace KerasSharp.Backends.Native.Tests;

/// <summary>
/// Issue 4, item 4: a small op outside any tape allocates only its result's wrapper objects (the Tensor and its
/// storage, about 120 bytes): no element buffer (the pool serves it), no closure, no broadcast bookkeeping.
/// </summary>
[TestClass]
public class SmallOpAllocationTests
{
    private static long BytesPerCall(Func<Tensor> op)
    {
        for (int i = 0; i < 10; i++) op().Dispose();
        const int calls = 200;
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < calls; i++) op().Dispose();
        return (GC.GetAllocatedBytesForCurrentThread() - before) / calls;
    }

    [TestMethod]
    public void ElementwiseOpsOn64x128AllocateOnlyWrappers()
    {
        using var a = T(RandomFloats(64 * 128, 1), 64, 128);
        using var b = T(RandomFloats(64 * 128, 2), 64, 128);
        using var bias = T(RandomFloats(128, 3), 128);
        using var w = T(RandomFloats(784 * 128, 4), 784, 128);
        using var x = T(RandomFloats(64 * 784, 5), 64, 784);
        // bounds: wrappers only for elementwise ops; the matmul adds its batch bookkeeping and one parallel-loop closure
        var cases = new (string Name, Func<Tensor> Op, long Bound)[]
        {
            ("add", () => Ops.Add(a, b), 256),
            ("mul", () => Ops.Multiply(a, b), 256),
            ("relu", () => Ops.Relu(a), 256),
            ("add-bias", () => Ops.Add(a, bias), 256),
            ("add-scalar", () => Ops.AddScalar(a, 1), 512),
            ("linear-relu", () => { using var l = Ops.Linear(x, w, bias); return Ops.Relu(l); }, 2048),
        };
        foreach (var (name, op, bound) in cases)
        {
            long bytes = BytesPerCall(op);
            Console.WriteLine($"{name}: {bytes} bytes per call");
            Assert.IsTrue(bytes <= bound, $"{name}: {bytes} bytes per call (bound {bound}): something on the hot path allocates");
        }
    }

    [TestMethod]
    public void FromArrayCopiesIntoPooledStorage()
    {
        // A data pipeline turns one array after another into tensors: with the copy in a pooled buffer, an image-sized
        // tensor (196 KB, a large object) costs its wrappers only, not a fresh array each time.
        var pixels = RandomFloats(128 * 128 * 3, 6);
        long perCall = BytesPerCall(() => Tensor.FromArray(pixels, 128, 128, 3));
        Assert.IsLessThan(1024, perCall, $"{perCall} bytes per FromArray");
        using var t = Tensor.FromArray(pixels, 128, 128, 3);
        pixels[0] += 1;   // the tensor holds a copy
        Assert.AreEqual(pixels[0] - 1, t.ToArray<float>()[0]);
    }
}
