using TorchSharp;

namespace KerasSharp.Benchmarks;

/// <summary>
/// One <c>ops</c> case: the call through KerasSharp's Ops (run on either backend's inputs) and, for the
/// per-call-overhead cases, the same computation as raw TorchSharp calls to check the torch column against.
/// </summary>
/// <param name="Label">Op and size, e.g. <c>op=add n=1048576</c>.</param>
/// <param name="Bytes">Least bytes read plus written per call, for a GB/s figure; 0 to report microseconds per call.</param>
/// <param name="Call">The computation through Ops.</param>
/// <param name="Raw">The same computation as raw TorchSharp calls on the torch inputs' libtorch tensors, if checked.</param>
internal sealed record OpsCase(string Label, long Bytes, Func<OpsInputs, Tensor> Call, Func<OpsInputs, torch.Tensor>? Raw = null)
{
    /// <summary>GB/s for memory-bound cases, us for per-call cases.</summary>
    public string Unit => Bytes > 0 ? "GB/s" : "us";

    /// <summary>The printed value for a measured time per call.</summary>
    public double Value(double secondsPerCall) => Bytes > 0 ? Bytes / secondsPerCall / 1e9 : secondsPerCall * 1e6;
}
