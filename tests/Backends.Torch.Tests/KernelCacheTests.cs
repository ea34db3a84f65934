namespace KerasSharp.Backends.Torch.Tests;

/// <summary>
/// The torch backend keeps a dense OIHW copy of a convolution kernel with the kernel's storage: it must follow a
/// variable's new value and go when the kernel goes.
/// </summary>
[TestClass]
[DoNotParallelize] // libtorch's live-tensor count is process-wide
public sealed class KernelCacheTests
{
    [TestCleanup]
    public void RestoreBackend() => Backend.Set("native");

    [TestMethod]
    public void AnAssignedKernelIsUsedAtTheNextCall()
    {
        Backend.Set("torch");
        using var x = Ops.RandomUniform([1, 5, 5, 2], -1, 1, seed: 11);
        using var kernel = new Variable(Ops.RandomUniform([3, 3, 2, 4], -1, 1, seed: 12));
        using var before = Ops.Conv2dChannelsLast(x, kernel, padding: "same");
        kernel.Assign(Ops.MultiplyScalar(kernel, -2));
        using var after = Ops.Conv2dChannelsLast(x, kernel, padding: "same");
        var b = before.ToArray<float>();
        var a = after.ToArray<float>();
        for (int i = 0; i < a.Length; i++) Assert.AreEqual(-2 * b[i], a[i], 1e-5 * Math.Max(1, Math.Abs(a[i])), $"element {i}");
    }

    [TestMethod]
    public void TheCopyIsFreedWithTheKernel()
    {
        Backend.Set("torch");
        using var x = Ops.RandomUniform([1, 5, 5, 2], -1, 1, seed: 13);
        Ops.Conv2dChannelsLast(x, Ops.Ones([3, 3, 2, 4]), padding: "same").Dispose(); // libtorch's first-call allocations
        long start = LiveTensors.Count();
        var kernel = Ops.RandomUniform([3, 3, 2, 4], -1, 1, seed: 14);
        for (int i = 0; i < 3; i++) Ops.Conv2dChannelsLast(x, kernel, padding: "same").Dispose();
        kernel.Dispose();
        Assert.AreEqual(start, LiveTensors.Count(), "live libtorch tensors before the kernel was made and after it was freed");
    }
}
