using KerasSharp.Backends;
using KerasSharp.Backends.Torch;
using TorchSharp;

namespace KerasSharp.Benchmarks;

/// <summary>
/// The torch backend as the benchmarks' reference: moving inputs onto it, reaching the libtorch tensor behind
/// a tensor (for raw TorchSharp calls) and giving libtorch the same thread count as the native backend.
/// </summary>
internal static class TorchReference
{
    /// <summary>The column name in printed lines.</summary>
    public const string Name = "torch";

    private static IBackend? _backend;

    /// <summary>The torch backend (loading libtorch on first use).</summary>
    public static IBackend Backend => _backend ??= BackendRegistry.Get(Name);

    /// <summary>A copy of <paramref name="x"/> on the torch backend: same values as the native input.</summary>
    public static Tensor Copy(Tensor x) => x.To(Backend, x.Device);

    /// <summary>The libtorch tensor behind a torch-backend tensor, for raw TorchSharp calls.</summary>
    public static torch.Tensor Raw(Tensor x) => TorchBackend.T(x);

    /// <summary>Sets the native pool's and libtorch's intra-op thread counts to <paramref name="threads"/>.</summary>
    public static void SetThreads(int threads)
    {
        _ = Backend;   // libtorch must be loaded before TorchSharp's static API is touched
        Config.NumThreads = threads;
        torch.set_num_threads(threads);
    }
}
