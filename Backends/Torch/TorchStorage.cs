using TT = TorchSharp.torch.Tensor;

namespace KerasSharp.Backends.Torch;

/// <summary>Storage of the torch backend: one libtorch tensor (possibly a strided view), freed with the storage.</summary>
public sealed class TorchStorage : TensorStorage
{
    private TT? _value;
    private TT? _oihw;
    private readonly TorchBackend _backend;

    internal TorchStorage(TorchBackend backend, TT value, Device device)
    {
        _backend = backend;
        _value = value;
        Device = device;
    }

    /// <summary>The libtorch tensor; throws once the storage was freed.</summary>
    public TT Value => _value ?? throw new ObjectDisposedException(nameof(TorchStorage), "The tensor's torch storage was already freed.");

    /// <inheritdoc/>
    public override IBackend Backend => _backend;

    /// <inheritdoc/>
    public override Device Device { get; }

    /// <summary>
    /// This storage's rank-4 Keras kernel [kh, kw, in, out] as a contiguous [out, in, kh, kw] tensor, made on first use
    /// and kept until the storage is freed: libtorch copies a permuted kernel to a dense layout on every convolution
    /// call, so inference with the same weights pays the copy once. Sound because storages are never written in place
    /// (a variable's assignment replaces its storage).
    /// </summary>
    internal TT OihwKernel()
    {
        if (_oihw is { } made) return made;
        var oihw = Value.permute(3, 2, 0, 1).contiguous();
        oihw.DetachFromDisposeScope();
        var raced = Interlocked.CompareExchange(ref _oihw, oihw, null);
        if (raced is null) return oihw;
        oihw.Dispose();
        return raced;
    }

    /// <inheritdoc/>
    protected override void Free()
    {
        Interlocked.Exchange(ref _value, null)?.Dispose();
        Interlocked.Exchange(ref _oihw, null)?.Dispose();
    }
}
