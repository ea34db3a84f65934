namespace KerasSharp.Backends;

/// <summary>
/// A backend's memory for one tensor's elements (host array, device buffer, libtorch tensor).
/// Several tensors may share one storage (reshape views); it is freed when the last one is disposed.
/// </summary>
public abstract class TensorStorage
{
    private int _refCount = 1;

    /// <summary>The backend that owns this storage.</summary>
    public abstract IBackend Backend { get; }

    /// <summary>The device the elements live on.</summary>
    public abstract Device Device { get; }

    /// <summary>Adds a sharing tensor.</summary>
    internal void AddRef() => Interlocked.Increment(ref _refCount);

    /// <summary>Drops a sharing tensor; frees the memory when none is left.</summary>
    internal void Release()
    {
        if (Interlocked.Decrement(ref _refCount) == 0) Free();
    }

    /// <summary>Frees the memory (returns it to a pool, or releases a native handle).</summary>
    protected abstract void Free();
}
