namespace KerasSharp.Backends.Torch.Tests;

/// <summary>libtorch's live-tensor count once the finalizers of tensors other tests dropped have run.</summary>
internal static class LiveTensors
{
    /// <summary>
    /// The count is process-wide: a tensor an earlier test let go is freed by its finalizer whenever the GC gets to it,
    /// which moved the count in the middle of a measurement. Collecting first makes the two ends comparable.
    /// </summary>
    public static long Count()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return TorchSharp.torch.Tensor.TotalCount;
    }
}
