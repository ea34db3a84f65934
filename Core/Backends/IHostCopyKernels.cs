namespace KerasSharp.Backends;

/// <summary>
/// Optional: a backend that copies host data into storage of its own choosing (a pooled buffer), where
/// <see cref="IBackend.FromHost"/> must keep the fresh array it is handed. <see cref="Tensor.FromArray{T}"/> uses it, so
/// a loop that turns arrays into tensors (a data pipeline's elements) reuses freed buffers instead of allocating each
/// one anew.
/// </summary>
public interface IHostCopyKernels
{
    /// <summary>A tensor of <paramref name="shape"/> holding a copy of <paramref name="data"/> (row-major), on <paramref name="device"/>.</summary>
    Tensor CopyFromHost<T>(ReadOnlySpan<T> data, Shape shape, Device device) where T : unmanaged;
}
