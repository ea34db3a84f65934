namespace KerasSharp.Backends.Native.Gpu;

/// <summary>
/// The check at the top of native ops that have no GPU kernel yet: a tensor in device memory fails with the op
/// and the device named, never a silent copy to the host.
/// </summary>
internal static class GpuGuard
{
    /// <summary>Throws when any of <paramref name="xs"/> lives on a GPU (or the emulated GPU).</summary>
    public static void RequireHost(string op, params Tensor?[] xs)
    {
        foreach (var x in xs)
            if (x is not null && GpuLaunch.OnGpu(x)) throw NotOnGpu(op, x.Device);
    }

    /// <summary>The error for <paramref name="op"/> on <paramref name="device"/>.</summary>
    public static NotSupportedException NotOnGpu(string op, Device device) =>
        new($"{op}: the native backend has no GPU kernel for this op yet, and the input is on {device}. " +
            "Move the tensors to the CPU with tensor.To(Device.Cpu) (or the model with model.To(Device.Cpu)) for this op.");
}
