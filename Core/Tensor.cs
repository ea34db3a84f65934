using KerasSharp.Backends;

namespace KerasSharp;

/// <summary>
/// An n-dimensional array of one <see cref="DType"/> on one backend and device.
/// Tensors are immutable values (ops return new tensors) and <see cref="IDisposable"/>:
/// disposing frees the memory at once instead of waiting for the garbage collector.
/// </summary>
public partial class Tensor : IDisposable
{
    private static long _nextId;

    private TensorStorage? _storage;

    /// <summary>Wraps backend storage. Backends call this through <see cref="FromStorage"/>.</summary>
    protected Tensor(TensorStorage storage, Shape shape, DType dtype)
    {
        _storage = storage;
        Shape = shape;
        DType = dtype;
        Id = Interlocked.Increment(ref _nextId);
        if (this is not Variable) Scope = TensorScope.Adopt(this);
        Interlocked.Increment(ref _live);
    }

    private static long _live;

    /// <summary>Tensors created and not yet disposed, process-wide: a leak check for training loops.</summary>
    public static long LiveCount => Interlocked.Read(ref _live);

    /// <summary>The open <see cref="TensorScope"/> that will free this tensor, if any.</summary>
    internal TensorScope? Scope { get; set; }

    /// <summary>For backends: makes a tensor over freshly created <paramref name="storage"/>.</summary>
    public static Tensor FromStorage(TensorStorage storage, Shape shape, DType dtype) => new(storage, shape, dtype);

    /// <summary>For backends: a new tensor that shares <paramref name="source"/>'s storage under another shape (a view).</summary>
    public static Tensor ShareStorage(Tensor source, Shape shape)
    {
        var storage = source.Storage;
        storage.AddRef();
        return new Tensor(storage, shape, source.DType);
    }

    /// <summary>
    /// The <see cref="Id"/> of the most recently created tensor: every tensor made later has a larger id (graph
    /// executors use it to tell a run's own results from tensors that existed before).
    /// </summary>
    public static long LastId => Interlocked.Read(ref _nextId);

    /// <summary>A process-unique number; the gradient tape keys tensors by it.</summary>
    public long Id { get; private protected set; }

    /// <summary>The size of each dimension.</summary>
    public Shape Shape { get; private protected set; }

    /// <summary>The element type.</summary>
    public DType DType { get; }

    /// <summary>Number of dimensions.</summary>
    public int Rank => Shape.Rank;

    /// <summary>Total number of elements.</summary>
    public int Size => Shape.Size;

    /// <summary>True once <see cref="Dispose()"/> has run.</summary>
    public bool IsDisposed => _storage is null;

    /// <summary>The backend's storage; throws if the tensor was disposed.</summary>
    public TensorStorage Storage => _storage ?? throw DisposedError();

    /// <summary>The backend this tensor lives on.</summary>
    public IBackend Backend => Storage.Backend;

    /// <summary>The device this tensor lives on.</summary>
    public Device Device => Storage.Device;

    /// <summary>Replaces the storage (used by <see cref="Variable.Assign"/>); the old storage is released.</summary>
    private protected void ReplaceStorage(TensorStorage storage, Shape shape)
    {
        var old = Storage;
        storage.AddRef();
        _storage = storage;
        Shape = shape;
        Version++;
        old.Release();
    }

    /// <summary>Counts in-place assignments, so the tape can tell that a value it recorded has since changed.</summary>
    internal int Version { get; private set; }

    private ObjectDisposedException DisposedError() =>
        new(nameof(Tensor), $"Tensor {Shape} {DType.Name()} was used after Dispose().");

    /// <summary>Frees the tensor's memory; using it afterwards throws <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases the storage.</summary>
    protected virtual void Dispose(bool disposing)
    {
        var s = Interlocked.Exchange(ref _storage, null);
        if (s is null) return;
        Interlocked.Decrement(ref _live);
        s.Release();
    }
}
