namespace KerasSharp.Backends.Native.Gpu;

/// <summary>
/// The error of a native op given device tensors it has no GPU kernel for (uint8 scatter-add): it names the op and
/// the device, never a silent copy to the host.
/// </summary>
internal static class GpuGuard
{
    /// <summary>The error for <paramref name="op"/> on <paramref name="device"/>.</summary>
    public static NotSupportedException NotOnGpu(string op, Device device) =>
        new($"{op}: the native backend has no GPU kernel for this op yet, and the input is on {device}. " +
            "Move the tensors to the CPU with tensor.To(Device.Cpu) (or the model with model.To(Device.Cpu)) for this op.");
}
