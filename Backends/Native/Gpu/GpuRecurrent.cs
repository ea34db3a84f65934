using System.Numerics;
using ILGPU;
using KerasSharp.Backends.Native.Gpu.Kernels;

namespace KerasSharp.Backends.Native.Gpu;

/// <summary>
/// The native backend's fused recurrence on GPU storage: outputs, saved buffer and gradients from the caching
/// allocator, the work in <see cref="GpuRecurrence"/>. The saved tensor has the CPU kernel's layout.
/// </summary>
internal static class GpuRecurrent
{
    /// <summary>Whether the call runs here: float32 or float64, every tensor on one GPU, sizes within the kernels' int indices.</summary>
    public static bool CanRun(RecurrenceArgs a)
    {
        if (a.Inputs.DType is not (DType.Float32 or DType.Float64) || !GpuLaunch.OnGpu(a.Inputs)) return false;
        var device = GpuLaunch.Of(a.Inputs).GpuDevice;
        Tensor?[] all = [.. a.Differentiable, a.Mask];
        foreach (var t in all)
            if (t is not null && (t.Storage as GpuStorage)?.GpuDevice != device) return false;
        var s = ShapeOf(a);
        return Math.Max(s.SavedLength, Math.Max(s.ProjectionLength, Math.Max(s.PackedLength, (long)s.B * s.T * s.F))) <= int.MaxValue;
    }

    private static RecurrenceShape ShapeOf(RecurrenceArgs a) =>
        RecurrenceShape.Of(a.Inputs.Shape[0], a.Inputs.Shape[1], a.Inputs.Shape[2], a.RecurrentKernel.Shape[0], a.Options,
                           a.Bias is not null, a.RecurrentBias is not null, a.Mask is not null);

    /// <summary>The packed result and the saved buffer.</summary>
    public static (Tensor Packed, Tensor Saved) Forward(NativeBackend b, RecurrenceArgs a) =>
        Dispatch.Float<(Tensor, Tensor), ForwardFn>(a.Inputs.DType, new(b, a), "Recurrence");

    /// <summary>The gradients in <see cref="RecurrenceArgs.Differentiable"/>'s order; null where not <paramref name="needed"/>.</summary>
    public static Tensor?[] Backward(NativeBackend b, RecurrenceArgs a, Tensor saved, Tensor gradPacked, IReadOnlyList<bool> needed) =>
        Dispatch.Float<Tensor?[], BackwardFn>(a.Inputs.DType, new(b, a, saved, gradPacked, needed), "RecurrenceBackward");

    private static ArrayView<T> View<T>(Tensor? t) where T : unmanaged => t is null ? default : GpuLaunch.Of(t).ViewAs<T>();

    private static Tensor Buffer<T>(NativeBackend b, GpuDevice device, long length) where T : unmanaged =>
        GpuLaunch.New<T>(b, device, new Shape(checked((int)length))).Tensor;

    private readonly record struct ForwardFn(NativeBackend B, RecurrenceArgs A) : IFloatFn<(Tensor, Tensor)>
    {
        public (Tensor, Tensor) Run<T>() where T : unmanaged, IFloatingPointIeee754<T>, IMinMaxValue<T>
        {
            var device = GpuLaunch.DeviceOf("Recurrence", [.. A.Differentiable, .. A.Mask is null ? Array.Empty<Tensor>() : [A.Mask]]);
            var s = ShapeOf(A);
            var packed = GpuLaunch.New<T>(B, device, new Shape(s.B, s.Rows, s.U)).Tensor;
            var saved = Buffer<T>(B, device, s.SavedLength);
            using var projection = Buffer<T>(B, device, s.ProjectionLength);
            using var product = Buffer<T>(B, device, (long)s.B * s.GU);
            GpuRecurrence.Forward(device.Accelerator.DefaultStream, s, View<T>(A.Inputs), View<T>(A.Kernel), View<T>(A.Bias), View<T>(A.RecurrentKernel),
                                  View<T>(A.RecurrentBias), View<T>(A.H0), View<T>(A.C0), View<byte>(A.Mask), View<T>(packed), View<T>(saved),
                                  View<T>(projection), View<T>(product));
            return (packed, saved);
        }
    }

    private readonly record struct BackwardFn(NativeBackend B, RecurrenceArgs A, Tensor Saved, Tensor Grad, IReadOnlyList<bool> Needed) : IFloatFn<Tensor?[]>
    {
        public Tensor?[] Run<T>() where T : unmanaged, IFloatingPointIeee754<T>, IMinMaxValue<T>
        {
            var device = GpuLaunch.DeviceOf("RecurrenceBackward", [.. A.Differentiable, Saved, Grad]);
            var s = ShapeOf(A);
            // Differentiable order: inputs, kernel, bias?, recurrentKernel, recurrentBias?, h0, c0?
            int at = 0;
            var (backend, needed) = (B, Needed);
            Tensor? Want(Tensor? source, bool always = false)
            {
                if (source is null) return null;
                bool wanted = needed[at++];
                return wanted || always ? GpuLaunch.New<T>(backend, device, source.Shape).Tensor : null;
            }
            var dInputs = Want(A.Inputs);
            var dKernel = Want(A.Kernel);
            var dBias = Want(A.Bias);
            var dR = Want(A.RecurrentKernel);
            var dRb = Want(A.RecurrentBias);
            int hAt = at;
            var dh = Want(A.H0, always: true)!;          // the running gradient of the state: always needed
            var dc = Want(A.C0, always: true);
            using (var dx = Buffer<T>(B, device, s.ProjectionLength))
            using (var dzAll = Buffer<T>(B, device, s.ProjectionLength))
            using (var dOut = Buffer<T>(B, device, (long)s.B * s.U))
                GpuRecurrence.Backward(device.Accelerator.DefaultStream, s, View<T>(A.Inputs), View<T>(A.Kernel), View<T>(A.RecurrentKernel),
                                       View<byte>(A.Mask), View<T>(Saved), View<T>(Grad), View<T>(dInputs), View<T>(dKernel), View<T>(dBias),
                                       View<T>(dR), View<T>(dRb), View<T>(dh), View<T>(dc), View<T>(dx), View<T>(dzAll), View<T>(dOut));
            Tensor?[] grads = [dInputs, dKernel, .. A.Bias is null ? Array.Empty<Tensor?>() : [dBias], dR,
                               .. A.RecurrentBias is null ? Array.Empty<Tensor?>() : [dRb], dh, .. A.C0 is null ? Array.Empty<Tensor?>() : [dc]];
            for (int i = hAt; i < grads.Length; i++)
                if (!Needed[i] && grads[i] is { } g) { g.Dispose(); grads[i] = null; }
            return grads;
        }
    }
}
