using TT = TorchSharp.torch.Tensor;

namespace KerasSharp.Backends.Torch;

/// <summary>Storage of the torch backend: one libtorch tensor (possibly a strided view), freed with the storage.</summary>
public sealed class TorchStorage : TensorStorage
{
    private TT? _value;
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

    /// <inheritdoc/>
    protected override void Free() => Interlocked.Exchange(ref _value, null)?.Dispose();
}
