using static KerasSharp.Backends.Native.Tests.Emulated.EmulatedUtil;

namespace KerasSharp.Backends.Native.Tests.Emulated;

/// <summary>
/// On the GPU an index or label error is a flag the kernel raises; it is checked at the next read back to the host, so a
/// training step does not wait for the kernel, and the error still names the op and the position.
/// </summary>
[TestClass]
public class EmulatedDeferredErrorTests
{
    [TestMethod]
    public void AnIndexOutOfRangeSurfacesAtTheNextReadNamingTheOp()
    {
        var (_, x) = Pair(new float[] { 1, 2, 3 }, 3);
        var (_, indices) = Pair(new long[] { 0, 7, 1 }, 3);
        long reads = Tensor.HostReads;
        var taken = Ops.Take(x, indices);
        Assert.AreEqual(reads, Tensor.HostReads, "the gather did not wait for the device");
        var e = Assert.ThrowsExactly<IndexOutOfRangeException>(() => taken.ToArray<float>());
        StringAssert.Contains(e.Message, "Gather: index at position 1");
        CollectionAssert.AreEqual(new float[] { 1, 0, 2 }, taken.ToArray<float>(), "reported once; the bad position read nothing");
    }

    [TestMethod]
    public void ALabelOutsideTheClassesSurfacesAtTheNextReadNamingTheRow()
    {
        var (_, logits) = Pair(new float[] { 0, 0, 0, 0, 0, 0 }, 2, 3);
        var (_, labels) = Pair(new long[] { 2, 3 }, 2);
        var loss = Ops.SparseSoftmaxCrossEntropy(logits, labels);
        var e = Assert.ThrowsExactly<IndexOutOfRangeException>(() => loss.ToArray<float>());
        StringAssert.Contains(e.Message, "the label of row 1 is outside [0, 3)");
    }
}
