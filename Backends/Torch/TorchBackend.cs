using KerasSharp.Backends;
using KerasSharp.Backends.Torch;
using TorchSharp;
using TT = TorchSharp.torch.Tensor;

[assembly: KerasSharpBackend("torch", typeof(TorchBackend))]

namespace KerasSharp.Backends.Torch;

/// <summary>
/// The torch backend: every primitive runs as a libtorch op through TorchSharp. Core's tape does autodiff,
/// so libtorch tensors never require grad; libtorch's autograd is used only inside the convolution and
/// pooling backward primitives.
/// </summary>
public sealed partial class TorchBackend : IBackend
{
    /// <summary>Loads libtorch (patching its GLIBCXX requirement on older Linux systems where needed).</summary>
    public TorchBackend()
    {
        TorchNativeLoader.EnsureLoaded();
    }

    /// <inheritdoc/>
    public string Name => "torch";

    /// <summary>What start-up did about libLibTorchSharp.so's GLIBCXX_3.4.32 requirement (patched, preloaded a copy, nothing).</summary>
    public static string StartupReport => TorchNativeLoader.Report;

    /// <summary>Whether this build references libtorch's CUDA runtime (<c>-p:KerasSharpTorchCuda=true</c>).</summary>
    public static bool CudaRuntimeReferenced =>
#if KERASSHARP_TORCH_CUDA
        true;
#else
        false;
#endif

    /// <inheritdoc/>
    public bool SupportsDevice(Device device, out string reason)
    {
        reason = "";
        if (device.Type == DeviceType.Cpu) return true;
        if (device.Type != DeviceType.Cuda)
        {
            reason = $"the torch backend places tensors on cpu and cuda:N only, not on {device.Type.Name} devices";
            return false;
        }
        if (!CudaRuntimeReferenced)
        {
            reason = "this build of KerasSharp.Backends.Torch references libtorch's CPU runtime only; " +
                     "rebuild with -p:KerasSharpTorchCuda=true to reference TorchSharp-cuda-linux/-windows";
            return false;
        }
        if (!torch.cuda.is_available())
        {
            reason = "libtorch found no CUDA GPU (no NVIDIA GPU or driver on this machine)";
            return false;
        }
        int count = torch.cuda.device_count();
        if (device.Index >= count)
        {
            reason = $"there is no CUDA device {device.Index}; this machine has {count}";
            return false;
        }
        return true;
    }

    private void CheckDevice(Device device)
    {
        if (!SupportsDevice(device, out var reason))
            throw new NotSupportedException($"Cannot place a tensor on {device}: {reason}.");
    }

    /// <summary>The libtorch tensor behind <paramref name="x"/>.</summary>
    internal static TT T(Tensor x) =>
        x.Storage is TorchStorage s
            ? s.Value
            : throw new InvalidOperationException(
                $"Tensor {x.Shape} {x.DType.Name()} lives on backend '{x.Backend.Name}', not 'torch'; move it explicitly first.");

    /// <summary>
    /// Wraps a libtorch result (taken out of every dispose scope) as a tensor of <paramref name="shape"/>. Ops that make
    /// temporaries open a <c>torch.NewDisposeScope</c> to free them; ops that make only their result skip it (about a
    /// microsecond a call on the hot path).
    /// </summary>
    internal Tensor Wrap(TT value, Device device, Shape shape)
    {
        value.DetachFromDisposeScope(); // owned by the storage alone, never by a caller's dispose scope
        return Tensor.FromStorage(new TorchStorage(this, value, device), shape, TorchDTypes.FromTorch(value.dtype));
    }

    /// <summary>Wraps a result on the device of <paramref name="like"/>, with the shape libtorch reports.</summary>
    internal Tensor Wrap(TT value, Tensor like) => Wrap(value, like.Device, ShapeOf(value));

    internal static Shape ShapeOf(TT t)
    {
        var dims = new int[t.ndim];
        for (int i = 0; i < dims.Length; i++) dims[i] = checked((int)t.shape[i]);
        return new Shape(dims);
    }
}
